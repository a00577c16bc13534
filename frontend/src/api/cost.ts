/** Cost endpoints: summary, breakdowns, top resources, savings and findings. */
import type { ApiClient } from './client';
import { queryString } from './client';
import type { Finding, FindingCategory, Page, Severity } from './types';

export interface DailyCost {
  readonly date: string;
  readonly usd: number;
}

/** `GET /cost/summary`. */
export interface CostSummary {
  /** Newest day with cost data (`YYYY-MM-DD`); absent when no cost data exists yet. */
  readonly through?: string;
  readonly monthToDateUsd: number;
  readonly sameDaysLastMonthUsd?: number;
  readonly lastMonthTotalUsd?: number;
  readonly changeVsSameDaysPercent?: number | null;
  /** Projected total for the month (actual plus forecast). */
  readonly forecastMonthUsd?: number;
  /** How the rest of the month was projected. */
  readonly forecastMethod?: string;
  /** Daily spend, oldest first. */
  readonly daily: readonly DailyCost[];
  /** Forecast per remaining day of the month, when the API gives it per day. */
  readonly forecastDaily?: readonly DailyCost[];
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
  readonly resourceName?: string;
  readonly resourceType?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly monthlyUsd: number;
  /** How the figure was reached: billed cost or an estimate from the price list. */
  readonly basis?: string;
}

/** `GET /savings`: open cost findings, largest saving first. */
export interface Savings {
  readonly totalMonthlySavingsUsd: number;
  readonly count: number;
  readonly items: readonly Finding[];
}

export interface FindingQuery {
  readonly category?: FindingCategory;
  readonly severity?: Severity;
  readonly account?: string;
  readonly status?: Finding['status'];
  readonly resourceId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export function getCostSummary(api: ApiClient, signal?: AbortSignal): Promise<CostSummary> {
  return api.call('GET', '/cost/summary', { signal });
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
  return api.call('GET', '/savings', { signal });
}

export function listFindings(
  api: ApiClient,
  query: FindingQuery,
  signal?: AbortSignal,
): Promise<Page<Finding>> {
  return api.call('GET', `/findings${queryString({ ...query })}`, { signal });
}

/** Every unresolved finding of one resource (any category), over all pages of its account's findings. */
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
      { resourceId, ...(accountId ? { account: accountId } : {}), cursor },
      signal,
    );
    found.push(...page.items.filter((f) => f.resourceId === resourceId));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
