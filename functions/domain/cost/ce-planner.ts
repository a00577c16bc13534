/**
 * Plans Cost Explorer calls. GetCostAndUsage costs $0.01 a request and groups by at most two
 * dimensions, so spend is kept as a few request series (see `costSeries`) and each refresh asks only
 * for what it lacks: closed days never fetched, plus the open days Cost Explorer still revises (the
 * current month to date and the last `revisionDays` days, which may reach into last month).
 */
import { addDays, addMonths, dayRange, earliestDay, startOfMonth } from './dates';

/** GetCostAndUsage list price, USD per request (every page is a request). */
export const USD_PER_COST_EXPLORER_REQUEST = 0.01;

export interface CostGroupBy {
  readonly Type: 'DIMENSION' | 'TAG';
  readonly Key: string;
}

export interface CostSeries {
  /** Stable id the cost store keys fetched days by: `account-service`, `region-tag:<tag key>`. */
  readonly id: string;
  /** At most two: Cost Explorer's limit. */
  readonly groupBy: readonly [CostGroupBy] | readonly [CostGroupBy, CostGroupBy];
}

/** The account × service series, plus one region × tag series per cost allocation tag key. */
export function costSeries(tagKeys: readonly string[]): CostSeries[] {
  return [
    {
      id: 'account-service',
      groupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    },
    ...tagKeys.map(
      (key): CostSeries => ({
        id: `region-tag:${key}`,
        groupBy: [
          { Type: 'DIMENSION', Key: 'REGION' },
          { Type: 'TAG', Key: key },
        ],
      }),
    ),
  ];
}

/** GetCostAndUsage input, field for field; `End` is exclusive. */
export interface GetCostAndUsageInput {
  readonly TimePeriod: { readonly Start: string; readonly End: string };
  readonly Granularity: 'DAILY';
  readonly Metrics: readonly ['UnblendedCost', 'AmortizedCost'];
  readonly GroupBy: readonly CostGroupBy[];
}

export interface PlannedCostRequest {
  readonly seriesId: string;
  readonly input: GetCostAndUsageInput;
  /** Days the response covers; the store records them as held for the series. */
  readonly days: readonly string[];
  /** Whether the range includes open days (which the next refresh fetches again). */
  readonly includesOpenDays: boolean;
}

/** GetCostForecast input for the rest of the month (Start today, End the first of next month). */
export interface GetCostForecastInput {
  readonly TimePeriod: { readonly Start: string; readonly End: string };
  readonly Granularity: 'DAILY';
  readonly Metric: 'UNBLENDED_COST';
}

export interface CostRefreshPlan {
  readonly requests: readonly PlannedCostRequest[];
  readonly forecast: GetCostForecastInput;
  /** The open days re-fetched on every refresh. */
  readonly openDays: { readonly from: string; readonly to: string };
  /** Closed days fetched because the store lacks them. */
  readonly missingClosedDays: number;
}

export interface CostPlanInput {
  /** Today's UTC date; its partial cost is fetched as an open day. */
  readonly today: string;
  readonly series: readonly CostSeries[];
  /** Closed days already stored, per series id. */
  readonly stored: Readonly<Record<string, ReadonlySet<string> | undefined>>;
  /** Whole months of history to hold before the current one. @default 3 */
  readonly historyMonths?: number;
  /** Days before today Cost Explorer may still revise, even across a month boundary. @default 2 */
  readonly revisionDays?: number;
}

/**
 * Plans one refresh: per series, one request per contiguous run of days to fetch. Runs never span a
 * stored closed day, so closed days held are never fetched again; the open window is always fetched.
 */
export function planCostRefresh(input: CostPlanInput): CostRefreshPlan {
  const revisionDays = input.revisionDays ?? 2;
  const historyStart = addMonths(input.today, -(input.historyMonths ?? 3));
  const monthStart = startOfMonth(input.today);
  const revisionStart = addDays(input.today, -revisionDays);
  const openFrom = earliestDay(revisionStart, monthStart);
  const closed = openFrom > historyStart ? dayRange(historyStart, addDays(openFrom, -1)) : [];
  const open = dayRange(openFrom, input.today);

  const requests: PlannedCostRequest[] = [];
  let missingClosedDays = 0;
  for (const series of input.series) {
    const held = input.stored[series.id];
    const missing = closed.filter((day) => !held?.has(day));
    missingClosedDays += missing.length;
    for (const run of contiguousRuns([...missing, ...open])) {
      requests.push({
        seriesId: series.id,
        input: {
          TimePeriod: { Start: run[0]!, End: addDays(run[run.length - 1]!, 1) },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost', 'AmortizedCost'],
          GroupBy: series.groupBy,
        },
        days: run,
        includesOpenDays: run[run.length - 1]! >= openFrom,
      });
    }
  }
  return {
    requests,
    forecast: {
      TimePeriod: { Start: input.today, End: addMonths(input.today, 1) },
      Granularity: 'DAILY',
      Metric: 'UNBLENDED_COST',
    },
    openDays: { from: openFrom, to: input.today },
    missingClosedDays,
  };
}

/** Splits sorted, distinct days into runs of consecutive days. */
function contiguousRuns(days: readonly string[]): string[][] {
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run && addDays(run[run.length - 1]!, 1) === day) run.push(day);
    else runs.push([day]);
  }
  return runs;
}

export interface CostExplorerBudgetInput {
  readonly seriesCount: number;
  /** @default 3 (e.g. 06:00, 12:00, 18:00 UTC) */
  readonly refreshesPerDay?: number;
  /** GetCostForecast calls per refresh. @default 1 */
  readonly forecastsPerRefresh?: number;
  /** Pages a grouped response spans (each page is billed); 1 for a few thousand groups a day. @default 1 */
  readonly pagesPerRequest?: number;
}

export interface CostExplorerBudget {
  readonly requestsPerRefresh: number;
  readonly requestsPerDay: number;
  readonly usdPerDay: number;
  readonly usdPerMonth: number;
}

/**
 * Steady-state Cost Explorer spend: once history is held, a refresh asks one open-window request per
 * series (the open window is contiguous) plus the forecast.
 */
export function costExplorerBudget(input: CostExplorerBudgetInput): CostExplorerBudget {
  const refreshes = input.refreshesPerDay ?? 3;
  const requestsPerRefresh =
    input.seriesCount * (input.pagesPerRequest ?? 1) + (input.forecastsPerRefresh ?? 1);
  const requestsPerDay = requestsPerRefresh * refreshes;
  const usdPerDay = requestsPerDay * USD_PER_COST_EXPLORER_REQUEST;
  return { requestsPerRefresh, requestsPerDay, usdPerDay, usdPerMonth: usdPerDay * (365 / 12) };
}
