/**
 * The dashboard (`GET /cost/summary`) and the digest report month to date from the same data with
 * the same figures and the same sign (issue 10: the dashboard said −9.6% where the digest said
 * +$20.60, because one counted today's few billed hours as a full day). The CLI reports no cost.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCostStore } from '../../functions/adapters/memory/cost-store';
import { StoredCostSummary } from '../../functions/app/alerts/cost-summary';
import { buildDigest } from '../../functions/domain/alerts/digest';
import { dayRange } from '../../functions/domain/cost/dates';
import { getCostSummary } from '../../functions/handlers/api/cost-summary';
import { dependencies } from '../handlers/api/fixtures';

const NOW = new Date('2026-11-23T09:30:00.000Z');

const day = (date: string, usd: number, closed = true) => ({
  date,
  closed,
  records: [
    {
      series: 'account-service' as const,
      date,
      accountId: '111111111111',
      service: 'Amazon Elastic Compute Cloud - Compute',
      unblendedUsd: usd,
      amortizedUsd: usd,
    },
  ],
});

/** $10 a day in October, $10.20 a day in November, and today only 9 hours (and $0.30) in. */
async function costStore() {
  const costs = new MemoryCostStore();
  await costs.putDays('account-service', [
    ...dayRange('2026-10-01', '2026-10-31').map((d) => day(d, 10)),
    ...dayRange('2026-11-01', '2026-11-22').map((d) => day(d, 10.2)),
    day('2026-11-23', 0.3, false),
  ]);
  await costs.putForecast({
    month: '2026-11',
    fetchedAt: '2026-11-23T06:00:00.000Z',
    totalUsd: 81.6,
    periods: dayRange('2026-11-23', '2026-11-30').map((d, i, all) => ({
      start: d,
      end: all[i + 1] ?? '2026-12-01',
      meanUsd: 10.2,
    })),
  });
  return costs;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('month to date in the dashboard and the digest', () => {
  it('is the same figures with the same sign on the same data', async () => {
    // Prepare
    const costs = await costStore();

    // Act
    const { body } = await getCostSummary(
      {
        caller: { subject: 's', username: 'viewer', groups: ['viewer'] },
        pathParameters: {},
        query: {},
        body: undefined,
      },
      { ...dependencies(), costs },
    );
    const summary = await new StoredCostSummary(costs).summary(NOW);
    const digest = buildDigest({
      kind: 'daily',
      now: NOW,
      alerts: [],
      findings: [],
      cost: summary!,
      dashboardUrl: 'https://hostmaster.example.com',
    });

    // Assess
    const api = body as {
      monthToDate: { usd: number; sameDaysLastMonthUsd: number; changeUsd: number; changePercent: number };
      forecast: { projectedUsd: number };
      today: { usd: number };
    };
    expect(api.monthToDate).toMatchObject({ usd: 224.4, sameDaysLastMonthUsd: 220, changeUsd: 4.4 });
    expect(api.monthToDate.changePercent).toBe(2);
    expect(api.today.usd).toBe(0.3);
    expect(summary).toMatchObject({
      monthToDateUsd: api.monthToDate.usd,
      previousMonthToDateUsd: api.monthToDate.sameDaysLastMonthUsd,
      forecastMonthUsd: api.forecast.projectedUsd,
    });
    expect(digest.cost?.deltaUsd).toBe(api.monthToDate.changeUsd);
    expect(Math.sign(digest.cost!.deltaUsd!)).toBe(Math.sign(api.monthToDate.changePercent));
    expect(digest.text).toContain('(through 2026-11-22, closed days only): $224.40 (+$4.40, +2');
    expect(api.forecast.projectedUsd).toBe(306);
  });
});
