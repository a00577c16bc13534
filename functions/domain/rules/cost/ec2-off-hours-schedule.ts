import {
  assessIdleInstance,
  HOURS_PER_MONTH,
  metricWindow,
  round2,
  WELL_ARCHITECTED,
} from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'ec2-off-hours-schedule';
/** Business hours the suggested schedule keeps running: Monday to Friday, 08:00 to 20:00 UTC. */
export const BUSINESS_HOURS = {
  days: 5,
  startHour: 8,
  endHour: 20,
  label: 'Mon–Fri 08:00–20:00 UTC',
} as const;
const HOURS_ON_PER_WEEK = BUSINESS_HOURS.days * (BUSINESS_HOURS.endHour - BUSINESS_HOURS.startHour);
/** Hours a month the schedule keeps the instance stopped: 730 × 108 / 168 ≈ 469.3. */
export const OFF_HOURS_PER_MONTH = (HOURS_PER_MONTH * (168 - HOURS_ON_PER_WEEK)) / 168;

function isBusinessHour(hourOfWeek: number): boolean {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  return day < BUSINESS_HOURS.days && hour >= BUSINESS_HOURS.startHour && hour < BUSINESS_HOURS.endHour;
}

/**
 * A running instance with a business-hours profile: its hour-of-week CPU average is at least
 * `busyCpuPercent` (default 10) on weekdays 08–20 UTC and at most `offCpuPercent` (default 5) in every
 * other hour. Saving: the instance's hourly price for the hours the schedule stops it. Instances of an
 * Auto Scaling group (scaled by their group) and idle instances (see `ec2-idle-instance`) are left out.
 */
export const ec2OffHoursSchedule = defineRule({
  id: RULE_ID,
  title: `EC2 instance could run on a schedule (${BUSINESS_HOURS.label})`,
  category: 'cost',
  severity: 'low',
  rationale: 'An instance used only in business hours is paid for 168 hours a week but works for 60 of them.',
  remediation: `Stop it outside ${BUSINESS_HOURS.label} with an EventBridge Scheduler schedule or Instance Scheduler.`,
  references: [WELL_ARCHITECTED.supplyDemand],
  appliesTo: ['ec2:instance'],
  evaluate(instance, context) {
    if (instance.state !== 'running' || instance.tags['aws:autoscaling:groupName'] !== undefined)
      return notApplicable;
    const window = metricWindow(context, RULE_ID, instance.id, ['CPUUtilization']);
    if (!window.ok) return insufficientData(window.reason);
    const profile = window.summaries.CPUUtilization!.hourOfWeekAverage;
    if (profile?.length !== 168)
      return insufficientData('CPU datapoints do not cover every hour of the week');
    if (assessIdleInstance(instance, context).kind === 'idle') return notApplicable;

    const busy = profile.filter((_, h) => isBusinessHour(h));
    const off = profile.filter((_, h) => !isBusinessHour(h));
    const busyAverage = busy.reduce((t, v) => t + v, 0) / busy.length;
    const offMaximum = Math.max(...off);
    const busyCpu = threshold(context, RULE_ID, 'busyCpuPercent', 10);
    const offCpu = threshold(context, RULE_ID, 'offCpuPercent', 5);
    if (busyAverage < busyCpu || offMaximum > offCpu) return compliant;

    const hourly = context.prices.ec2InstanceHourly(instance.region, instance.attributes.instanceType);
    if (hourly === undefined) {
      return insufficientData(`no price for ${instance.attributes.instanceType} in ${instance.region}`);
    }
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * OFF_HOURS_PER_MONTH,
      evidence: {
        schedule: BUSINESS_HOURS.label,
        businessHoursCpuAverage: round2(busyAverage),
        offHoursCpuMaximum: round2(offMaximum),
        thresholds: { busyCpuPercent: busyCpu, offCpuPercent: offCpu },
        hoursOnPerWeek: HOURS_ON_PER_WEEK,
        hoursOffPerMonth: round2(OFF_HOURS_PER_MONTH),
        hourlyUsd: hourly,
        excludes: 'EBS volumes, which are billed while stopped',
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
