const DAY_MS = 86_400_000;

/** Whole days from `iso` to `now` (0 for a future date). */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));
}
