import type { Logger } from '@aws-lambda-powertools/logger';
/**
 * One cost refresh: asks Cost Explorer (in the payer account) only for what the store lacks, as
 * `planCostRefresh` plans it (closed days never fetched, plus the open days Cost Explorer still
 * revises), converts the answers to CostRecords, stores them per day, refreshes the month's forecast
 * and records what the refresh cost. Every page of a GetCostAndUsage answer is a billed request.
 */
import {
  type CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import type { ForecastPeriod } from '../../domain/cost/analytics';
import {
  type CostSeries,
  costSeries,
  type PlannedCostRequest,
  planCostRefresh,
  USD_PER_COST_EXPLORER_REQUEST,
} from '../../domain/cost/ce-planner';
import { type CostRecord, CostRecordSchema } from '../../domain/cost/cost-record';
import { addMonths, utcDay } from '../../domain/cost/dates';
import type { CostRefreshLog, CostStore } from '../../domain/ports';

export interface CostRefreshDependencies {
  /** A client with the payer (management) account's credentials. */
  readonly costExplorer: CostExplorerClient;
  readonly store: CostStore;
  /** Cost allocation tag keys to keep a region × tag series for. */
  readonly tagKeys: readonly string[];
  readonly now: () => Date;
  /** Whole months of history to hold before the current one. @default 3 */
  readonly historyMonths?: number;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

/** Cost Explorer answered something HostMaster cannot read as a cost record. */
export class UnexpectedCostGroupError extends Error {
  override readonly name = 'UnexpectedCostGroupError';
  constructor(seriesId: string, keys: readonly string[], cause?: unknown) {
    super(`Cost Explorer group [${keys.join(', ')}] does not fit series ${seriesId}`, { cause });
  }
}

/** Turns one GetCostAndUsage group of a series into a CostRecord. */
export function toCostRecord(
  series: CostSeries,
  date: string,
  keys: readonly string[],
  metrics: Record<string, { Amount?: string } | undefined>,
): CostRecord {
  const unblendedUsd = Number(metrics.UnblendedCost?.Amount ?? 0);
  const amortizedUsd = Number(metrics.AmortizedCost?.Amount ?? unblendedUsd);
  const [first = '', second = ''] = keys;
  const candidate =
    series.id === 'account-service'
      ? { series: 'account-service', date, accountId: first, service: second, unblendedUsd, amortizedUsd }
      : {
          series: 'region-tag',
          date,
          region: first,
          // Cost Explorer answers `key$value`, and `key$` for spend without the tag.
          tagKey: series.groupBy[1]?.Key ?? '',
          tagValue: second.slice(second.indexOf('$') + 1),
          unblendedUsd,
          amortizedUsd,
        };
  const parsed = CostRecordSchema.safeParse(candidate);
  if (!parsed.success) throw new UnexpectedCostGroupError(series.id, keys, parsed.error);
  return parsed.data;
}

async function fetchRequest(
  client: CostExplorerClient,
  series: CostSeries,
  request: PlannedCostRequest,
): Promise<{ byDay: Map<string, CostRecord[]>; pages: number }> {
  const byDay = new Map<string, CostRecord[]>();
  let token: string | undefined;
  let pages = 0;
  do {
    // GetCostAndUsage has no SDK paginator: NextPageToken is followed here.
    const page: GetCostAndUsageCommandOutput = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { ...request.input.TimePeriod },
        Granularity: request.input.Granularity,
        Metrics: [...request.input.Metrics],
        GroupBy: request.input.GroupBy.map((g) => ({ ...g })),
        ...(token ? { NextPageToken: token } : {}),
      }),
    );
    pages++;
    for (const result of page.ResultsByTime ?? []) {
      const date = result.TimePeriod?.Start;
      if (!date) continue;
      const records = byDay.get(date) ?? [];
      for (const group of result.Groups ?? []) {
        records.push(toCostRecord(series, date, group.Keys ?? [], group.Metrics ?? {}));
      }
      byDay.set(date, records);
    }
    token = page.NextPageToken;
  } while (token);
  return { byDay, pages };
}

