/** Cost endpoints: summary, breakdowns, top resources, savings and findings. */
import type { ApiClient } from './client';
import { queryString } from './client';
import type {
  CostBreakdown,
  DailyCost,
  Finding,
  FindingCategory,
  ReportedFinding,
  ResponseBody,
  Savings,
  Severity,
  TopCostResource,
} from './types';

export type { CostBreakdown, DailyCost, Savings, TopCostResource };

/** The cost summary as the pages use it. */
export interface CostSummary {
  /** Last closed day counted in month to date (`YYYY-MM-DD`); absent on the 1st of the month. */
  readonly through?: string;
  /** Month to date over closed days only (the 1st through yesterday). */
  readonly monthToDateUsd: number;
  /** How many closed days month to date counts. */
  readonly closedDays?: number;
  /** Today's spend so far: partial, so left out of month to date and its comparison. */
  readonly todayPartialUsd?: number;
  readonly sameDaysLastMonthUsd?: number;
  readonly lastMonthTotalUsd?: number;
  readonly changeVsSameDaysPercent?: number | null;
  /** Projected total for the month (actual plus forecast). */
  readonly forecastMonthUsd?: number;
  /** How the rest of the month was projected. */
  readonly forecastMethod?: string;
  /** Daily spend, oldest first. */
  readonly daily: readonly DailyCost[];
  /** The forecast part of `forecastMonthUsd`: what the rest of the month should cost. */
  readonly forecastRemainingUsd?: number;
}

export type BreakdownDimension = CostBreakdown['dimension'];

/** The most savings one request lists (the API's page limit). */
export const SAVINGS_LIMIT = 500;

export interface FindingQuery {
  readonly category?: FindingCategory;
  readonly severity?: Severity;
  readonly account?: string;
  /** @default 'open' */
  readonly status?: Finding['status'];
  readonly limit?: number;
  readonly cursor?: string;
}

export async function getCostSummary(api: ApiClient, signal?: AbortSignal): Promise<CostSummary> {
  const body = await api.call<ResponseBody<'getCostSummary'>>('GET', '/cost/summary', { signal });
  return {
    ...(body.through ? { through: body.through } : {}),
    monthToDateUsd: body.monthToDate.usd,
    closedDays: body.monthToDate.days,
    ...(body.today ? { todayPartialUsd: body.today.usd } : {}),
    sameDaysLastMonthUsd: body.monthToDate.sameDaysLastMonthUsd,
    changeVsSameDaysPercent: body.monthToDate.changePercent,
    lastMonthTotalUsd: body.lastMonth.usd,
    forecastMonthUsd: body.forecast.projectedUsd,
    forecastRemainingUsd: body.forecast.remainingUsd,
    forecastMethod: body.forecast.method,
    daily: body.trend,
  };
}

export function getCostBreakdown(
  api: ApiClient,
  query: {
    readonly by: BreakdownDimension;
    readonly from?: string;
    readonly to?: string;
    readonly tagKey?: string;
  },
  signal?: AbortSignal,
): Promise<ResponseBody<'getCostBreakdown'>> {
  return api.call('GET', `/cost/breakdown${queryString({ ...query })}`, { signal });
}

export async function getTopResources(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly TopCostResource[]> {
  const body = await api.call<ResponseBody<'listTopCostResources'>>('GET', '/cost/top-resources', { signal });
  return body.items;
}

export function getSavings(api: ApiClient, signal?: AbortSignal): Promise<ResponseBody<'listSavings'>> {
  return api.call('GET', `/savings${queryString({ limit: SAVINGS_LIMIT })}`, { signal });
}

export function listFindings(
  api: ApiClient,
  query: FindingQuery,
  signal?: AbortSignal,
): Promise<ResponseBody<'listFindings'>> {
  return api.call('GET', `/findings${queryString({ ...query })}`, { signal });
}

/**
 * Every open finding of one resource (any category), over all pages of its account's findings: the
 * API filters by account, not by resource.
 */
export async function findingsOfResource(
  api: ApiClient,
  resourceId: string,
  signal?: AbortSignal,
): Promise<ReportedFinding[]> {
  const accountId = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resourceId)?.[1];
  const found: ReportedFinding[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFindings(
      api,
      { ...(accountId ? { account: accountId } : {}), limit: 500, cursor },
      signal,
    );
    found.push(...page.items.filter((f) => f.resourceId === resourceId));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
