import { describe, expect, it } from 'vitest';
import { rdsIdleInstance } from '../../../../functions/domain/rules/cost/rds-idle-instance';
import { context, dbInstance, series } from './fixtures';

describe('rds-idle-instance', () => {
  it('reports a PostgreSQL db.m5.large with no connection in 14 days', () => {
    const db = dbInstance('orders');
    const verdict = rdsIdleInstance.evaluate(
      db,
      context([db], [series(db.id, 'DatabaseConnections', 14, () => 0)]),
    );
    // 0.178 $/h × 730 h = 129.94
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind === 'non-compliant') expect(verdict.monthlySavingsUsd).toBeCloseTo(129.94, 6);
  });

  it('prices Multi-AZ at twice the single-AZ rate', () => {
    const db = dbInstance('orders', { attributes: { engine: 'mysql', multiAz: true } });
    const verdict = rdsIdleInstance.evaluate(
      db,
      context([db], [series(db.id, 'DatabaseConnections', 14, () => 0)]),
    );
    // 0.171 × 2 × 730 = 249.66
    if (verdict.kind !== 'non-compliant') throw new Error(verdict.kind);
    expect(verdict.monthlySavingsUsd).toBeCloseTo(249.66, 6);
  });

  it('is compliant when anyone connected', () => {
    const db = dbInstance('orders');
    const busyOnce = (at: Date) => (at.getUTCDate() === 15 && at.getUTCHours() === 9 ? 0.2 : 0);
    const ctx = context([db], [series(db.id, 'DatabaseConnections', 14, busyOnce)]);
    expect(rdsIdleInstance.evaluate(db, ctx).kind).toBe('compliant');
  });

  it('does not apply to a stopped instance', () => {
    const db = dbInstance('orders', { state: 'stopped' });
    expect(rdsIdleInstance.evaluate(db, context([db])).kind).toBe('not-applicable');
  });

  it('answers insufficient data without 14 days of metrics or without a price (Aurora)', () => {
    const db = dbInstance('orders');
    expect(rdsIdleInstance.evaluate(db, context([db])).kind).toBe('insufficient-data');
    const aurora = dbInstance('aurora', {
      attributes: { engine: 'aurora-postgresql', instanceClass: 'db.r6g.large' },
    });
    const ctx = context([aurora], [series(aurora.id, 'DatabaseConnections', 14, () => 0)]);
    expect(rdsIdleInstance.evaluate(aurora, ctx).kind).toBe('insufficient-data');
  });
});
