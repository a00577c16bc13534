/**
 * Amazon CloudWatch (awsJson1_0, `GraniteServiceVersion20100801`, signing name `monitoring`):
 * GetMetricData over series synthesized by `../usage.ts` for the calling account's resources in the
 * request's region.
 *
 * - Up to 500 `MetricDataQueries` a call (`MetricStat` queries; expressions are not simulated), ids
 *   `^[a-z][a-zA-Z0-9_]*$` and unique.
 * - At most `MaxDatapoints` (default and maximum 100,800) datapoints a call; the rest follows with
 *   `NextToken`, and a series cut by the limit is `PartialData`.
 * - Timestamps are epoch seconds; `ScanBy` `TimestampDescending` (the default) or `TimestampAscending`.
 * - A resource has datapoints only while it runs (from its launch or creation, and only in a state
 *   that publishes metrics); an unknown dimension value gives an empty, `Complete` series.
 */
import { jsonResult, type SandboxContext, SandboxError, type SandboxService } from '../service';
import { metricValue, type SeriesSubject, type UsageProfile } from '../usage';

export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]*$/;
const STATS = new Set(['Average', 'Sum', 'Maximum', 'Minimum', 'SampleCount']);

const invalid = (message: string) => new SandboxError(400, 'InvalidParameterValueException', message);

interface Query {
  readonly id: string;
  readonly label: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly period: number;
  readonly stat: string;
  readonly returnData: boolean;
}

