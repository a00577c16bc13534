import path from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
  GetCostForecastCommand,
  type Group,
} from '@aws-sdk/client-cost-explorer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from './clients';
import type { Fleet } from './fleet';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';

const NOW = new Date('2026-11-23T15:00:00.000Z');
const MANAGEMENT = '111111111111';
const WORKLOADS = '333333333333';
const EC2_COMPUTE = 'Amazon Elastic Compute Cloud - Compute';

let fleet: Fleet;
let sandbox: Sandbox;
let ce: CostExplorerClient;

async function allPages(input: ConstructorParameters<typeof GetCostAndUsageCommand>[0]) {
  const pages: GetCostAndUsageCommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
    pages.push(page);
    token = page.NextPageToken;
  } while (token);
  return pages;
}

/** Sum of every group's UnblendedCost per day, across pages. */
function totalsByDay(pages: readonly GetCostAndUsageCommandOutput[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const page of pages) {
    for (const result of page.ResultsByTime ?? []) {
      const day = result.TimePeriod!.Start!;
      const sum = (result.Groups ?? []).reduce(
        (t, g: Group) => t + Number(g.Metrics!.UnblendedCost!.Amount),
        0,
      );
      totals.set(day, (totals.get(day) ?? 0) + sum);
    }
  }
  return totals;
}

beforeAll(async () => {
  const planted = await loadFleet(path.join(import.meta.dirname, 'fleets/cost-planted.json'));
  // Flat history (no noise, no growth) so amounts can be checked against the price table; a small
  // page size so grouped answers span several pages.
  fleet = { ...planted, costs: { ...planted.costs, noisePercent: 0, monthlyGrowthPercent: 0, pageSize: 7 } };
  sandbox = await startSandbox({ fleet, clock: () => NOW });
  const credentials = await assumeMemberRole(sandbox.endpoint, fleet, MANAGEMENT);
  ce = new CostExplorerClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));
});

afterAll(async () => {
  ce?.destroy();
  await sandbox?.stop();
});

