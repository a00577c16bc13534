import { describe, expect, it } from 'vitest';
import {
  ec2OffHoursSchedule,
  OFF_HOURS_PER_MONTH,
} from '../../../../functions/domain/rules/cost/ec2-off-hours-schedule';
import { context, instance, instanceArn, series } from './fixtures';

const id = instanceArn('i-office');
const isWorkHour = (at: Date) =>
  at.getUTCDay() >= 1 && at.getUTCDay() <= 5 && at.getUTCHours() >= 8 && at.getUTCHours() < 20;
const profile = (days: number, cpu: (at: Date) => number) => [
  series(id, 'CPUUtilization', days, cpu),
  series(id, 'NetworkIn', days, () => 10_000_000),
  series(id, 'NetworkOut', days, () => 10_000_000),
];

describe('ec2-off-hours-schedule', () => {
  it('suggests Mon–Fri 08:00–20:00 UTC for a business-hours m5.large and prices the hours off', () => {
    // Prepare
    const vm = instance('i-office', { attributes: { instanceType: 'm5.large' } });
    // Act
    const verdict = ec2OffHoursSchedule.evaluate(
      vm,
      context(
        [vm],
        profile(14, (at) => (isWorkHour(at) ? 40 : 1)),
      ),
    );
    // Assess: 0.096 $/h × 730 × 108 / 168 h = 45.0514...
    expect(OFF_HOURS_PER_MONTH).toBeCloseTo(469.2857, 4);
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(45.0514, 4);
    expect(verdict.evidence).toMatchObject({ schedule: 'Mon–Fri 08:00–20:00 UTC', hoursOnPerWeek: 60 });
  });

  it('is compliant for an instance busy around the clock', () => {
    const vm = instance('i-office');
    expect(
      ec2OffHoursSchedule.evaluate(
        vm,
        context(
          [vm],
          profile(14, () => 40),
        ),
      ).kind,
    ).toBe('compliant');
  });

  it('is compliant when something runs at night, even once a week', () => {
    const vm = instance('i-office');
    const nightlyJob = (at: Date) =>
      isWorkHour(at) ? 40 : at.getUTCDay() === 0 && at.getUTCHours() === 3 ? 60 : 1;
    expect(ec2OffHoursSchedule.evaluate(vm, context([vm], profile(14, nightlyJob))).kind).toBe('compliant');
  });

  it('does not schedule Auto Scaling group members', () => {
    const vm = instance('i-office', { tags: { 'aws:autoscaling:groupName': 'web' } });
    const verdict = ec2OffHoursSchedule.evaluate(
      vm,
      context(
        [vm],
        profile(14, (at) => (isWorkHour(at) ? 40 : 1)),
      ),
    );
    expect(verdict.kind).toBe('not-applicable');
  });

  it('answers insufficient data with fewer than 14 days of metrics', () => {
    const vm = instance('i-office');
    const verdict = ec2OffHoursSchedule.evaluate(
      vm,
      context(
        [vm],
        profile(8, (at) => (isWorkHour(at) ? 40 : 1)),
      ),
    );
    expect(verdict.kind).toBe('insufficient-data');
  });
});
