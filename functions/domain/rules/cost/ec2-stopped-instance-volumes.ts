import { attachedVolumesCost, stoppedSince, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'ec2-stopped-instance-volumes';
const MS_PER_DAY = 86_400_000;

/**
 * An instance stopped for more than `stoppedDays` (default 7) still pays for its EBS volumes. When it
 * stopped comes from the timestamp EC2 puts in `StateTransitionReason`; without one the rule cannot
 * tell and says so. Saving: the attached volumes' monthly cost.
 */
export const ec2StoppedInstanceVolumes = defineRule({
  id: RULE_ID,
  title: 'Stopped EC2 instance still pays for its volumes',
  category: 'cost',
  severity: 'low',
  rationale:
    'A stopped instance costs nothing per hour, but its volumes are billed in full for as long as it exists.',
  remediation: 'Create an AMI (or snapshots) and terminate the instance if it is no longer needed.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:instance'],
  evaluate(instance, context) {
    if (instance.state !== 'stopped') return notApplicable;
    const since = stoppedSince(instance.attributes.stateReason);
    if (!since) return insufficientData('stop time unknown: no timestamp in the state transition reason');
    const days = (context.now.getTime() - since.getTime()) / MS_PER_DAY;
    const limit = threshold(context, RULE_ID, 'stoppedDays', 7);
    if (days <= limit) return compliant;
    const volumes = attachedVolumesCost(instance, context);
    if (volumes.unpriced.length > 0) {
      return insufficientData(`volumes not in inventory or not priced: ${volumes.unpriced.join(', ')}`);
    }
    if (volumes.volumes.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: volumes.monthlyUsd,
      evidence: {
        stoppedSince: since.toISOString(),
        stoppedDays: Math.floor(days),
        thresholdDays: limit,
        attachedVolumes: volumes.volumes,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
