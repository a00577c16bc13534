/**
 * Cost analytics over daily cost records: month to date, daily trend, month-end projection,
 * breakdowns, top movers. Pure; amounts are summed in micro-dollars and rounded only by `present*`.
 */
import {
  type AccountServiceCost,
  amountMicros,
  type CostMetric,
  type CostRecord,
  fromMicros,
  type RegionTagCost,
} from './cost-record';
import { addDays, addMonths, dayRange, daysBetween, endOfMonth, startOfMonth } from './dates';

const accountService = (records: readonly CostRecord[]) =>
  records.filter((r): r is AccountServiceCost => r.series === 'account-service');

/** Total per day over the account-service series (the canonical total), micro-dollars. */
export function dailyTotalsMicros(records: readonly CostRecord[], metric: CostMetric): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of accountService(records))
    totals.set(r.date, (totals.get(r.date) ?? 0) + amountMicros(r, metric));
  return totals;
}

function sumDays(totals: ReadonlyMap<string, number>, from: string, to: string): number {
  let sum = 0;
  for (const day of dayRange(from, to)) sum += totals.get(day) ?? 0;
  return sum;
}

export interface DailyPoint {
  readonly date: string;
  readonly usd: number;
}

/** One point per day from `from` to `to`; days without records are zero (Cost Explorer omits them). */
export function dailyTrend(
  records: readonly CostRecord[],
  from: string,
  to: string,
  metric: CostMetric = 'unblended',
) {
  const totals = dailyTotalsMicros(records, metric);
  return dayRange(from, to).map((date): DailyPoint => ({ date, usd: fromMicros(totals.get(date) ?? 0) }));
}

export interface MonthToDate {
  /** Last day included (the newest day with data, usually today or yesterday). */
  readonly through: string;
  readonly days: number;
  readonly monthToDateUsd: number;
  /** The same day numbers of last month (capped at its length). */
  readonly sameDaysLastMonthUsd: number;
  readonly lastMonthTotalUsd: number;
  /** Null when last month's same days cost nothing. */
  readonly changeVsSameDaysPercent: number | null;
}

/** Month to date through `through`, against the same days of last month and last month's total. */
export function monthToDate(
  records: readonly CostRecord[],
  through: string,
  metric: CostMetric = 'unblended',
): MonthToDate {
  const totals = dailyTotalsMicros(records, metric);
  const monthStart = startOfMonth(through);
  const days = daysBetween(monthStart, through) + 1;
  const lastMonthStart = addMonths(through, -1);
  const lastMonthEnd = addDays(monthStart, -1);
  const sameDaysEnd = addDays(
    lastMonthStart,
    Math.min(days, daysBetween(lastMonthStart, lastMonthEnd) + 1) - 1,
  );
  const mtd = sumDays(totals, monthStart, through);
  const sameDays = sumDays(totals, lastMonthStart, sameDaysEnd);
  return {
    through,
    days,
    monthToDateUsd: fromMicros(mtd),
    sameDaysLastMonthUsd: fromMicros(sameDays),
    lastMonthTotalUsd: fromMicros(sumDays(totals, lastMonthStart, lastMonthEnd)),
    changeVsSameDaysPercent: sameDays === 0 ? null : ((mtd - sameDays) / sameDays) * 100,
  };
}

/** One period of a Cost Explorer forecast (GetCostForecast `ForecastResultsByTime`); `end` is exclusive. */
export interface ForecastPeriod {
  readonly start: string;
  readonly end: string;
  readonly meanUsd: number;
  readonly lowerUsd?: number;
  readonly upperUsd?: number;
}

export interface MonthEndProjection {
  readonly month: string;
  readonly actualUsd: number;
  readonly forecastUsd: number;
  readonly projectedUsd: number;
  /** Where the remaining days came from: Cost Explorer's forecast, the trailing run rate, or both. */
  readonly method: 'actual' | 'forecast' | 'run-rate' | 'forecast+run-rate';
  readonly remainingDays: number;
  /** Remaining days the forecast did not cover, projected at the trailing 7-day average. */
  readonly runRateDays: number;
}

/**
 * Month-end projection: actual spend through `through` plus Cost Explorer's forecast for the days
 * after it. A forecast period is spread evenly over its days, and only days after `through` count
 * (actuals win where both exist). Days no period covers (Cost Explorer cannot forecast with too little
 * history) are projected at the trailing 7-day average.
 */
export function projectMonthEnd(
  records: readonly CostRecord[],
  through: string,
  forecast: readonly ForecastPeriod[],
  metric: CostMetric = 'unblended',
): MonthEndProjection {
  const totals = dailyTotalsMicros(records, metric);
  const monthEnd = endOfMonth(through);
  const actual = sumDays(totals, startOfMonth(through), through);
  const remaining = through < monthEnd ? dayRange(addDays(through, 1), monthEnd) : [];
  const perDay = new Map<string, number>();
  for (const period of forecast) {
    const days = dayRange(period.start, addDays(period.end, -1));
    if (days.length === 0) continue;
    for (const day of days) perDay.set(day, (perDay.get(day) ?? 0) + period.meanUsd / days.length);
  }
  const runRate = sumDays(totals, addDays(through, -6), through) / 7;
  let forecastUsd = 0;
  let runRateDays = 0;
  for (const day of remaining) {
    const value = perDay.get(day);
    if (value === undefined) {
      runRateDays++;
      forecastUsd += fromMicros(runRate);
    } else forecastUsd += value;
  }
  const method =
    remaining.length === 0
      ? 'actual'
      : runRateDays === 0
        ? 'forecast'
        : runRateDays === remaining.length
          ? 'run-rate'
          : 'forecast+run-rate';
  return {
    month: through.slice(0, 7),
    actualUsd: fromMicros(actual),
    forecastUsd,
    projectedUsd: fromMicros(actual) + forecastUsd,
    method,
    remainingDays: remaining.length,
    runRateDays,
  };
}

