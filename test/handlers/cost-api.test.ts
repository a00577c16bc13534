import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCostStore } from '../../functions/adapters/memory/cost-store';
import type { CostRecord } from '../../functions/domain/cost/cost-record';
import { dayRange } from '../../functions/domain/cost/dates';
import type { Finding } from '../../functions/domain/model';
import { ALL_RULES } from '../../functions/domain/rules';
import { getCostBreakdown } from '../../functions/handlers/api/cost-breakdown';
import { getCostSummary } from '../../functions/handlers/api/cost-summary';
import { listTopCostResources } from '../../functions/handlers/api/cost-top-resources';
import { listFindings } from '../../functions/handlers/api/findings-list';
import type { ApiRequest } from '../../functions/handlers/api/operation';
import { listSavings } from '../../functions/handlers/api/savings-list';
import { ValidationError } from '../../functions/shared/errors';
import { dependencies, instance } from './api/fixtures';

const remediationOf = (ruleId: string) => ALL_RULES.find((rule) => rule.id === ruleId)?.remediation;

const A = '111111111111';
const B = '222222222222';

function request(query: Record<string, string> = {}): ApiRequest {
  return {
    caller: { subject: 'u', username: 'u', groups: ['viewer'] },
    pathParameters: {},
    query,
    body: undefined,
  };
}

function finding(id: string, overrides: Partial<Finding> = {}): Finding {
  return {
    id,
    ruleId: id.split('|')[0]!,
    resourceId: id.split('|')[1]!,
    resourceType: 'ec2:volume',
    accountId: A,
    region: 'us-east-1',
    category: 'cost',
    severity: 'low',
    title: id,
    evidence: { sizeGiB: 100 },
    references: [],
    status: 'open',
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** $10 a day in account A (EC2) and $5 in B (S3) every day; region-tag series split the same spend. */
async function costStore(): Promise<MemoryCostStore> {
  const store = new MemoryCostStore();
  const days = dayRange('2026-10-01', '2026-11-23');
  const day = (date: string, records: CostRecord[]) => ({ date, closed: date < '2026-11-01', records });
  await store.putDays(
    'account-service',
    days.map((date) =>
      day(date, [
        { series: 'account-service', date, accountId: A, service: 'EC2', unblendedUsd: 10, amortizedUsd: 10 },
        { series: 'account-service', date, accountId: B, service: 'S3', unblendedUsd: 5, amortizedUsd: 5 },
      ]),
    ),
  );
  await store.putDays(
    'region-tag:environment',
    days.map((date) =>
      day(date, [
        {
          series: 'region-tag',
          date,
          region: 'us-east-1',
          tagKey: 'environment',
          tagValue: 'prod',
          unblendedUsd: 10.004,
          amortizedUsd: 10,
        },
        {
          series: 'region-tag',
          date,
          region: 'eu-west-1',
          tagKey: 'environment',
          tagValue: '',
          unblendedUsd: 4.996,
          amortizedUsd: 5,
        },
      ]),
    ),
  );
  await store.putForecast({
    month: '2026-11',
    fetchedAt: '2026-11-23T06:00:00.000Z',
    totalUsd: 120,
    periods: dayRange('2026-11-23', '2026-11-30').map((d, i, all) => ({
      start: d,
      end: all[i + 1] ?? '2026-12-01',
      meanUsd: 15,
      lowerUsd: 14,
      upperUsd: 16,
    })),
  });
  await store.putRefresh({
    at: '2026-11-23T06:00:00.000Z',
    today: '2026-11-23',
    costAndUsageRequests: 2,
    forecastRequests: 1,
    usd: 0.03,
    openDays: { from: '2026-11-01', to: '2026-11-23' },
    closedDaysFetched: 0,
    recordsWritten: 92,
    seriesIds: ['account-service', 'region-tag:environment'],
  });
  return store;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /cost/summary', () => {
  it('compares month to date with last month and projects the month end from the forecast', async () => {
    // Prepare
    const deps = { ...dependencies(), costs: await costStore() };

    // Act
    const { body } = await getCostSummary(request(), deps);

    // Assess
    expect(body).toMatchObject({
      through: '2026-11-22',
      monthToDate: {
        usd: 330,
        days: 22,
        closedThrough: '2026-11-22',
        sameDaysLastMonthUsd: 330,
        changePercent: 0,
      },
      today: { date: '2026-11-23', usd: 15, partial: true },
      lastMonth: { month: '2026-10', usd: 465 },
      forecast: { projectedUsd: 450, method: 'forecast', lowerUsd: 442, upperUsd: 458, remainingDays: 8 },
      lastRefresh: { costAndUsageRequests: 2 },
    });
    const trend = body.trend;
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)).toEqual({ date: '2026-11-23', usd: 15 });
  });

  it('answers with no data before the first refresh', async () => {
    // Act
    const { body } = await getCostSummary(request(), dependencies());

    // Assess
    expect(body).toMatchObject({
      monthToDate: { usd: 0 },
      lastRefresh: null,
      forecast: { method: 'run-rate' },
    });
  });
});

