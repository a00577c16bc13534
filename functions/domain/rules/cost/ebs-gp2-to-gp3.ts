import { round2, WELL_ARCHITECTED } from '../../cost/savings';
import { GP3_INCLUDED_IOPS } from '../../pricing';
import { compliant, defineRule, insufficientData, notApplicable } from '../rule';

/** gp2 delivers 3 IOPS per GiB (at least 100, at most 16,000); a gp3 replacement is given as many. */
export function gp2BaselineIops(sizeGiB: number): number {
  return Math.min(16_000, Math.max(100, 3 * sizeGiB));
}

/**
 * An attached gp2 volume that would cost less as gp3 with the same baseline IOPS. Saving: size ×
 * (gp2 − gp3 GB-month), minus the gp3 IOPS above 3,000 needed to match gp2's baseline. gp3 volumes
 * are compliant; other types and unattached volumes (see `ebs-unattached-volume`) are not applicable.
 */
export const ebsGp2ToGp3 = defineRule({
  id: 'ebs-gp2-to-gp3',
  title: 'EBS gp2 volume would cost less as gp3',
  category: 'cost',
  severity: 'low',
  rationale:
    'gp3 costs about 20% less per GiB than gp2 and includes 3,000 IOPS and 125 MiB/s regardless of size.',
  remediation:
    'Modify the volume type to gp3 (online, no detach); provision IOPS above 3,000 if the volume needs them.',
  references: [WELL_ARCHITECTED.rightSize],
  appliesTo: ['ec2:volume'],
  evaluate(volume, context) {
    const type = volume.attributes.volumeType;
    if (type === 'gp3') return compliant;
    if (type !== 'gp2' || volume.state !== 'in-use') return notApplicable;
    const gp2 = context.prices.ebsVolumeGbMonth(volume.region, 'gp2');
    const gp3 = context.prices.ebsVolumeGbMonth(volume.region, 'gp3');
    if (gp2 === undefined || gp3 === undefined)
      return insufficientData(`no gp2/gp3 price in ${volume.region}`);
    const size = volume.attributes.sizeGiB;
    const matchIops = gp2BaselineIops(size);
    const extraIops = Math.max(0, matchIops - GP3_INCLUDED_IOPS);
    const iopsPrice = extraIops > 0 ? context.prices.ebsIopsMonth?.(volume.region, 'gp3') : 0;
    if (iopsPrice === undefined) return insufficientData(`no gp3 IOPS price in ${volume.region}`);
    const saving = size * (gp2 - gp3) - extraIops * iopsPrice;
    if (saving <= 0) return compliant;
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: saving,
      evidence: {
        sizeGiB: size,
        gp2GbMonthUsd: gp2,
        gp3GbMonthUsd: gp3,
        gp2BaselineIops: matchIops,
        gp3ExtraIops: extraIops,
        gp3ExtraIopsMonthlyUsd: round2(extraIops * iopsPrice),
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
