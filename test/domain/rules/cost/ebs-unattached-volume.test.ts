import { describe, expect, it } from 'vitest';
import { ebsUnattachedVolume } from '../../../../functions/domain/rules/cost/ebs-unattached-volume';
import { context, volume } from './fixtures';

describe('ebs-unattached-volume', () => {
  it('prices an unattached io1 volume with its provisioned IOPS', () => {
    // Prepare
    const vol = volume('vol-1', {
      state: 'available',
      attributes: { volumeType: 'io1', sizeGiB: 500, iops: 4000 },
    });
    // Act
    const verdict = ebsUnattachedVolume.evaluate(vol, context([vol]));
    // Assess: 500 × 0.125 + 4000 × 0.065 = 62.50 + 260.00
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(322.5, 6);
    expect(verdict.evidence).toMatchObject({
      storageMonthlyUsd: 62.5,
      iopsMonthlyUsd: 260,
      iopsPriced: true,
    });
  });

  it('counts only gp3 IOPS above the 3,000 included', () => {
    const vol = volume('vol-1', {
      state: 'available',
      attributes: { volumeType: 'gp3', sizeGiB: 100, iops: 4000 },
    });
    const verdict = ebsUnattachedVolume.evaluate(vol, context([vol]));
    // 100 × 0.08 + 1000 × 0.005
    if (verdict.kind !== 'non-compliant') throw new Error(verdict.kind);
    expect(verdict.monthlySavingsUsd).toBeCloseTo(13, 6);
  });

  it('is compliant when attached, not applicable while being created', () => {
    const attached = volume('vol-1');
    expect(ebsUnattachedVolume.evaluate(attached, context([attached])).kind).toBe('compliant');
    const creating = volume('vol-2', { state: 'creating' });
    expect(ebsUnattachedVolume.evaluate(creating, context([creating])).kind).toBe('not-applicable');
  });

  it('answers insufficient data for a volume type without a price', () => {
    const vol = volume('vol-1', { state: 'available', region: 'me-south-1' });
    expect(ebsUnattachedVolume.evaluate(vol, context([vol])).kind).toBe('insufficient-data');
  });
});
