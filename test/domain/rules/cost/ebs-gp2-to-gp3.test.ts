import { describe, expect, it } from 'vitest';
import { ebsGp2ToGp3, gp2BaselineIops } from '../../../../functions/domain/rules/cost/ebs-gp2-to-gp3';
import { context, volume } from './fixtures';

describe('ebs-gp2-to-gp3', () => {
  it('saves size × (gp2 − gp3) on a 500 GiB gp2 volume', () => {
    const vol = volume('vol-1', { attributes: { volumeType: 'gp2', sizeGiB: 500 } });
    const verdict = ebsGp2ToGp3.evaluate(vol, context([vol]));
    // 500 × (0.10 − 0.08) = 10.00; its 1,500 baseline IOPS fit in gp3's included 3,000
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind === 'non-compliant') expect(verdict.monthlySavingsUsd).toBeCloseTo(10, 6);
  });

  it('subtracts the gp3 IOPS needed to match a large gp2 volume', () => {
    const vol = volume('vol-1', { attributes: { volumeType: 'gp2', sizeGiB: 2000 } });
    const verdict = ebsGp2ToGp3.evaluate(vol, context([vol]));
    // 2000 × 0.02 = 40.00 − (6000 − 3000) IOPS × 0.005 = 15.00
    expect(gp2BaselineIops(2000)).toBe(6000);
    if (verdict.kind !== 'non-compliant') throw new Error(verdict.kind);
    expect(verdict.monthlySavingsUsd).toBeCloseTo(25, 6);
  });

  it('is compliant on gp3 and not applicable to io2 or to an unattached gp2 volume', () => {
    const gp3 = volume('vol-1');
    const io2 = volume('vol-2', { attributes: { volumeType: 'io2' } });
    const loose = volume('vol-3', { state: 'available', attributes: { volumeType: 'gp2' } });
    const ctx = context([gp3, io2, loose]);
    expect(ebsGp2ToGp3.evaluate(gp3, ctx).kind).toBe('compliant');
    expect(ebsGp2ToGp3.evaluate(io2, ctx).kind).toBe('not-applicable');
    expect(ebsGp2ToGp3.evaluate(loose, ctx).kind).toBe('not-applicable');
  });

  it('answers insufficient data in a region without prices', () => {
    const vol = volume('vol-1', { region: 'af-south-1', attributes: { volumeType: 'gp2' } });
    expect(ebsGp2ToGp3.evaluate(vol, context([vol])).kind).toBe('insufficient-data');
  });
});
