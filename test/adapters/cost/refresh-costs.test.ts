import {
  CostExplorerClient,
  DataUnavailableException,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refreshCosts } from '../../../functions/adapters/cost/refresh-costs';
import { MemoryCostStore } from '../../../functions/adapters/memory/cost-store';
import { addDays, dayRange } from '../../../functions/domain/cost/dates';

const ce = mockClient(CostExplorerClient);
const NOW = new Date('2026-11-23T06:00:00.000Z');
const A = '111111111111';

/** Answers every GetCostAndUsage with one group per day of its range, in pages of `pageDays` days. */
function answerWithDays(pageDays: number) {
  ce.on(GetCostAndUsageCommand).callsFake((input) => {
    const days = dayRange(input.TimePeriod.Start, addDays(input.TimePeriod.End, -1));
    const offset = input.NextPageToken ? Number(input.NextPageToken) : 0;
    const page = days.slice(offset, offset + pageDays);
    const regionSeries = input.GroupBy[0].Key === 'REGION';
    return {
      ResultsByTime: page.map((day) => ({
        TimePeriod: { Start: day, End: addDays(day, 1) },
        Groups: [
          {
            Keys: regionSeries ? ['us-east-1', 'environment$prod'] : [A, 'Amazon Simple Storage Service'],
            Metrics: {
              UnblendedCost: { Amount: '1.5', Unit: 'USD' },
              AmortizedCost: { Amount: '1.25', Unit: 'USD' },
            },
          },
        ],
        Total: {},
        Estimated: day >= '2026-11-01',
      })),
      ...(offset + pageDays < days.length ? { NextPageToken: String(offset + pageDays) } : {}),
    };
  });
}

beforeEach(() => {
  ce.reset();
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '105', Unit: 'USD' },
    ForecastResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-23', End: '2026-12-01' },
        MeanValue: '105',
        PredictionIntervalLowerBound: '100',
        PredictionIntervalUpperBound: '110',
      },
    ],
  });
});

describe('refreshCosts', () => {
  it('fetches the missing history page by page and counts every page as a request', async () => {
    // Prepare
    answerWithDays(40);
    const store = new MemoryCostStore();

    // Act
    const log = await refreshCosts({
      costExplorer: new CostExplorerClient({}),
      store,
      tagKeys: ['environment'],
      now: () => NOW,
    });

    // Assess: 2026-08-01 .. 2026-11-23 is 115 days: 3 pages per series.
    expect(log).toMatchObject({
      costAndUsageRequests: 6,
      forecastRequests: 1,
      usd: 0.07,
      closedDaysFetched: 2 * 92,
    });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 6);
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-08-01', End: '2026-11-24' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'TAG', Key: 'environment' },
      ],
    });
    const records = await store.records('region-tag:environment', '2026-11-01', '2026-11-01');
    expect(records).toEqual([
      {
        series: 'region-tag',
        date: '2026-11-01',
        region: 'us-east-1',
        tagKey: 'environment',
        tagValue: 'prod',
        unblendedUsd: 1.5,
        amortizedUsd: 1.25,
      },
    ]);
    expect((await store.heldClosedDays('account-service', '2026-01-01', '2026-12-31')).size).toBe(92);
    expect(await store.forecast('2026-11')).toMatchObject({
      totalUsd: 105,
      periods: [{ meanUsd: 105, lowerUsd: 100, upperUsd: 110 }],
    });
  });

  it('asks only for the open days on a second refresh the same day', async () => {
    // Prepare
    answerWithDays(1000);
    const store = new MemoryCostStore();
    const dependencies = { costExplorer: new CostExplorerClient({}), store, tagKeys: [], now: () => NOW };
    await refreshCosts(dependencies);
    ce.resetHistory();

    // Act
    const log = await refreshCosts(dependencies);

    // Assess
    expect(log).toMatchObject({
      costAndUsageRequests: 1,
      closedDaysFetched: 0,
      openDays: { from: '2026-11-01', to: '2026-11-23' },
    });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 1);
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-24' },
    });
    expect((await store.refreshes(2)).map((l) => l.costAndUsageRequests)).toEqual([1, 1]);
  });

  it('completes without a forecast when Cost Explorer has too little history to make one', async () => {
    // Prepare
    answerWithDays(1000);
    ce.on(GetCostForecastCommand).rejects(
      new DataUnavailableException({ message: 'not enough data', $metadata: {} }),
    );
    const store = new MemoryCostStore();

    // Act
    const log = await refreshCosts({
      costExplorer: new CostExplorerClient({}),
      store,
      tagKeys: [],
      now: () => NOW,
    });

    // Assess
    expect(log.error).toBeUndefined();
    expect(await store.forecast('2026-11')).toBeUndefined();
  });
});
