import { describe, expect, it } from 'vitest';
import { costExplorerBudget, costSeries, planCostRefresh } from '../../../functions/domain/cost/ce-planner';
import { dayRange } from '../../../functions/domain/cost/dates';

const series = costSeries(['team']);
/** What the cost store holds after running a plan: every day each request covered. */
function heldAfter(plan: ReturnType<typeof planCostRefresh>, before: Record<string, Set<string>> = {}) {
  const held: Record<string, Set<string>> = {};
  for (const s of series) held[s.id] = new Set(before[s.id]);
  for (const r of plan.requests) for (const d of r.days) held[r.seriesId]!.add(d);
  return held;
}

describe('planCostRefresh', () => {
  it('fetches three months of history and the month to date in one request per series on first run', () => {
    // Act
    const plan = planCostRefresh({ today: '2026-11-23', series, stored: {} });
    // Assess
    expect(plan.requests.map((r) => [r.seriesId, r.input.TimePeriod])).toEqual([
      ['account-service', { Start: '2026-08-01', End: '2026-11-24' }],
      ['region-tag:team', { Start: '2026-08-01', End: '2026-11-24' }],
    ]);
    expect(plan.requests[1]!.input).toMatchObject({
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'TAG', Key: 'team' },
      ],
    });
    expect(plan.missingClosedDays).toBe(2 * 92);
    expect(plan.forecast.TimePeriod).toEqual({ Start: '2026-11-23', End: '2026-12-01' });
  });

  it('plans only the open days on a second refresh the same day', () => {
    const first = planCostRefresh({ today: '2026-11-23', series, stored: {} });
    const second = planCostRefresh({ today: '2026-11-23', series, stored: heldAfter(first) });
    expect(second.missingClosedDays).toBe(0);
    expect(second.requests.map((r) => r.input.TimePeriod)).toEqual([
      { Start: '2026-11-01', End: '2026-11-24' },
      { Start: '2026-11-01', End: '2026-11-24' },
    ]);
    expect(second.requests.every((r) => r.includesOpenDays)).toBe(true);
  });

  it('keeps re-fetching the last two days of last month on the 1st, and nothing older', () => {
    const stored = { 'account-service': new Set(dayRange('2026-09-01', '2026-11-30')) };
    const plan = planCostRefresh({ today: '2026-12-01', series: series.slice(0, 1), stored });
    expect(plan.openDays).toEqual({ from: '2026-11-29', to: '2026-12-01' });
    expect(plan.requests.map((r) => r.input.TimePeriod)).toEqual([
      { Start: '2026-11-29', End: '2026-12-02' },
    ]);
  });

  it('fills a hole in stored history with its own request, never re-fetching held closed days', () => {
    const held = new Set(
      dayRange('2026-08-01', '2026-10-31').filter((d) => d < '2026-09-10' || d > '2026-09-12'),
    );
    const plan = planCostRefresh({
      today: '2026-11-23',
      series: series.slice(0, 1),
      stored: { 'account-service': held },
    });
    expect(plan.requests.map((r) => r.input.TimePeriod)).toEqual([
      { Start: '2026-09-10', End: '2026-09-13' },
      { Start: '2026-11-01', End: '2026-11-24' },
    ]);
    for (const r of plan.requests) {
      expect(r.days.some((d) => held.has(d))).toBe(false);
      expect(r.input.GroupBy.length).toBeLessThanOrEqual(2);
    }
  });
});

describe('costExplorerBudget', () => {
  it('costs 9 requests a day ($2.74 a month) for two series and a forecast, three refreshes a day', () => {
    const budget = costExplorerBudget({ seriesCount: 2, refreshesPerDay: 3 });
    expect(budget).toMatchObject({ requestsPerRefresh: 3, requestsPerDay: 9 });
    expect(budget.usdPerDay).toBeCloseTo(0.09, 10);
    expect(budget.usdPerMonth).toBeCloseTo(2.7375, 4);
  });
});
