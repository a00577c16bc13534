import { describe, expect, it } from 'vitest';
import { anomalyFindings, detectCostAnomalies, median } from '../../../functions/domain/cost/anomaly';
import type { CostRecord } from '../../../functions/domain/cost/cost-record';
import { dayRange } from '../../../functions/domain/cost/dates';
import { FindingSchema } from '../../../functions/domain/model';

const A = '111111111111';
const B = '222222222222';
const cost = (date: string, accountId: string, service: string, usd: number): CostRecord => ({
  series: 'account-service',
  date,
  accountId,
  service,
  unblendedUsd: usd,
  amortizedUsd: usd,
});

/** 20 days: A spends 99/100/101 on EC2, B $20 on S3; on the 20th A's Lambda spend jumps to $80. */
function history(spike: number): CostRecord[] {
  const days = dayRange('2026-11-01', '2026-11-20');
  return days.flatMap((d, i) => [
    cost(d, A, 'EC2', 100 + ((i + 1) % 3) - 1),
    cost(d, B, 'S3', 20),
    ...(d === '2026-11-20' ? [cost(d, A, 'AWS Lambda', spike)] : []),
  ]);
}

describe('detectCostAnomalies', () => {
  it('flags the account and the service of a spike, naming the service and account behind it', () => {
    // Act
    const anomalies = detectCostAnomalies(history(80), { from: '2026-11-01', to: '2026-11-20' });
    // Assess: only the 20th has a full 14-day baseline and a spike
    expect(anomalies.map((a) => [a.scope, a.key, a.date])).toEqual([
      ['account', A, '2026-11-20'],
      ['service', 'AWS Lambda', '2026-11-20'],
    ]);
    const account = anomalies[0]!;
    expect(account.baselineMedianUsd).toBe(100);
    expect(account.sigmaUsd).toBeCloseTo(1.4826, 4);
    expect(account.thresholdUsd).toBe(105);
    expect(account.likelyCause).toEqual({ accountId: A, service: 'AWS Lambda', overBaselineUsd: 80 });
    expect(anomalies[1]!.likelyCause.accountId).toBe(A);
  });

  it('ignores a rise below the absolute floor on a flat series', () => {
    expect(detectCostAnomalies(history(4), { from: '2026-11-15', to: '2026-11-20' })).toEqual([]);
  });

  it('does not judge a day without a full baseline of returned days', () => {
    const records = history(80).filter((r) => r.date !== '2026-11-10');
    expect(detectCostAnomalies(records, { from: '2026-11-20', to: '2026-11-20' })).toEqual([]);
  });

  it('computes medians of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('anomalyFindings', () => {
  it('drafts a cost finding with a stable id, the excess and the likely cause', () => {
    const anomalies = detectCostAnomalies(history(180), { from: '2026-11-20', to: '2026-11-20' });
    const [finding] = anomalyFindings(anomalies);
    expect(finding).toMatchObject({
      id: `cost-anomaly|cost:account/${A}/2026-11-20`,
      ruleId: 'cost-anomaly',
      category: 'cost',
      severity: 'high',
      accountId: A,
      region: 'global',
      title: `Spend anomaly on 2026-11-20: account ${A} $181.00 over baseline`,
      evidence: { overBaselineUsd: 181, likelyCause: { service: 'AWS Lambda', accountId: A } },
    });
    const stored = {
      ...finding!,
      status: 'open',
      firstSeen: '2026-11-21T00:00:00Z',
      lastSeen: '2026-11-21T00:00:00Z',
    };
    expect(FindingSchema.safeParse(stored).success).toBe(true);
  });
});
