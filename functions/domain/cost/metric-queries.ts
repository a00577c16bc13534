/**
 * Plans the CloudWatch GetMetricData calls that feed the utilization rules: which metrics per
 * resource type, the queries (ids `m<n>`, hourly period, 14-day lookback), and how they are batched
 * under both GetMetricData limits. The adapter executes the plan and maps results back by id.
 */
import type { Resource } from '../model';

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** ... and returns at most 100,800 datapoints per call. */
export const MAX_DATAPOINTS_PER_CALL = 100_800;
/** GetMetricData list price: USD per 1,000 metrics requested. */
export const USD_PER_THOUSAND_METRICS = 0.01;

export type MetricStat = 'Average' | 'Sum' | 'Maximum';

export interface MetricSpec {
  readonly namespace: string;
  readonly metric: string;
  /**
   * Gauges (CPU %, connections, flows) are averaged per hour; counters (bytes, requests, ops) are
   * summed per hour so a summary's `sum` is the total over the window, which the idle thresholds
   * (bytes per day, requests over 14 days) are written in.
   */
  readonly stat: MetricStat;
}

/** CloudWatch's shape of one query, field for field (the adapter passes it to the SDK as is). */
export interface MetricDataQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
    };
    readonly Period: number;
    readonly Stat: MetricStat;
  };
  readonly ReturnData: true;
}

/** Which resource and metric a query id answers for; the utilization lookup is keyed by these. */
export interface QueryTarget {
  readonly resourceId: string;
  readonly metric: string;
}

export interface MetricDataCall {
  readonly accountId: string;
  readonly region: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly queries: readonly MetricDataQuery[];
  readonly targets: Readonly<Record<string, QueryTarget>>;
}

export interface MetricQueryPlan {
  readonly calls: readonly MetricDataCall[];
  readonly queries: number;
  /** Queries per call allowed by both limits for this lookback and period. */
  readonly maxQueriesPerCall: number;
  readonly callsPerRefresh: number;
  readonly callsPerDay: number;
  readonly metricsRequestedPerDay: number;
  /** At USD_PER_THOUSAND_METRICS, over an average month (30.42 days). */
  readonly usdPerMonth: number;
}

export interface MetricPlanOptions {
  /** End of the window (exclusive); truncated to the hour so every period is complete. */
  readonly end: Date;
  /** @default 14 */
  readonly lookbackDays?: number;
  /** @default 3600 */
  readonly periodSeconds?: number;
  /** How often the utilization refresh runs. @default 1 */
  readonly refreshesPerDay?: number;
}

const EC2: readonly MetricSpec[] = [
  { namespace: 'AWS/EC2', metric: 'CPUUtilization', stat: 'Average' },
  { namespace: 'AWS/EC2', metric: 'NetworkIn', stat: 'Sum' },
  { namespace: 'AWS/EC2', metric: 'NetworkOut', stat: 'Sum' },
  { namespace: 'AWS/EC2', metric: 'EBSReadOps', stat: 'Sum' },
  { namespace: 'AWS/EC2', metric: 'EBSWriteOps', stat: 'Sum' },
];
const RDS: readonly MetricSpec[] = [
  { namespace: 'AWS/RDS', metric: 'DatabaseConnections', stat: 'Average' },
  { namespace: 'AWS/RDS', metric: 'CPUUtilization', stat: 'Average' },
];
const ALB: readonly MetricSpec[] = [{ namespace: 'AWS/ApplicationELB', metric: 'RequestCount', stat: 'Sum' }];
/** ALB HealthyHostCount is published per target group (dimensions TargetGroup + LoadBalancer). */
const ALB_TARGET_GROUP: MetricSpec = {
  namespace: 'AWS/ApplicationELB',
  metric: 'HealthyHostCount',
  stat: 'Average',
};
const NLB: readonly MetricSpec[] = [
  { namespace: 'AWS/NetworkELB', metric: 'ActiveFlowCount', stat: 'Average' },
  { namespace: 'AWS/NetworkELB', metric: 'ProcessedBytes', stat: 'Sum' },
];
const CLB: readonly MetricSpec[] = [{ namespace: 'AWS/ELB', metric: 'RequestCount', stat: 'Sum' }];
const NAT: readonly MetricSpec[] = [
  { namespace: 'AWS/NATGateway', metric: 'BytesOutToDestination', stat: 'Sum' },
  { namespace: 'AWS/NATGateway', metric: 'BytesInFromSource', stat: 'Sum' },
];
const EBS: readonly MetricSpec[] = [
  { namespace: 'AWS/EBS', metric: 'VolumeReadOps', stat: 'Sum' },
  { namespace: 'AWS/EBS', metric: 'VolumeWriteOps', stat: 'Sum' },
];

/** Metric specs per resource type (load balancers by kind), for documentation and the sandbox. */
export const METRICS_BY_TYPE = {
  'ec2:instance': EC2,
  'rds:db-instance': RDS,
  'elb:load-balancer:application': [...ALB, ALB_TARGET_GROUP],
  'elb:load-balancer:network': NLB,
  'elb:load-balancer:classic': CLB,
  'ec2:nat-gateway': NAT,
  'ec2:volume': EBS,
} as const satisfies Record<string, readonly MetricSpec[]>;

const afterLast = (text: string, separator: string) => text.slice(text.lastIndexOf(separator) + 1);
const afterFirst = (text: string, marker: string) => {
  const at = text.indexOf(marker);
  return at < 0 ? text : text.slice(at + marker.length);
};

