/** Reporting periods for cost breakdowns, as inclusive UTC day ranges. */

export type PeriodName = 'month' | 'last-month' | '30d' | '90d';

export const PERIODS: readonly (readonly [PeriodName, string])[] = [
  ['month', 'This month'],
  ['last-month', 'Last month'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
];

const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** `from` and `to` (inclusive, `YYYY-MM-DD`) of a period ending `now`. */
export function periodRange(period: PeriodName, now: Date): { readonly from: string; readonly to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case 'month':
      return { from: day(utc(y, m, 1)), to: day(now) };
    case 'last-month':
      return { from: day(utc(y, m - 1, 1)), to: day(utc(y, m, 0)) };
    case '30d':
      return { from: day(utc(y, m, d - 29)), to: day(now) };
    case '90d':
      return { from: day(utc(y, m, d - 89)), to: day(now) };
  }
}
