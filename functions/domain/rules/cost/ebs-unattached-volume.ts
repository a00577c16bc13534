import { round2, volumeMonthlyCost, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable } from '../rule';

/** A volume in state `available` is attached to nothing and billed in full: storage plus provisioned IOPS. */
export const ebsUnattachedVolume = defineRule({
  id: 'ebs-unattached-volume',
  title: 'EBS volume is not attached to any instance',
  category: 'cost',
  severity: 'low',
  rationale: 'Unattached volumes keep costing their full size and provisioned IOPS while serving nothing.',
  remediation: 'Snapshot the volume if its data may be needed, then delete it.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:volume'],
  evaluate(volume, context) {
    if (volume.state === 'in-use') return compliant;
    if (volume.state !== 'available') return notApplicable;
    const cost = volumeMonthlyCost(volume, context.prices);
    if (!cost) return insufficientData(`no ${volume.attributes.volumeType} price in ${volume.region}`);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: cost.monthlyUsd,
      evidence: {
        volumeType: volume.attributes.volumeType,
        sizeGiB: volume.attributes.sizeGiB,
        provisionedIops: volume.attributes.iops ?? null,
        storageMonthlyUsd: round2(cost.storageUsd),
        iopsMonthlyUsd: round2(cost.iopsUsd),
        iopsPriced: cost.iopsPriced,
        createTime: volume.attributes.createTime,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