interface Wanted {
  readonly target: QueryTarget;
  readonly spec: MetricSpec;
  readonly dimensions: readonly { Name: string; Value: string }[];
}

/** Metrics worth reading for a resource in its current state (a stopped instance publishes none). */
export function metricsFor(resource: Resource, inventory?: (id: string) => Resource | undefined): Wanted[] {
  const wanted = (specs: readonly MetricSpec[], Name: string, Value: string): Wanted[] =>
    specs.map((spec) => ({
      target: { resourceId: resource.id, metric: spec.metric },
      spec,
      dimensions: [{ Name, Value }],
    }));
  switch (resource.type) {
    case 'ec2:instance':
      return resource.state === 'running' ? wanted(EC2, 'InstanceId', afterLast(resource.id, '/')) : [];
    case 'rds:db-instance':
      return resource.state === 'available'
        ? wanted(RDS, 'DBInstanceIdentifier', afterLast(resource.id, ':'))
        : [];
    case 'ec2:nat-gateway':
      return resource.state === 'available' ? wanted(NAT, 'NatGatewayId', afterLast(resource.id, '/')) : [];
    case 'ec2:volume':
      return resource.state === 'in-use' ? wanted(EBS, 'VolumeId', afterLast(resource.id, '/')) : [];
    case 'elb:load-balancer': {
      const lb = afterFirst(resource.id, ':loadbalancer/');
      if (resource.attributes.kind === 'network') return wanted(NLB, 'LoadBalancer', lb);
      if (resource.attributes.kind === 'classic') return wanted(CLB, 'LoadBalancerName', lb);
      if (resource.attributes.kind !== 'application') return [];
      const perTargetGroup = resource.attributes.targetGroupArns
        .filter((arn) => inventory === undefined || inventory(arn) !== undefined)
        .map((arn) => ({
          target: { resourceId: arn, metric: ALB_TARGET_GROUP.metric },
          spec: ALB_TARGET_GROUP,
          dimensions: [
            { Name: 'TargetGroup', Value: afterLast(arn, ':') },
            { Name: 'LoadBalancer', Value: lb },
          ],
        }));
      return [...wanted(ALB, 'LoadBalancer', lb), ...perTargetGroup];
    }
    default:
      return [];
  }
}

/** Queries one call may carry: the lower of the query limit and the datapoint limit. */
export function maxQueriesPerCall(lookbackDays: number, periodSeconds: number): number {
  const datapointsPerQuery = Math.ceil((lookbackDays * 86_400) / periodSeconds);
  return Math.max(
    1,
    Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / datapointsPerQuery)),
  );
}

/**
 * Plans the GetMetricData calls for these resources. Calls never mix (account, region) — each runs
 * with that account's role in that region — and each stays under both per-call limits.
 */
export function planMetricQueries(
  resources: readonly Resource[],
  options: MetricPlanOptions,
): MetricQueryPlan {
  const lookbackDays = options.lookbackDays ?? 14;
  const periodSeconds = options.periodSeconds ?? 3600;
  const refreshesPerDay = options.refreshesPerDay ?? 1;
  const end = new Date(Math.floor(options.end.getTime() / 3_600_000) * 3_600_000);
  const start = new Date(end.getTime() - lookbackDays * 86_400_000);
  const perCall = maxQueriesPerCall(lookbackDays, periodSeconds);
  const byId = new Map(resources.map((r) => [r.id, r]));

  const byScope = new Map<string, { accountId: string; region: string; wanted: Wanted[] }>();
  for (const resource of resources) {
    if (resource.goneAt) continue;
    const wanted = metricsFor(resource, (id) => byId.get(id));
    if (wanted.length === 0) continue;
    const key = `${resource.accountId}|${resource.region}`;
    const scope = byScope.get(key) ?? { accountId: resource.accountId, region: resource.region, wanted: [] };
    scope.wanted.push(...wanted);
    byScope.set(key, scope);
  }

  const calls: MetricDataCall[] = [];
  let queries = 0;
  for (const scope of byScope.values()) {
    for (let offset = 0; offset < scope.wanted.length; offset += perCall) {
      const batch = scope.wanted.slice(offset, offset + perCall);
      const targets: Record<string, QueryTarget> = {};
      const callQueries = batch.map((w, n): MetricDataQuery => {
        const id = `m${n}`;
        targets[id] = w.target;
        return {
          Id: id,
          MetricStat: {
            Metric: { Namespace: w.spec.namespace, MetricName: w.spec.metric, Dimensions: w.dimensions },
            Period: periodSeconds,
            Stat: w.spec.stat,
          },
          ReturnData: true,
        };
      });
      queries += callQueries.length;
      calls.push({
        accountId: scope.accountId,
        region: scope.region,
        startTime: start.toISOString(),
        endTime: end.toISOString(),
        queries: callQueries,
        targets,
      });
    }
  }
  const metricsRequestedPerDay = queries * refreshesPerDay;
  return {
    calls,
    queries,
    maxQueriesPerCall: perCall,
    callsPerRefresh: calls.length,
    callsPerDay: calls.length * refreshesPerDay,
    metricsRequestedPerDay,
    usdPerMonth: (metricsRequestedPerDay * (365 / 12) * USD_PER_THOUSAND_METRICS) / 1000,
  };
}