export type BreakdownDimension = 'account' | 'service' | 'region' | 'tag';

export interface Breakdown {
  readonly dimension: BreakdownDimension;
  readonly metric: CostMetric;
  readonly totalMicros: number;
  /** Largest first; micro-dollar parts sum exactly to `totalMicros`. */
  readonly parts: readonly { readonly key: string; readonly micros: number }[];
}

export interface BreakdownOptions {
  readonly from: string;
  readonly to: string;
  /** @default 'unblended' */
  readonly metric?: CostMetric;
  /** For `tag`: which cost allocation tag. Required when records carry more than one tag key. */
  readonly tagKey?: string;
}

/** Spend between `from` and `to` (inclusive) split by one dimension. */
export function breakdown(
  records: readonly CostRecord[],
  dimension: BreakdownDimension,
  options: BreakdownOptions,
) {
  const metric = options.metric ?? 'unblended';
  const inRange = records.filter((r) => r.date >= options.from && r.date <= options.to);
  // Region series exist once per tag key; counting a region's spend from each would multiply it, so
  // a region breakdown reads one tag key's series (the one asked for, or the first one present).
  const regionTagKey =
    options.tagKey ?? inRange.find((x): x is RegionTagCost => x.series === 'region-tag')?.tagKey;
  const keyOf = (r: CostRecord): string | undefined => {
    if (dimension === 'account' || dimension === 'service') {
      if (r.series !== 'account-service') return undefined;
      return dimension === 'account' ? r.accountId : r.service;
    }
    if (r.series !== 'region-tag') return undefined;
    if (dimension === 'region') return r.tagKey === regionTagKey ? r.region : undefined;
    if (options.tagKey !== undefined && r.tagKey !== options.tagKey) return undefined;
    return r.tagValue;
  };
  const byKey = new Map<string, number>();
  let totalMicros = 0;
  for (const r of inRange) {
    const key = keyOf(r);
    if (key === undefined) continue;
    const micros = amountMicros(r, metric);
    byKey.set(key, (byKey.get(key) ?? 0) + micros);
    totalMicros += micros;
  }
  const parts = [...byKey].map(([key, micros]) => ({ key, micros })).sort((a, b) => b.micros - a.micros);
  return { dimension, metric, totalMicros, parts } satisfies Breakdown;
}

export interface PresentedBreakdown {
  readonly dimension: BreakdownDimension;
  readonly totalUsd: number;
  readonly parts: readonly { readonly key: string; readonly usd: number }[];
}

/**
 * Rounds a breakdown to cents for display so that the rounded parts still add up to the rounded total
 * (largest remainder: each part is floored, and the cents left over go to the largest remainders).
 */
export function presentBreakdown(b: Breakdown): PresentedBreakdown {
  const totalCents = Math.round(b.totalMicros / 10_000);
  const floors = b.parts.map((p) => {
    const cents = Math.floor(p.micros / 10_000);
    return { key: p.key, cents, rest: p.micros - cents * 10_000 };
  });
  let leftover = totalCents - floors.reduce((t, p) => t + p.cents, 0);
  const order = floors.map((p, i) => ({ i, rest: p.rest })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (leftover <= 0) break;
    floors[i]!.cents++;
    leftover--;
  }
  return {
    dimension: b.dimension,
    totalUsd: totalCents / 100,
    parts: floors.map((p) => ({ key: p.key, usd: p.cents / 100 })),
  };
}

export interface Mover {
  readonly key: string;
  readonly previousUsd: number;
  readonly currentUsd: number;
  readonly deltaUsd: number;
  /** Null when the previous period cost nothing. */
  readonly deltaPercent: number | null;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** Biggest increases and decreases by service or account between two periods (compare equal lengths). */
export function topMovers(
  records: readonly CostRecord[],
  dimension: 'service' | 'account',
  current: Period,
  previous: Period,
  options: { readonly limit?: number; readonly metric?: CostMetric } = {},
): { readonly increases: readonly Mover[]; readonly decreases: readonly Mover[] } {
  const limit = options.limit ?? 5;
  const now = breakdown(records, dimension, { ...current, metric: options.metric });
  const before = breakdown(records, dimension, { ...previous, metric: options.metric });
  const keys = new Set([...now.parts, ...before.parts].map((p) => p.key));
  const nowByKey = new Map(now.parts.map((p) => [p.key, p.micros]));
  const beforeByKey = new Map(before.parts.map((p) => [p.key, p.micros]));
  const movers = [...keys].map((key): Mover => {
    const cur = nowByKey.get(key) ?? 0;
    const prev = beforeByKey.get(key) ?? 0;
    return {
      key,
      previousUsd: fromMicros(prev),
      currentUsd: fromMicros(cur),
      deltaUsd: fromMicros(cur - prev),
      deltaPercent: prev === 0 ? null : ((cur - prev) / prev) * 100,
    };
  });
  return {
    increases: movers
      .filter((m) => m.deltaUsd > 0)
      .sort((a, b) => b.deltaUsd - a.deltaUsd)
      .slice(0, limit),
    decreases: movers
      .filter((m) => m.deltaUsd < 0)
      .sort((a, b) => a.deltaUsd - b.deltaUsd)
      .slice(0, limit),
  };
}
