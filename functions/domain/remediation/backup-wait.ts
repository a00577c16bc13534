/**
 * How often the workflow checks a pending backup. Step Functions waits between single checks; the
 * wait grows with the time already waited (a quarter of it, between the bounds), so a snapshot that
 * completes in a minute is seen within 30 s, and a day-long wait takes about 160 checks: some 1,450
 * events in the item's child execution, well under Step Functions' 25,000-event history limit
 * (a fixed 30 s would need 2,880 checks, about 26,000 events, past it).
 */

/** Bounds of the wait between two checks of a pending backup, in seconds. */
export const BACKUP_POLL = { minSeconds: 30, maxSeconds: 600 } as const;

/** Seconds to wait before the next check, never much past the deadline (`remainingSeconds`). */
export function backupPollSeconds(elapsedSeconds: number, remainingSeconds: number): number {
  const grown = Math.min(BACKUP_POLL.maxSeconds, Math.max(BACKUP_POLL.minSeconds, elapsedSeconds / 4));
  return Math.max(1, Math.ceil(Math.min(grown, remainingSeconds)));
}

/** `24 h`, `90 min`, `5 s`: a bound as a person reads it. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
