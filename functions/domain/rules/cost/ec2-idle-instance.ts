import {
  assessIdleInstance,
  attachedVolumesCost,
  HOURS_PER_MONTH,
  IDLE_EC2_RULE_ID,
  round2,
  WELL_ARCHITECTED,
} from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable } from '../rule';

/**
 * A running instance doing nothing: p95 CPU below `cpuP95Percent` (default 5) and network in + out
 * below `networkBytesPerDay` (default 5,000,000 bytes a day on average) over at least `minimumDays`
 * (default 14). Saving: the instance hours plus the EBS volumes attached to it.
 */
export const ec2IdleInstance = defineRule({
  id: IDLE_EC2_RULE_ID,
  title: 'EC2 instance is idle',
  category: 'cost',
  severity: 'medium',
  rationale:
    'An instance with almost no CPU and network use for two weeks is paid for by the hour without doing work.',
  remediation: 'Confirm with the owner, snapshot the volumes if needed, then stop or terminate the instance.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:instance'],
  evaluate(instance, context) {
    if (instance.state !== 'running') return notApplicable;
    const idle = assessIdleInstance(instance, context);
    if (idle.kind === 'unknown') return insufficientData(idle.reason);
    if (idle.kind === 'active') return compliant;
    const hourly = context.prices.ec2InstanceHourly(instance.region, instance.attributes.instanceType);
    if (hourly === undefined) {
      return insufficientData(`no price for ${instance.attributes.instanceType} in ${instance.region}`);
    }
    const volumes = attachedVolumesCost(instance, context);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * HOURS_PER_MONTH + volumes.monthlyUsd,
      evidence: {
        instanceType: instance.attributes.instanceType,
        cpuP95Percent: round2(idle.cpuP95),
        networkBytesPerDay: Math.round(idle.networkBytesPerDay),
        days: round2(idle.days),
        thresholds: idle.thresholds,
        hourlyUsd: hourly,
        instanceMonthlyUsd: round2(hourly * HOURS_PER_MONTH),
        attachedVolumes: volumes.volumes,
        volumesNotPriced: volumes.unpriced,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
