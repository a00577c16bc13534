/** Cost endpoints: summary, breakdowns, top resources, savings and findings. */
import type { ApiClient } from './client';
import { queryString } from './client';
import type { Finding, FindingCategory, Page, Severity } from './types';

export interface DailyCost {
  readonly date: string;
  readonly usd: number;
}

/** `GET /cost/summary` as the API sends it. */
interface CostSummaryBody {
  /** Last closed day counted; null on the 1st of the month. */
  readonly through: string | null;
  readonly monthToDate: {
    readonly usd: number;
    /** Closed days counted. */
    readonly days: number;
    readonly sameDaysLastMonthUsd: number;
    readonly changePercent: number | null;
  };
  /** Today so far: billed for the hours elapsed only, so not part of month to date. */
  readonly today?: { readonly date: string; readonly usd: number };
  readonly lastMonth: { readonly month: string; readonly usd: number };
  readonly forecast: {
    readonly month: string;
    readonly projectedUsd: number;
    readonly actualUsd: number;
    readonly remainingUsd: number;
    readonly method: string;
    readonly lowerUsd?: number;
    readonly upperUsd?: number;
  };
  readonly trend: readonly DailyCost[];
}

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

export type BreakdownDimension = 'account' | 'service' | 'region' | 'tag';

/** `GET /cost/breakdown`: parts rounded to cents that add up to the total. */
export interface CostBreakdown {
  readonly dimension: BreakdownDimension;
  readonly from?: string;
  readonly to?: string;
  readonly totalUsd: number;
  readonly parts: readonly { readonly key: string; readonly usd: number }[];
}

/** One resource among the most expensive (`GET /cost/top-resources`). */
export interface TopResource {
  readonly resourceId: string;
  readonly name?: string;
  readonly type?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly monthlyUsd: number;
  /** How the figure was reached: billed cost or an estimate from the price list. */
  readonly basis?: string;
}

/** `GET /savings`: open cost findings, largest saving first, with totals over all of them. */
export interface Savings {
  readonly totals: {
    readonly count: number;
    readonly monthlyUsd: number;
    readonly annualUsd: number;
    readonly byRule: readonly {
      readonly ruleId: string;
      readonly count: number;
      readonly monthlyUsd: number;
    }[];
  };
  readonly items: readonly Finding[];
}

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
  const body = await api.call<CostSummaryBody>('GET', '/cost/summary', { signal });
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
): Promise<CostBreakdown> {
  return api.call('GET', `/cost/breakdown${queryString({ ...query })}`, { signal });
}

export async function getTopResources(api: ApiClient, signal?: AbortSignal): Promise<readonly TopResource[]> {
  const body = await api.call<{ readonly items: readonly TopResource[] }>('GET', '/cost/top-resources', {
    signal,
  });
  return body.items;
}

export function getSavings(api: ApiClient, signal?: AbortSignal): Promise<Savings> {
  return api.call('GET', `/savings${queryString({ limit: SAVINGS_LIMIT })}`, { signal });
}

export function listFindings(
  api: ApiClient,
  query: FindingQuery,
  signal?: AbortSignal,
): Promise<Page<Finding> & { readonly total: number }> {
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
): Promise<Finding[]> {
  const accountId = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resourceId)?.[1];
  const found: Finding[] = [];
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
