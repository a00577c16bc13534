/** UTC calendar-day arithmetic on ISO dates (`YYYY-MM-DD`), the unit Cost Explorer bills and reports in. */

const MS_PER_DAY = 86_400_000;

function parseDay(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${day}`);
  return ms;
}

export function addDays(day: string, days: number): string {
  return new Date(parseDay(day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / MS_PER_DAY);
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** First day of the month `months` after the month of `day` (negative goes back). */
export function addMonths(day: string, months: number): string {
  const d = new Date(parseDay(startOfMonth(day)));
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function endOfMonth(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The earliest of some ISO dates (they sort as strings). */
export function earliestDay(first: string, ...rest: string[]): string {
  return [first, ...rest].sort()[0]!;
}