/** Runs one refresh; the log is stored (also when it fails part-way) and returned. */
export async function refreshCosts(dependencies: CostRefreshDependencies): Promise<CostRefreshLog> {
  const { store, costExplorer } = dependencies;
  const at = dependencies.now();
  const today = utcDay(at);
  const historyMonths = dependencies.historyMonths ?? 3;
  const series = costSeries(dependencies.tagKeys);
  const historyStart = addMonths(today, -historyMonths);
  const stored: Record<string, ReadonlySet<string>> = {};
  for (const s of series) stored[s.id] = await store.heldClosedDays(s.id, historyStart, today);
  const plan = planCostRefresh({ today, series, stored, historyMonths });

  let costAndUsageRequests = 0;
  let forecastRequests = 0;
  let recordsWritten = 0;
  const log = (error?: string): CostRefreshLog => ({
    at: at.toISOString(),
    today,
    costAndUsageRequests,
    forecastRequests,
    usd: Math.round((costAndUsageRequests + forecastRequests) * USD_PER_COST_EXPLORER_REQUEST * 100) / 100,
    openDays: plan.openDays,
    closedDaysFetched: plan.missingClosedDays,
    recordsWritten,
    seriesIds: series.map((s) => s.id),
    ...(error ? { error } : {}),
  });
  try {
    for (const request of plan.requests) {
      const s = series.find((candidate) => candidate.id === request.seriesId)!;
      const { byDay, pages } = await fetchRequest(costExplorer, s, request);
      costAndUsageRequests += pages;
      await store.putDays(
        s.id,
        request.days.map((date) => ({
          date,
          closed: date < plan.openDays.from,
          records: byDay.get(date) ?? [],
        })),
      );
      recordsWritten += request.days.reduce((n, day) => n + (byDay.get(day)?.length ?? 0), 0);
    }
    forecastRequests++;
    const forecast = await fetchForecast(costExplorer, plan.forecast, dependencies);
    if (forecast) {
      await store.putForecast({ month: today.slice(0, 7), fetchedAt: at.toISOString(), ...forecast });
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await store.putRefresh(log(message));
    throw error;
  }
  const result = log();
  await store.putRefresh(result);
  dependencies.logger?.info('cost refresh completed', { ...result });
  return result;
}

async function fetchForecast(
  client: CostExplorerClient,
  input: ReturnType<typeof planCostRefresh>['forecast'],
  dependencies: CostRefreshDependencies,
): Promise<{ totalUsd: number; periods: ForecastPeriod[] } | undefined> {
  try {
    const output = await client.send(
      new GetCostForecastCommand({
        TimePeriod: { ...input.TimePeriod },
        Granularity: input.Granularity,
        Metric: input.Metric,
        PredictionIntervalLevel: 80,
      }),
    );
    return {
      totalUsd: Number(output.Total?.Amount ?? 0),
      periods: (output.ForecastResultsByTime ?? []).map((p) => ({
        start: p.TimePeriod?.Start ?? input.TimePeriod.Start,
        end: p.TimePeriod?.End ?? input.TimePeriod.End,
        meanUsd: Number(p.MeanValue ?? 0),
        ...(p.PredictionIntervalLowerBound ? { lowerUsd: Number(p.PredictionIntervalLowerBound) } : {}),
        ...(p.PredictionIntervalUpperBound ? { upperUsd: Number(p.PredictionIntervalUpperBound) } : {}),
      })),
    };
  } catch (error) {
    // Cost Explorer cannot forecast without enough history: the projection falls back to the run rate.
    if (error instanceof Error && error.name === 'DataUnavailableException') {
      dependencies.logger?.warn('cost forecast unavailable', { error: error.message });
      return undefined;
    }
    throw error;
  }
}