describe('GET /cost/breakdown', () => {
  it('splits spend by account and by region with parts that sum to the total', async () => {
    // Prepare
    const deps = { ...dependencies(), costs: await costStore() };

    // Act
    const byAccount = (
      await getCostBreakdown(request({ by: 'account', from: '2026-11-01', to: '2026-11-10' }), deps)
    ).body;
    const byRegion = (
      await getCostBreakdown(request({ by: 'region', from: '2026-11-01', to: '2026-11-03' }), deps)
    ).body;

    // Assess
    expect(byAccount.parts).toEqual([
      { key: A, usd: 100 },
      { key: B, usd: 50 },
    ]);
    expect(byRegion.tagKey).toBe('environment');
    expect(byRegion.parts.reduce((t, p) => t + Math.round(p.usd * 100), 0)).toBe(
      Math.round(byRegion.totalUsd * 100),
    );
    expect(byRegion.totalUsd).toBe(45);
  });

  it('rejects an unknown dimension, a reversed range and a tag key without a series', async () => {
    // Prepare
    const deps = { ...dependencies(), costs: await costStore() };

    // Act
    const attempts = await Promise.allSettled([
      getCostBreakdown(request({ by: 'team' }), deps),
      getCostBreakdown(request({ by: 'service', from: '2026-11-10', to: '2026-11-01' }), deps),
      getCostBreakdown(request({ by: 'tag', tagKey: 'owner' }), deps),
    ]);

    // Assess
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected');
      expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    }
  });
});

describe('GET /cost/top-resources', () => {
  it('ranks resources by their list-price monthly cost', async () => {
    // Prepare
    const deps = dependencies();
    const big = instance(A, 'i-big', { region: 'us-east-1' });
    const small = instance(A, 'i-small', { region: 'us-east-1' });
    const stopped = instance(A, 'i-stopped', { region: 'us-east-1', state: 'stopped' });
    if (big.type === 'ec2:instance') big.attributes.instanceType = 'm5.2xlarge';
    await deps.resources.putMany([small, big, stopped]);

    // Act
    const { body } = await listTopCostResources(request({ limit: '5' }), deps);

    // Assess
    const items = body.items;
    expect(items.map((i) => i.name)).toEqual(['i-big', 'i-small']);
    expect(items[0]!.monthlyUsd).toBeCloseTo(0.384 * 730, 2);
  });
});

describe('GET /savings and GET /findings', () => {
  it('lists open cost findings by saving, each with what to do, and totals per rule', async () => {
    // Prepare
    const deps = dependencies();
    await deps.findings.putMany([
      finding('ebs-unattached-volume|v1', { monthlySavingsUsd: 8 }),
      finding('ec2-idle-instance|i1', { monthlySavingsUsd: 140 }),
      finding('ebs-unattached-volume|v2', { monthlySavingsUsd: 16 }),
      finding('ebs-unattached-volume|v3', { monthlySavingsUsd: 99, status: 'resolved' }),
      finding('sg-open|sg1', { category: 'security', severity: 'high' }),
    ]);

    // Act
    const { body } = await listSavings(request(), deps);

    // Assess
    const savings = body;
    expect(savings.items.map((f) => f.monthlySavingsUsd)).toEqual([140, 16, 8]);
    expect(savings.items[0]!.evidence).toBeDefined();
    expect(savings.items.map((f) => f.remediation)).toEqual([
      remediationOf('ec2-idle-instance'),
      remediationOf('ebs-unattached-volume'),
      remediationOf('ebs-unattached-volume'),
    ]);
    expect(remediationOf('ec2-idle-instance')).toMatch(/\w/);
    expect(savings.totals).toEqual({
      count: 3,
      monthlyUsd: 164,
      annualUsd: 1968,
      byRule: [
        { ruleId: 'ec2-idle-instance', count: 1, monthlyUsd: 140 },
        { ruleId: 'ebs-unattached-volume', count: 2, monthlyUsd: 24 },
      ],
    });
  });

  it('filters findings of every category and pages them most severe first', async () => {
    // Prepare
    const deps = dependencies();
    await deps.findings.putMany([
      finding('ebs-unattached-volume|v1', { monthlySavingsUsd: 8 }),
      finding('sg-open|sg1', { category: 'security', severity: 'high' }),
      finding('sg-open|sg2', { category: 'security', severity: 'critical', accountId: B }),
      finding('sg-open|sg3', { category: 'security', severity: 'high', status: 'resolved' }),
    ]);

    // Act
    const first = (await listFindings(request({ limit: '2' }), deps)).body;
    const second = (await listFindings(request({ limit: '2', cursor: first.nextCursor! }), deps)).body;
    const high = (await listFindings(request({ severity: 'high', account: A }), deps)).body;
    const bad = listFindings(request({ cursor: 'not-a-cursor' }), deps);

    // Assess
    expect(first.total).toBe(3);
    expect(first.items.map((f) => f.id)).toEqual(['sg-open|sg2', 'sg-open|sg1']);
    expect(second.items.map((f) => f.id)).toEqual(['ebs-unattached-volume|v1']);
    expect(second.items[0]!.remediation).toBe(remediationOf('ebs-unattached-volume'));
    // `sg-open` is no registered rule: its finding carries no advice rather than an invented one.
    expect(first.items[0]).not.toHaveProperty('remediation');
    expect(high.items.map((f) => f.id)).toEqual(['sg-open|sg1']);
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
  });
});
