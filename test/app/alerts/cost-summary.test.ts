import { describe, expect, it } from 'vitest';
import { MemoryCostStore } from '../../../functions/adapters/memory/cost-store';
import { StoredCostSummary } from '../../../functions/app/alerts/cost-summary';
import { addDays } from '../../../functions/domain/cost/dates';

const day = (date: string, usd: number) => ({
  date,
  closed: true,
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

describe('StoredCostSummary', () => {
  it('gives month to date against the same days of last month, and a month-end projection', async () => {
    // Prepare: $10 a day in October, $12 a day in November
    const costs = new MemoryCostStore();
    const days = [];
    for (let d = '2026-10-01'; d <= '2026-11-22'; d = addDays(d, 1))
      days.push(day(d, d < '2026-11-01' ? 10 : 12));
    await costs.putDays('account-service', days);
    // Act
    const summary = await new StoredCostSummary(costs).summary(new Date('2026-11-23T08:00:00.000Z'));
    // Assess: through yesterday (22 days), projected at the 7-day run rate for the 8 days left
    expect(summary).toEqual({
      monthToDateUsd: 264,
      previousMonthToDateUsd: 220,
      closedDays: 22,
      closedThrough: '2026-11-22',
      forecastMonthUsd: 360,
      currency: 'USD',
    });
  });

  it('has no summary when no cost data was stored (the digest then leaves the section out)', async () => {
    expect(
      await new StoredCostSummary(new MemoryCostStore()).summary(new Date('2026-11-23T08:00:00.000Z')),
    ).toBeUndefined();
  });
});
