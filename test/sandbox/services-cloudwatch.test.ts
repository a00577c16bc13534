import path from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeMetric } from '../../functions/domain/cost/metric-summary';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from './clients';
import type { Fleet } from './fleet';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';

const NOW = new Date('2026-11-23T15:20:00.000Z');
const END = new Date('2026-11-23T15:00:00.000Z');
const START = new Date(END.getTime() - 14 * 86_400_000);
const WORKLOADS = '333333333333';

let sandbox: Sandbox;
let fleet: Fleet;
let cloudWatch: CloudWatchClient;

function query(
  id: string,
  namespace: string,
  metric: string,
  name: string,
  value: string,
  stat = 'Average',
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metric, Dimensions: [{ Name: name, Value: value }] },
      Period: 3600,
      Stat: stat,
    },
    ReturnData: true,
  };
}

async function series(queries: MetricDataQuery[], maxDatapoints?: number) {
  const byId = new Map<string, { timestamp: string; value: number }[]>();
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: START,
        EndTime: END,
        NextToken: token,
        MaxDatapoints: maxDatapoints,
      }),
    );
    calls++;
    for (const result of page.MetricDataResults ?? []) {
      const points = byId.get(result.Id!) ?? [];
      result.Timestamps!.forEach((t, i) => {
        points.push({ timestamp: t.toISOString(), value: result.Values![i]! });
      });
      byId.set(result.Id!, points);
    }
    token = page.NextToken;
  } while (token);
  return { byId, calls };
}

beforeAll(async () => {
  fleet = await loadFleet(path.join(import.meta.dirname, 'fleets/cost-planted.json'));
  sandbox = await startSandbox({ fleet, clock: () => NOW });
  const credentials = await assumeMemberRole(sandbox.endpoint, fleet, WORKLOADS);
  cloudWatch = new CloudWatchClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));
});

afterAll(async () => {
  cloudWatch?.destroy();
  await sandbox?.stop();
});

describe('sandbox CloudWatch GetMetricData', () => {
  it('synthesizes 14 days of hourly datapoints that follow each usage profile', async () => {
    // Act
    const { byId } = await series([
      query('idle', 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a001'),
      query('office', 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a003'),
      query('steady', 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a008'),
      query('db', 'AWS/RDS', 'DatabaseConnections', 'DBInstanceIdentifier', 'migration-test-db'),
      query(
        'alb',
        'AWS/ApplicationELB',
        'RequestCount',
        'LoadBalancer',
        'app/web-alb/0c05700000000a02',
        'Sum',
      ),
    ]);

    // Assess
    const summary = (id: string) => summarizeMetric(id, 'm', byId.get(id)!)!;
    expect(summary('idle').datapoints).toBe(336);
    expect(summary('idle').from).toBe(START.toISOString());
    expect(summary('idle').to).toBe(END.toISOString());
    expect(summary('idle').p95).toBeLessThan(5);
    expect(summary('steady').p50).toBeGreaterThan(35);
    const office = summary('office').hourOfWeekAverage!;
    expect(office[10]).toBeGreaterThan(30); // Monday 10:00 UTC
    expect(office[2]).toBeLessThan(5); // Monday 02:00 UTC
    expect(office[5 * 24 + 12]).toBeLessThan(5); // Saturday noon
    expect(summary('db').maximum).toBe(0);
    expect(summary('alb').sum).toBeGreaterThan(1_000_000);
  });

  it('answers newest first by default and empty series for resources that publish nothing', async () => {
    // Act
    const page = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          query('stopped', 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a004'),
          query('web', 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a005'),
        ],
        StartTime: START,
        EndTime: END,
      }),
    );

    // Assess
    const [stopped, web] = page.MetricDataResults!;
    expect(stopped).toMatchObject({ Id: 'stopped', Timestamps: [], Values: [], StatusCode: 'Complete' });
    expect(web!.Timestamps![0]!.getTime()).toBe(END.getTime() - 3_600_000);
    expect(web!.Timestamps!.at(-1)!.getTime()).toBe(START.getTime());
  });

  it('pages by the datapoint limit with NextToken and PartialData', async () => {
    // Prepare
    const queries = ['i-0c05700000000a001', 'i-0c05700000000a002', 'i-0c05700000000a003'].map((id, n) =>
      query(`m${n}`, 'AWS/EC2', 'CPUUtilization', 'InstanceId', id),
    );

    // Act
    const first = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: START,
        EndTime: END,
        MaxDatapoints: 500,
      }),
    );
    const { byId, calls } = await series(queries, 500);

    // Assess
    expect(first.NextToken).toBeDefined();
    expect(first.MetricDataResults!.map((r) => r.StatusCode)).toEqual(['Complete', 'PartialData']);
    expect(calls).toBe(3);
    expect([...byId.values()].map((points) => points.length)).toEqual([336, 336, 336]);
  });

  it('rejects more than 500 queries in one call', async () => {
    // Prepare
    const queries = Array.from({ length: 501 }, (_, n) =>
      query(`m${n}`, 'AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0c05700000000a001'),
    );

    // Act
    const error = await rejectionOf(
      cloudWatch.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: START, EndTime: END }),
      ),
    );

    // Assess
    expect((error as Error).name).toBe('InvalidParameterValueException');
  });
});
