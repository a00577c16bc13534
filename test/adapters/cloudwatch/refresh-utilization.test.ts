import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refreshUtilization } from '../../../functions/adapters/cloudwatch/refresh-utilization';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { MemoryUtilizationStore } from '../../../functions/adapters/memory/utilization-store';
import type { Resource } from '../../../functions/domain/model';

const cloudWatch = mockClient(CloudWatchClient);
const NOW = new Date('2026-11-23T06:30:00.000Z');
const END = Date.parse('2026-11-23T06:00:00.000Z');
const A = '111111111111';
const B = '222222222222';

function instance(accountId: string, id: string): Resource {
  return {
    id: `arn:aws:ec2:us-east-1:${accountId}:instance/${id}`,
    accountId,
    region: 'us-east-1',
    type: 'ec2:instance',
    name: id,
    state: 'running',
    tags: {},
    attributes: {
      instanceType: 'm5.large',
      launchTime: '2026-01-01T00:00:00.000Z',
      availabilityZone: 'us-east-1a',
      imageId: 'ami-1',
      securityGroupIds: [],
      volumeIds: [],
      imdsV2Required: true,
    },
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-23T00:00:00.000Z',
    contentHash: 'h',
  };
}

const hours = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => new Date(END - (336 - from - i) * 3_600_000));

beforeEach(() => {
  cloudWatch.reset();
});

describe('refreshUtilization', () => {
  it('follows NextToken, summarizes each series and records a failed scope without stopping', async () => {
    // Prepare: the first page cuts every series at 200 datapoints, the second gives the rest.
    const tokens: (string | undefined)[] = [];
    cloudWatch.on(GetMetricDataCommand).callsFake((input) => {
      tokens.push(input.NextToken);
      const first = input.NextToken === undefined;
      return {
        MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => ({
          Id: q.Id,
          Timestamps: first ? hours(0, 200) : hours(200, 136),
          Values: Array.from({ length: first ? 200 : 136 }, () => 3),
          StatusCode: first ? 'PartialData' : 'Complete',
        })),
        ...(first ? { NextToken: 'page-2' } : {}),
      };
    });
    const store = new MemoryUtilizationStore();
    const clients: ClientFactory = {
      accountId: A,
      region: 'us-east-1',
      get: () => new CloudWatchClient({}) as never,
    };

    // Act
    const result = await refreshUtilization({
      resources: async () => [instance(A, 'i-1'), instance(A, 'i-2'), instance(B, 'i-3')],
      openScope: async (accountId) => {
        if (accountId === B) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
        return { clients };
      },
      store,
      now: () => NOW,
    });

    // Assess
    expect(result).toMatchObject({
      resources: 3,
      queries: 15,
      getMetricDataCalls: 2,
      summaries: 10,
      written: 2,
    });
    expect(result.failures).toEqual([
      { accountId: B, region: 'us-east-1', code: 'AccessDenied', message: 'access denied: not authorized' },
    ]);
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2026-11-09T06:00:00.000Z'),
      EndTime: new Date('2026-11-23T06:00:00.000Z'),
      ScanBy: 'TimestampAscending',
    });
    const [entry] = await store.listAll(NOW);
    const cpu = entry!.summaries.find((s) => s.metric === 'CPUUtilization')!;
    expect(cpu).toMatchObject({
      datapoints: 336,
      average: 3,
      p95: 3,
      from: '2026-11-09T06:00:00.000Z',
      to: '2026-11-23T06:00:00.000Z',
    });
    expect(cpu.hourOfWeekAverage).toHaveLength(168);
  });
});
