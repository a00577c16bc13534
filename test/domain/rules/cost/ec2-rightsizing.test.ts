import { describe, expect, it } from 'vitest';
import { ec2Rightsizing } from '../../../../functions/domain/rules/cost/ec2-rightsizing';
import { context, instance, instanceArn, series } from './fixtures';

const id = instanceArn('i-big');
const busy = (days: number, cpu: number) => [
  series(id, 'CPUUtilization', days, () => cpu),
  series(id, 'NetworkIn', days, () => 50_000_000),
  series(id, 'NetworkOut', days, () => 50_000_000),
];

describe('ec2-rightsizing', () => {
  it('recommends m5.large for an m5.2xlarge whose p99 CPU is 20% (1.92 vCPU with headroom)', () => {
    // Prepare
    const vm = instance('i-big', { attributes: { instanceType: 'm5.2xlarge' } });
    // Act
    const verdict = ec2Rightsizing.evaluate(vm, context([vm], busy(14, 20)));
    // Assess: (0.384 − 0.096) $/h × 730 h = 210.24
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(210.24, 6);
    expect(verdict.title).toBe('Resize m5.2xlarge to m5.large');
    expect(verdict.evidence).toMatchObject({
      method: 'p99 CPU over 14 days with 20% headroom',
      requiredVcpu: 1.92,
      recommendedType: 'm5.large',
      memoryObserved: false,
    });
  });

  it('keeps the most memory among burstable sizes with the same vCPU count', () => {
    const vm = instance('i-big', { attributes: { instanceType: 't3.xlarge' } });
    const verdict = ec2Rightsizing.evaluate(vm, context([vm], busy(14, 30)));
    // t3.xlarge → t3.large: (0.1664 − 0.0832) × 730 = 60.736
    expect(verdict).toMatchObject({ kind: 'non-compliant', evidence: { recommendedType: 't3.large' } });
    if (verdict.kind === 'non-compliant') expect(verdict.monthlySavingsUsd).toBeCloseTo(60.736, 6);
  });

  it('is compliant when p99 CPU with headroom needs the vCPUs it has', () => {
    const vm = instance('i-big', { attributes: { instanceType: 'm5.2xlarge' } });
    expect(ec2Rightsizing.evaluate(vm, context([vm], busy(14, 60))).kind).toBe('compliant');
  });

  it('leaves idle instances to ec2-idle-instance so a saving is not counted twice', () => {
    const vm = instance('i-big', { attributes: { instanceType: 'm5.2xlarge' } });
    const idle = [
      series(id, 'CPUUtilization', 14, () => 1),
      series(id, 'NetworkIn', 14, () => 0),
      series(id, 'NetworkOut', 14, () => 0),
    ];
    expect(ec2Rightsizing.evaluate(vm, context([vm], idle)).kind).toBe('not-applicable');
  });

  it('answers insufficient data with fewer than 14 days or an unknown size', () => {
    const vm = instance('i-big', { attributes: { instanceType: 'm5.2xlarge' } });
    expect(ec2Rightsizing.evaluate(vm, context([vm], busy(7, 20))).kind).toBe('insufficient-data');
    const odd = instance('i-big', { attributes: { instanceType: 'u-6tb1.metal' } });
    expect(ec2Rightsizing.evaluate(odd, context([odd], busy(14, 20))).kind).toBe('insufficient-data');
  });
});
