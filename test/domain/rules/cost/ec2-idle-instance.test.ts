import { describe, expect, it } from 'vitest';
import { ec2IdleInstance } from '../../../../functions/domain/rules/cost/ec2-idle-instance';
import { context, instance, instanceArn, series, volume } from './fixtures';

const id = instanceArn('i-idle');
const metrics = (days: number, cpu: number, bytesPerHour: number) => [
  series(id, 'CPUUtilization', days, () => cpu),
  series(id, 'NetworkIn', days, () => bytesPerHour),
  series(id, 'NetworkOut', days, () => bytesPerHour),
];

describe('ec2-idle-instance', () => {
  it('reports an idle m5.xlarge with its instance hours plus its attached gp3 volume', () => {
    // Prepare
    const vm = instance('i-idle', { attributes: { volumeIds: ['vol-root'] } });
    const root = volume('vol-root', { attributes: { volumeType: 'gp3', sizeGiB: 100 } });
    // Act
    const verdict = ec2IdleInstance.evaluate(vm, context([vm, root], metrics(14, 1, 1000)));
    // Assess: 0.192 $/h × 730 h = 140.16, + 100 GiB × 0.08 $/GB-month = 8.00
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(148.16, 6);
    expect(verdict.evidence).toMatchObject({
      cpuP95Percent: 1,
      networkBytesPerDay: 48_000,
      hourlyUsd: 0.192,
    });
  });

  it('leaves an instance with real CPU use alone', () => {
    const vm = instance('i-idle');
    expect(ec2IdleInstance.evaluate(vm, context([vm], metrics(14, 30, 1000))).kind).toBe('compliant');
  });

  it('leaves an instance that moves more than 5 MB a day alone, even at low CPU', () => {
    const vm = instance('i-idle');
    expect(ec2IdleInstance.evaluate(vm, context([vm], metrics(14, 1, 200_000))).kind).toBe('compliant');
  });

  it('does not judge a stopped instance', () => {
    const vm = instance('i-idle', { state: 'stopped' });
    expect(ec2IdleInstance.evaluate(vm, context([vm], metrics(14, 1, 1000))).kind).toBe('not-applicable');
  });

  it('answers insufficient data with fewer than 14 days of metrics', () => {
    const vm = instance('i-idle');
    const verdict = ec2IdleInstance.evaluate(vm, context([vm], metrics(10, 1, 1000)));
    expect(verdict).toEqual({
      kind: 'insufficient-data',
      reason: 'CPUUtilization covers 10.0 days; 14 needed',
    });
  });

  it('answers insufficient data, not "no saving", for an instance type without a price', () => {
    const vm = instance('i-idle', { attributes: { instanceType: 'x2iedn.32xlarge' } });
    expect(ec2IdleInstance.evaluate(vm, context([vm], metrics(14, 1, 1000))).kind).toBe('insufficient-data');
  });

  it('honours a configured CPU threshold', () => {
    const vm = instance('i-idle');
    const settings = { thresholds: { 'ec2-idle-instance': { cpuP95Percent: 40 } } };
    expect(ec2IdleInstance.evaluate(vm, context([vm], metrics(14, 30, 1000), settings)).kind).toBe(
      'non-compliant',
    );
  });
});