describe('sandbox Cost Explorer GetCostAndUsage', () => {
  it('bills each running instance its list price per day under the EC2 compute service', async () => {
    // Act
    const [page] = await allPages({
      TimePeriod: { Start: '2026-11-10', End: '2026-11-11' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });

    // Assess: m5.xlarge ×2 + m5.2xlarge + m5.large ×3 running (the stopped one stopped in June).
    const group = page!.ResultsByTime![0]!.Groups!.find(
      (g) => g.Keys?.join('|') === `${WORKLOADS}|${EC2_COMPUTE}`,
    );
    expect(Number(group!.Metrics!.UnblendedCost!.Amount)).toBeCloseTo(
      (0.192 * 2 + 0.384 + 0.096 * 3) * 24,
      6,
    );
    expect(group!.Metrics!.UnblendedCost!.Unit).toBe('USD');
    expect(page!.DimensionValueAttributes).toContainEqual({
      Value: WORKLOADS,
      Attributes: { description: 'workloads' },
    });
  });

  it('pages grouped results and every grouping sums to the same daily total', async () => {
    // Act
    const byAccount = await allPages({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-24' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    const byRegion = await allPages({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-24' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'TAG', Key: 'environment' },
      ],
    });

    // Assess
    expect(byAccount.length).toBeGreaterThan(10);
    expect(byAccount.slice(0, -1).every((p) => p.NextPageToken)).toBe(true);
    const accountTotals = totalsByDay(byAccount);
    const regionTotals = totalsByDay(byRegion);
    expect([...accountTotals.keys()]).toHaveLength(23);
    for (const [day, total] of accountTotals) expect(regionTotals.get(day)).toBeCloseTo(total, 6);
    const keys = byRegion.flatMap((p) =>
      p.ResultsByTime!.flatMap((r) => r.Groups!.map((g) => g.Keys!.join('|'))),
    );
    expect(keys).toContain('us-east-1|environment$production');
    expect(keys).toContain('eu-west-1|environment$production');
  });

  it('marks only open days as estimated and bills today for the hours elapsed', async () => {
    // Act
    const pages = await allPages({
      TimePeriod: { Start: '2026-10-28', End: '2026-11-24' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
    });

    // Assess
    const results = pages.flatMap((p) => p.ResultsByTime!);
    const estimated = results.filter((r) => r.Estimated).map((r) => r.TimePeriod!.Start);
    expect(estimated[0]).toBe('2026-11-01');
    expect(estimated.at(-1)).toBe('2026-11-23');
    expect(results.find((r) => r.TimePeriod!.Start === '2026-10-31')!.Estimated).toBe(false);
    const amount = (day: string) =>
      Number(results.find((r) => r.TimePeriod!.Start === day)!.Total!.UnblendedCost!.Amount);
    expect(amount('2026-11-23')).toBeCloseTo((amount('2026-11-22') * 15) / 24, 6);
  });

  it('shows the planted spike on its day and adds it to the monthly total', async () => {
    // Act
    const daily = totalsByDay(
      await allPages({
        TimePeriod: { Start: '2026-11-19', End: '2026-11-22' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    );
    const monthly = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    );
    const octoberDaily = totalsByDay(
      await allPages({
        TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    );

    // Assess
    expect(daily.get('2026-11-20')! - daily.get('2026-11-19')!).toBeCloseTo(900, 4);
    expect(daily.get('2026-11-21')).toBeCloseTo(daily.get('2026-11-19')!, 6);
    const october = [...octoberDaily.values()].reduce((t, v) => t + v, 0);
    expect(Number(monthly.ResultsByTime![0]!.Total!.UnblendedCost!.Amount)).toBeCloseTo(october, 4);
  });

  it('refuses member accounts, a third group and dates beyond the history', async () => {
    // Prepare
    const member = new CostExplorerClient(
      sandboxClientConfig(
        sandbox.endpoint,
        'us-east-1',
        await assumeMemberRole(sandbox.endpoint, fleet, WORKLOADS),
      ),
    );
    const input = {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost'],
    };

    // Act
    const denied = await rejectionOf(member.send(new GetCostAndUsageCommand(input)));
    const tooManyGroups = await rejectionOf(
      ce.send(
        new GetCostAndUsageCommand({
          ...input,
          GroupBy: [
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'REGION' },
          ],
        }),
      ),
    );
    const tooOld = await rejectionOf(
      ce.send(
        new GetCostAndUsageCommand({ ...input, TimePeriod: { Start: '2025-01-01', End: '2025-01-02' } }),
      ),
    );
    member.destroy();

    // Assess
    expect((denied as Error).name).toBe('AccessDeniedException');
    expect((tooManyGroups as Error).name).toBe('ValidationException');
    expect((tooOld as Error).name).toBe('ValidationException');
  });
});

describe('sandbox Cost Explorer GetCostForecast', () => {
  it('forecasts the rest of the month with a total and a prediction interval per day', async () => {
    // Act
    const forecast = await ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: '2026-11-23', End: '2026-12-01' },
        Granularity: 'DAILY',
        Metric: 'UNBLENDED_COST',
      }),
    );
    const past = await rejectionOf(
      ce.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2026-11-01', End: '2026-12-01' },
          Granularity: 'DAILY',
          Metric: 'UNBLENDED_COST',
        }),
      ),
    );
    const yesterday = totalsByDay(
      await allPages({
        TimePeriod: { Start: '2026-11-22', End: '2026-11-23' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    ).get('2026-11-22')!;

    // Assess
    const periods = forecast.ForecastResultsByTime!;
    expect(periods).toHaveLength(8);
    const sum = periods.reduce((t, p) => t + Number(p.MeanValue), 0);
    expect(Number(forecast.Total!.Amount)).toBeCloseTo(sum, 4);
    for (const p of periods) {
      expect(Number(p.PredictionIntervalLowerBound)).toBeLessThanOrEqual(Number(p.MeanValue));
      expect(Number(p.PredictionIntervalUpperBound)).toBeGreaterThanOrEqual(Number(p.MeanValue));
      expect(Number(p.MeanValue)).toBeCloseTo(yesterday, 4);
    }
    expect((past as Error).name).toBe('ValidationException');
  });
});
