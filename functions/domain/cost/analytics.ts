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

/**
 * Month to date, defined once for the API, the digest and the CLI (issue 10: the dashboard compared
 * today's few billed hours with full days and said −9.6% where the digest said +$20.60).
 *
 * - *Month to date* is the month's **closed** days: the 1st through yesterday. Today is billed only
 *   for the hours elapsed so far, so it is reported apart as `todayPartialUsd` and never compared.
 * - *Same days last month* are the same number of closed days from the 1st of last month (capped at
 *   its length), so the comparison is like for like.
 * - *The forecast* is those closed days plus, for today and every day after, Cost Explorer's
 *   forecast (a period spread evenly over its days) or, where no period covers a day, the average of
 *   the last 7 closed days.
 */
export interface MonthToDate {
  /** The day the summary was made for (UTC). */
  readonly today: string;
  /** `YYYY-MM` of `today`. */
  readonly month: string;
  /** Last closed day counted (yesterday); absent on the 1st, when the month has no closed day yet. */
  readonly closedThrough?: string;
  readonly closedDays: number;
  readonly monthToDateUsd: number;
  /** The first `closedDays` days of last month (capped at its length). */
  readonly sameDaysLastMonthUsd: number;
  /** `monthToDateUsd − sameDaysLastMonthUsd`; the digest and the dashboard both show this sign. */
  readonly changeUsd: number;
  /** Null when last month's same days cost nothing (or there is no closed day yet). */
  readonly changePercent: number | null;
  /** `YYYY-MM` of last month. */
  readonly lastMonth: string;
  readonly lastMonthTotalUsd: number;
  /** What today has cost so far: partial, so not part of month to date. */
  readonly todayPartialUsd: number;
  readonly forecast: MonthEndProjection;
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
  /** The closed days of the month (equal to month to date). */
  readonly actualUsd: number;
  /** Today and the days after it. */
  readonly forecastUsd: number;
  readonly projectedUsd: number;
  /** Cost Explorer's bounds over the same days, where it gave them (run-rate days count at the mean). */
  readonly lowerUsd?: number;
  readonly upperUsd?: number;
  /** Where the remaining days came from: Cost Explorer's forecast, the trailing run rate, or both. */
  readonly method: 'actual' | 'forecast' | 'run-rate' | 'forecast+run-rate';
  /** Today and the days after it. */
  readonly remainingDays: number;
  /** Remaining days no forecast period covered, projected at the trailing 7-day average. */
  readonly runRateDays: number;
}

/** Month to date on `today`'s closed days, against the same closed days of last month, and the forecast. */
export function monthToDate(
  records: readonly CostRecord[],
  today: string,
  forecast: readonly ForecastPeriod[] = [],
  metric: CostMetric = 'unblended',
): MonthToDate {
  const totals = dailyTotalsMicros(records, metric);
  const monthStart = startOfMonth(today);
  const closedDays = daysBetween(monthStart, today);
  const yesterday = addDays(today, -1);
  const lastMonthStart = addMonths(today, -1);
  const lastMonthEnd = addDays(monthStart, -1);
  const sameDays = Math.min(closedDays, daysBetween(lastMonthStart, lastMonthEnd) + 1);
  const mtd = closedDays === 0 ? 0 : sumDays(totals, monthStart, yesterday);
  const same = sameDays === 0 ? 0 : sumDays(totals, lastMonthStart, addDays(lastMonthStart, sameDays - 1));
  return {
    today,
    month: today.slice(0, 7),
    ...(closedDays > 0 ? { closedThrough: yesterday } : {}),
    closedDays,
    monthToDateUsd: fromMicros(mtd),
    sameDaysLastMonthUsd: fromMicros(same),
    changeUsd: fromMicros(mtd - same),
    changePercent: same === 0 || closedDays === 0 ? null : ((mtd - same) / same) * 100,
    lastMonth: lastMonthStart.slice(0, 7),
    lastMonthTotalUsd: fromMicros(sumDays(totals, lastMonthStart, lastMonthEnd)),
    todayPartialUsd: fromMicros(totals.get(today) ?? 0),
    forecast: projectMonthEnd(totals, today, forecast),
  };
}

/** Each forecast period's bound spread evenly over its days (`end` exclusive). */
function perDay(forecast: readonly ForecastPeriod[], bound: 'meanUsd' | 'lowerUsd' | 'upperUsd') {
  const days = new Map<string, number>();
  for (const period of forecast) {
    const covered = dayRange(period.start, addDays(period.end, -1));
    const usd = period[bound] ?? period.meanUsd;
    for (const day of covered) days.set(day, (days.get(day) ?? 0) + usd / covered.length);
  }
  return days;
}

/**
 * Month-end projection on `today`: the month's closed days plus, for today and every day after it,
 * Cost Explorer's forecast or (for a day no period covers: Cost Explorer cannot forecast with too
 * little history) the average of the last 7 closed days.
 */
function projectMonthEnd(
  totals: ReadonlyMap<string, number>,
  today: string,
  forecast: readonly ForecastPeriod[],
): MonthEndProjection {
  const monthStart = startOfMonth(today);
  const yesterday = addDays(today, -1);
  const actual = yesterday < monthStart ? 0 : sumDays(totals, monthStart, yesterday);
  const remaining = dayRange(today, endOfMonth(today));
  const means = perDay(forecast, 'meanUsd');
  const lowers = perDay(forecast, 'lowerUsd');
  const uppers = perDay(forecast, 'upperUsd');
  const runRate = fromMicros(sumDays(totals, addDays(today, -7), yesterday) / 7);
  let forecastUsd = 0;
  let lowerUsd = 0;
  let upperUsd = 0;
  let runRateDays = 0;
  for (const day of remaining) {
    const mean = means.get(day);
    if (mean === undefined) {
      runRateDays++;
      forecastUsd += runRate;
      lowerUsd += runRate;
      upperUsd += runRate;
    } else {
      forecastUsd += mean;
      lowerUsd += lowers.get(day) ?? mean;
      upperUsd += uppers.get(day) ?? mean;
    }
  }
  const method =
    remaining.length === 0
      ? 'actual'
      : runRateDays === 0
        ? 'forecast'
        : runRateDays === remaining.length
          ? 'run-rate'
          : 'forecast+run-rate';
  const actualUsd = fromMicros(actual);
  const bounded = forecast.some((p) => p.lowerUsd !== undefined || p.upperUsd !== undefined);
  return {
    month: today.slice(0, 7),
    actualUsd,
    forecastUsd,
    projectedUsd: actualUsd + forecastUsd,
    ...(bounded ? { lowerUsd: actualUsd + lowerUsd, upperUsd: actualUsd + upperUsd } : {}),
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
