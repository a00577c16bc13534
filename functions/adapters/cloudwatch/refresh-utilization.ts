import type { Logger } from '@aws-lambda-powertools/logger';
/**
 * One utilization refresh: plans the GetMetricData calls for the inventory (`planMetricQueries`,
 * batched under both per-call limits), runs them per (account, region) with that account's role,
 * follows `NextToken`, summarizes each series with the domain's metric math and stores one entry per
 * resource. A scope that fails (AccessDenied, a disabled region) is recorded and the rest completes.
 */
import {
  CloudWatchClient,
  paginateGetMetricData,
  type MetricDataQuery as SdkMetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  type MetricDataCall,
  type MetricDataQuery,
  planMetricQueries,
} from '../../domain/cost/metric-queries';
import { type Datapoint, summarizeMetric } from '../../domain/cost/metric-summary';
import type { Resource } from '../../domain/model';
import type { ResourceUtilization, UtilizationStore } from '../../domain/ports';
import type { MetricSummary } from '../../domain/utilization';
import { mapBounded } from '../../shared/map-bounded';
import { describeError } from '../aws/errors';
import type { ClientFactory } from '../collectors/collector';

export interface UtilizationRefreshDependencies {
  /** The inventory to read metrics for (resources marked gone are skipped by the plan). */
  readonly resources: () => Promise<readonly Resource[]>;
  /** Clients for one (account, region), as the scan pipeline opens them (assumed member role). */
  readonly openScope: (accountId: string, region: string) => Promise<{ readonly clients: ClientFactory }>;
  readonly store: UtilizationStore;
  readonly now: () => Date;
  /** Days of hourly datapoints to read. @default 14 */
  readonly lookbackDays?: number;
  /** Scopes read at once. @default 4 */
  readonly concurrency?: number;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface UtilizationRefreshResult {
  readonly resources: number;
  readonly queries: number;
  /** GetMetricData requests sent (every page counts). */
  readonly getMetricDataCalls: number;
  readonly summaries: number;
  readonly written: number;
  readonly failures: readonly { accountId: string; region: string; code: string; message: string }[];
}

function toSdkQuery(query: MetricDataQuery): SdkMetricDataQuery {
  const { Metric, Period, Stat } = query.MetricStat;
  return {
    Id: query.Id,
    MetricStat: {
      Metric: {
        Namespace: Metric.Namespace,
        MetricName: Metric.MetricName,
        Dimensions: Metric.Dimensions.map((d) => ({ ...d })),
      },
      Period,
      Stat,
    },
    ReturnData: query.ReturnData,
  };
}

/** Runs one planned call (all its pages) and returns its datapoints per query id, and the pages read. */
async function runCall(
  client: CloudWatchClient,
  call: MetricDataCall,
): Promise<{ points: Map<string, Datapoint[]>; pages: number }> {
  const points = new Map<string, Datapoint[]>();
  let pages = 0;
  const paginator = paginateGetMetricData(
    { client },
    {
      MetricDataQueries: call.queries.map(toSdkQuery),
      StartTime: new Date(call.startTime),
      EndTime: new Date(call.endTime),
      ScanBy: 'TimestampAscending',
    },
  );
  for await (const page of paginator) {
    pages++;
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const list = points.get(result.Id) ?? [];
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < timestamps.length; i++) {
        list.push({ timestamp: timestamps[i]!.toISOString(), value: values[i]! });
      }
      points.set(result.Id, list);
    }
  }
  return { points, pages };
}

export async function refreshUtilization(
  dependencies: UtilizationRefreshDependencies,
): Promise<UtilizationRefreshResult> {
  const now = dependencies.now();
  const resources = await dependencies.resources();
  const plan = planMetricQueries(resources, { end: now, lookbackDays: dependencies.lookbackDays });
  const periodSeconds = plan.calls[0]?.queries[0]?.MetricStat.Period ?? 3600;

  const byScope = new Map<string, MetricDataCall[]>();
  for (const call of plan.calls) {
    const key = `${call.accountId}|${call.region}`;
    byScope.set(key, [...(byScope.get(key) ?? []), call]);
  }

  const failures: { accountId: string; region: string; code: string; message: string }[] = [];
  let getMetricDataCalls = 0;
  let summaryCount = 0;
  const entries: ResourceUtilization[] = [];
  await mapBounded([...byScope.values()], dependencies.concurrency ?? 4, async (calls) => {
    const { accountId, region } = calls[0]!;
    try {
      const { clients } = await dependencies.openScope(accountId, region);
      const client = clients.get(CloudWatchClient);
      const perResource = new Map<string, MetricSummary[]>();
      for (const call of calls) {
        const { points, pages } = await runCall(client, call);
        getMetricDataCalls += pages;
        for (const [id, target] of Object.entries(call.targets)) {
          const summary = summarizeMetric(
            target.resourceId,
            target.metric,
            points.get(id) ?? [],
            periodSeconds,
          );
          if (!summary) continue;
          perResource.set(target.resourceId, [...(perResource.get(target.resourceId) ?? []), summary]);
          summaryCount++;
        }
      }
      for (const [resourceId, summaries] of perResource) {
        entries.push({ resourceId, accountId, region, collectedAt: now.toISOString(), summaries });
      }
    } catch (error) {
      const { code, message } = describeError(error);
      failures.push({ accountId, region, code, message });
      dependencies.logger?.warn('utilization scope failed', { accountId, region, code, message });
    }
  });
  const written = entries.length > 0 ? await dependencies.store.putMany(entries) : 0;
  const result: UtilizationRefreshResult = {
    resources: resources.length,
    queries: plan.queries,
    getMetricDataCalls,
    summaries: summaryCount,
    written,
    failures,
  };
  dependencies.logger?.info('utilization refresh completed', { ...result, failures: failures.length });
  return result;
}
