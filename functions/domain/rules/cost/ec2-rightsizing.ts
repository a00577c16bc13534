import { familySizes, instanceSize } from '../../cost/instance-sizes';
import {
  assessIdleInstance,
  HOURS_PER_MONTH,
  metricWindow,
  round2,
  WELL_ARCHITECTED,
} from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'ec2-rightsizing';
/** Headroom added on top of observed p99 CPU, as AWS Compute Optimizer does by default. */
const DEFAULT_HEADROOM_PERCENT = 20;

/**
 * An instance whose p99 CPU over 14 days, with `headroomPercent` (default 20) headroom, fits in fewer
 * vCPUs of the same family. The recommended size is the one with the fewest vCPUs that fit, and among
 * those the most memory, since CloudWatch does not observe memory without an agent. Idle instances are
 * left to `ec2-idle-instance`.
 */
export const ec2Rightsizing = defineRule({
  id: RULE_ID,
  title: 'EC2 instance is oversized for its CPU use',
  category: 'cost',
  severity: 'low',
  rationale:
    'Paying for vCPUs the workload never uses, even at its 99th percentile, is the most common EC2 waste.',
  remediation:
    'Check memory use (CloudWatch agent) and resize to the recommended type in a maintenance window; the instance restarts.',
  references: [WELL_ARCHITECTED.rightSize],
  appliesTo: ['ec2:instance'],
  evaluate(instance, context) {
    if (instance.state !== 'running') return notApplicable;
    const current = instanceSize(instance.attributes.instanceType);
    if (!current) return insufficientData(`no size data for ${instance.attributes.instanceType}`);
    const window = metricWindow(context, RULE_ID, instance.id, ['CPUUtilization']);
    if (!window.ok) return insufficientData(window.reason);
    if (assessIdleInstance(instance, context).kind === 'idle') return notApplicable;

    const headroomPercent = threshold(context, RULE_ID, 'headroomPercent', DEFAULT_HEADROOM_PERCENT);
    const p99 = window.summaries.CPUUtilization!.p99;
    const requiredVcpu = (p99 / 100) * current.vcpu * (1 + headroomPercent / 100);
    const fitting = familySizes(current.instanceType).filter(
      (s) => s.vcpu < current.vcpu && s.vcpu >= requiredVcpu,
    );
    if (fitting.length === 0) return compliant;
    const fewestVcpu = Math.min(...fitting.map((s) => s.vcpu));
    const target = fitting
      .filter((s) => s.vcpu === fewestVcpu)
      .reduce((best, s) => (s.memoryGiB > best.memoryGiB ? s : best));

    const currentHourly = context.prices.ec2InstanceHourly(instance.region, current.instanceType);
    const targetHourly = context.prices.ec2InstanceHourly(instance.region, target.instanceType);
    if (currentHourly === undefined || targetHourly === undefined) {
      return insufficientData(
        `no price for ${current.instanceType} or ${target.instanceType} in ${instance.region}`,
      );
    }
    const saving = (currentHourly - targetHourly) * HOURS_PER_MONTH;
    if (saving <= 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `Resize ${current.instanceType} to ${target.instanceType}`,
      monthlySavingsUsd: saving,
      evidence: {
        method: `p99 CPU over ${Math.floor(window.days)} days with ${headroomPercent}% headroom`,
        cpuP99Percent: round2(p99),
        currentType: current.instanceType,
        currentVcpu: current.vcpu,
        currentMemoryGiB: current.memoryGiB,
        requiredVcpu: round2(requiredVcpu),
        recommendedType: target.instanceType,
        recommendedVcpu: target.vcpu,
        recommendedMemoryGiB: target.memoryGiB,
        memoryObserved: false,
        currentHourlyUsd: currentHourly,
        recommendedHourlyUsd: targetHourly,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
