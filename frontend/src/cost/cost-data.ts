/** Data shaping for the cost page: chart days, breakdown rows that add up, savings totals. */
import type { DailyBar } from '../charts/daily-bar';

/** Whole cents, the unit every displayed total is computed in so rows add up to what is shown. */
export const toCents = (usd: number): number => Math.round(usd * 100);
export const fromCents = (cents: number): number => cents / 100;

export interface Part {
  readonly key: string;
  readonly usd: number;
}

export interface BreakdownRow {
  readonly key: string;
  readonly usd: number;
  /** Share of the total, 0..1. */
  readonly share: number;
  /** The row that gathers every part beyond the largest `limit`. */
  readonly other?: { readonly count: number };
}

export interface BreakdownTable {
  readonly totalUsd: number;
  readonly rows: readonly BreakdownRow[];
}

/**
 * Rounds parts to cents so that the rows sum exactly to the rounded total (largest remainder), keeps
 * the `limit` largest and gathers the rest in one "other" row. Parts the API already rounded to
 * cents come through unchanged.
 */
export function breakdownTable(parts: readonly Part[], limit = 8): BreakdownTable {
  const exact = parts.map((p) => p.usd * 100);
  const totalCents = Math.round(exact.reduce((a, b) => a + b, 0));
  const cents = exact.map((value) => Math.floor(value + 1e-6));
  let leftover = totalCents - cents.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - (cents[index] ?? 0) }))
    .sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (leftover <= 0) break;
    cents[index] = (cents[index] ?? 0) + 1;
    leftover--;
  }
  const rounded = parts
    .map((p, index) => ({ key: p.key, cents: cents[index] ?? 0 }))
    .sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key));
  const shown = rounded.length > limit + 1 ? rounded.slice(0, limit) : rounded;
  const rest = rounded.slice(shown.length);
  const share = (c: number) => (totalCents === 0 ? 0 : c / totalCents);
  const rows: BreakdownRow[] = shown.map((r) => ({
    key: r.key,
    usd: fromCents(r.cents),
    share: share(r.cents),
  }));
  if (rest.length > 0) {
    const restCents = rest.reduce((sum, r) => sum + r.cents, 0);
    rows.push({
      key: 'Other',
      usd: fromCents(restCents),
      share: share(restCents),
      other: { count: rest.length },
    });
  }
  return { totalUsd: fromCents(totalCents), rows };
}

/** The sum of displayed amounts, in cents, then dollars: what a reader adding the column gets. */
export function sumUsd(values: readonly number[]): number {
  return fromCents(values.reduce((sum, v) => sum + toCents(v), 0));
}

export interface DailyPoint {
  readonly date: string;
  readonly usd: number;
}

/**
 * Actual days followed by forecast days, without overlap: a forecast day on or before the last actual
 * day is dropped (actual spend wins where both exist).
 */
export function chartDays(actual: readonly DailyPoint[], forecast: readonly DailyPoint[]): DailyBar[] {
  const lastActual =
    actual
      .map((d) => d.date)
      .sort()
      .at(-1) ?? '';
  return [
    ...[...actual].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ date: d.date, usd: d.usd })),
    ...forecast
      .filter((d) => d.date > lastActual)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => ({ date: d.date, usd: d.usd, forecast: true })),
  ];
}

/** The days after `through` up to the end of its month (UTC calendar days, `YYYY-MM-DD`). */
export function remainingDaysOfMonth(through: string): string[] {
  const start = Date.parse(`${through}T00:00:00Z`);
  if (Number.isNaN(start)) return [];
  const day = new Date(start);
  const month = day.getUTCMonth();
  const days: string[] = [];
  for (;;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCMonth() !== month) break;
    days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Spreads a month-end forecast amount evenly over the remaining days, for drawing when the API gives
 * the projected remainder as one figure rather than per day.
 */
export function spreadForecast(through: string, remainingUsd: number): DailyPoint[] {
  const days = remainingDaysOfMonth(through);
  if (days.length === 0 || !(remainingUsd > 0)) return [];
  return days.map((date) => ({ date, usd: remainingUsd / days.length }));
}

/** Change from `previous` to `current` in percent; null when there is nothing to compare with. */
export function percentChange(current: number, previous: number): number | null {
  return previous === 0 ? null : ((current - previous) / previous) * 100;
}