function parseQueries(raw: unknown): Query[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalid('MetricDataQueries must not be empty');
  if (raw.length > MAX_QUERIES) {
    throw invalid(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  }
  const ids = new Set<string>();
  return raw.map((q: Record<string, unknown>, n) => {
    const id = q.Id;
    if (typeof id !== 'string' || !ID.test(id)) {
      throw invalid(
        `The value ${String(id)} for parameter MetricDataQueries.member.${n + 1}.Id is not valid.`,
      );
    }
    if (ids.has(id)) throw invalid(`The values for parameter id in MetricDataQueries are not unique.`);
    ids.add(id);
    const stat = q.MetricStat as
      | {
          Metric?: {
            Namespace?: string;
            MetricName?: string;
            Dimensions?: { Name: string; Value: string }[];
          };
          Period?: number;
          Stat?: string;
        }
      | undefined;
    if (
      !stat?.Metric?.Namespace ||
      !stat.Metric.MetricName ||
      typeof stat.Period !== 'number' ||
      !stat.Stat
    ) {
      throw invalid(`MetricDataQueries.member.${n + 1}: the sandbox simulates MetricStat queries only.`);
    }
    if (stat.Period < 60 || stat.Period % 60 !== 0) {
      throw invalid(
        `The parameter MetricDataQueries.member.${n + 1}.MetricStat.Period must be a multiple of 60.`,
      );
    }
    if (!STATS.has(stat.Stat)) throw invalid(`The statistic ${stat.Stat} is not simulated.`);
    return {
      id,
      label: typeof q.Label === 'string' ? q.Label : stat.Metric.MetricName,
      namespace: stat.Metric.Namespace,
      metric: stat.Metric.MetricName,
      dimensions: Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
      period: stat.Period,
      stat: stat.Stat,
      returnData: q.ReturnData !== false,
    };
  });
}

function epochSeconds(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  throw invalid(`The parameter ${name} is required.`);
}

/** The resource a query's dimensions name, as a series subject, with when it started publishing. */
function subjectOf(
  query: Query,
  context: SandboxContext,
  region: string,
): { subject: SeriesSubject; since: number } | undefined {
  const d = query.dimensions;
  const key = (id: string) => `${context.account.id}|${region}|${id}`;
  const levels = context.costs?.usageLevels ?? {};
  const make = (
    id: string,
    usage: UsageProfile | undefined,
    since: string | undefined,
    extra: Partial<SeriesSubject> = {},
  ) => ({
    subject: { key: key(id), profile: usage ?? 'steady', level: levels[id], ...extra },
    since: since ? Date.parse(since) : 0,
  });
  switch (query.namespace) {
    case 'AWS/EC2': {
      const instance = d.InstanceId ? context.find('ec2:instance', d.InstanceId) : undefined;
      if (instance?.state !== 'running') return undefined;
      return make(instance.id, instance.usage, instance.attributes.launchTime);
    }
    case 'AWS/RDS': {
      const db = d.DBInstanceIdentifier ? context.find('rds:db-instance', d.DBInstanceIdentifier) : undefined;
      if (db?.state !== 'available') return undefined;
      return make(db.id, db.usage, db.attributes.createTime);
    }
    case 'AWS/NATGateway': {
      const nat = d.NatGatewayId ? context.find('ec2:nat-gateway', d.NatGatewayId) : undefined;
      if (nat?.state !== 'available') return undefined;
      return make(nat.id, nat.usage, nat.attributes.createTime);
    }
    case 'AWS/EBS': {
      const volume = d.VolumeId ? context.find('ec2:volume', d.VolumeId) : undefined;
      if (volume?.state !== 'in-use') return undefined;
      // A volume is as busy as the instance it is attached to.
      const owner = volume.attributes.attachments[0]?.instanceId;
      const instance = owner ? context.find('ec2:instance', owner) : undefined;
      return make(volume.id, volume.usage ?? instance?.usage, volume.attributes.createTime);
    }
    case 'AWS/ApplicationELB':
    case 'AWS/NetworkELB':
    case 'AWS/ELB': {
      const name = d.LoadBalancer ?? d.LoadBalancerName;
      const lb = name ? context.find('elb:load-balancer', name) : undefined;
      if (!lb || (lb.state !== 'active' && lb.state !== 'active_impaired')) return undefined;
      const expected = {
        'AWS/ApplicationELB': 'application',
        'AWS/NetworkELB': 'network',
        'AWS/ELB': 'classic',
      }[query.namespace];
      if (lb.attributes.kind !== expected) return undefined;
      if (query.metric === 'HealthyHostCount' && d.TargetGroup) {
        const group = context.find('elb:target-group', d.TargetGroup.replace(/^targetgroup\//, ''));
        if (!group) return undefined;
        const healthy = group.attributes.targets.filter((t) => t.health === 'healthy').length;
        return make(group.id, lb.usage, lb.attributes.createdTime, { healthyTargets: healthy });
      }
      return make(lb.id, lb.usage, lb.attributes.createdTime);
    }
    default:
      return undefined;
  }
}

interface Series {
  readonly query: Query;
  readonly timestamps: number[];
  readonly values: number[];
}

function synthesize(
  query: Query,
  context: SandboxContext,
  region: string,
  start: number,
  end: number,
  ascending: boolean,
): Series {
  const found = subjectOf(query, context, region);
  const timestamps: number[] = [];
  const values: number[] = [];
  if (found) {
    const now = context.now().getTime() / 1000;
    // Datapoints sit on period boundaries; a period is published once it has ended.
    const first = Math.ceil(Math.max(start, found.since / 1000) / query.period) * query.period;
    for (let t = first; t + query.period <= Math.min(end, now); t += query.period) {
      timestamps.push(t);
      values.push(metricValue(found.subject, query.metric, query.stat, new Date(t * 1000), query.period));
    }
  }
  if (!ascending) {
    timestamps.reverse();
    values.reverse();
  }
  return { query, timestamps, values };
}

function decodeToken(token: string): { query: number; offset: number } {
  try {
    const [version, query, offset] = Buffer.from(token, 'base64url').toString('utf8').split('|');
    if (version === 'gmd1' && /^\d+$/.test(query ?? '') && /^\d+$/.test(offset ?? '')) {
      return { query: Number(query), offset: Number(offset) };
    }
  } catch {
    // fall through to the error below
  }
  throw new SandboxError(400, 'InvalidNextToken', 'The service couldn’t process the pagination token.');
}

const encodeToken = (query: number, offset: number) =>
  Buffer.from(`gmd1|${query}|${offset}`).toString('base64url');

export const cloudWatchService: SandboxService = {
  name: 'cloudwatch',
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  targetPrefix: 'GraniteServiceVersion20100801',
  actions: {
    GetMetricData: (request, context) => {
      const json = request.json;
      const queries = parseQueries(json.MetricDataQueries);
      const start = epochSeconds(json.StartTime, 'StartTime');
      const end = epochSeconds(json.EndTime, 'EndTime');
      if (start >= end) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
      const maxDatapoints = json.MaxDatapoints === undefined ? MAX_DATAPOINTS : Number(json.MaxDatapoints);
      if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1 || maxDatapoints > MAX_DATAPOINTS) {
        throw invalid(`The parameter MaxDatapoints must be between 1 and ${MAX_DATAPOINTS}.`);
      }
      const ascending = json.ScanBy === 'TimestampAscending';
      let position = { query: 0, offset: 0 };
      if (typeof json.NextToken === 'string' && json.NextToken !== '') position = decodeToken(json.NextToken);

      const returned = queries.map((q, n) => ({ q, n })).filter(({ q }) => q.returnData);
      const results: {
        Id: string;
        Label: string;
        Timestamps: number[];
        Values: number[];
        StatusCode: string;
      }[] = [];
      let budget = maxDatapoints;
      let next: { query: number; offset: number } | undefined;
      for (let index = position.query; index < returned.length; index++) {
        const { q } = returned[index]!;
        const series = synthesize(q, context, request.region, start, end, ascending);
        const offset = index === position.query ? position.offset : 0;
        const remaining = series.timestamps.length - offset;
        if (remaining > budget) {
          results.push({
            Id: q.id,
            Label: q.label,
            Timestamps: series.timestamps.slice(offset, offset + budget),
            Values: series.values.slice(offset, offset + budget),
            StatusCode: 'PartialData',
          });
          next = { query: index, offset: offset + budget };
          break;
        }
        budget -= remaining;
        results.push({
          Id: q.id,
          Label: q.label,
          Timestamps: series.timestamps.slice(offset),
          Values: series.values.slice(offset),
          StatusCode: 'Complete',
        });
        if (budget === 0 && index + 1 < returned.length) {
          next = { query: index + 1, offset: 0 };
          break;
        }
      }
      return jsonResult({
        MetricDataResults: results,
        Messages: [],
        ...(next ? { NextToken: encodeToken(next.query, next.offset) } : {}),
      });
    },
  },
};
