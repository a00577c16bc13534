import { describe, expect, it } from 'vitest';
import { ebsOrphanedSnapshot } from '../../../../functions/domain/rules/cost/ebs-orphaned-snapshot';
import { context, image, snapshot, volume } from './fixtures';

describe('ebs-orphaned-snapshot', () => {
  it('reports a 326-day-old snapshot of a deleted volume, as an upper bound', () => {
    const snap = snapshot('snap-1');
    const verdict = ebsOrphanedSnapshot.evaluate(snap, context([snap]));
    // 200 GiB × 0.05 $/GB-month
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(10, 6);
    expect(verdict.evidence).toMatchObject({
      ageDays: 326,
      savingIsUpperBound: true,
      sourceVolumeId: 'vol-gone',
    });
  });

  it('is compliant while the source volume exists, when recent, or when an AMI uses it', () => {
    const kept = snapshot('snap-1', { attributes: { volumeId: 'vol-live' } });
    const recent = snapshot('snap-2', { attributes: { startTime: '2026-10-01T00:00:00Z' } });
    const ami = snapshot('snap-3');
    const ctx = context([kept, recent, ami, volume('vol-live'), image('ami-1', ['snap-3'])]);
    expect(ebsOrphanedSnapshot.evaluate(kept, ctx).kind).toBe('compliant');
    expect(ebsOrphanedSnapshot.evaluate(recent, ctx).kind).toBe('compliant');
    expect(ebsOrphanedSnapshot.evaluate(ami, ctx).kind).toBe('compliant');
  });

  it('honours a configured age', () => {
    const snap = snapshot('snap-1', { attributes: { startTime: '2026-10-01T00:00:00Z' } });
    const ctx = context([snap], [], { thresholds: { 'ebs-orphaned-snapshot': { ageDays: 30 } } });
    expect(ebsOrphanedSnapshot.evaluate(snap, ctx).kind).toBe('non-compliant');
  });

  it('does not apply to a pending snapshot', () => {
    const snap = snapshot('snap-1', { state: 'pending' });
    expect(ebsOrphanedSnapshot.evaluate(snap, context([snap])).kind).toBe('not-applicable');
  });

  it('answers insufficient data without a snapshot price', () => {
    const snap = snapshot('snap-1', { region: 'sa-east-1' });
    expect(ebsOrphanedSnapshot.evaluate(snap, context([snap])).kind).toBe('insufficient-data');
  });
});
