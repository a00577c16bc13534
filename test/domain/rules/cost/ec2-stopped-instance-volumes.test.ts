import { describe, expect, it } from 'vitest';
import { ec2StoppedInstanceVolumes } from '../../../../functions/domain/rules/cost/ec2-stopped-instance-volumes';
import { context, instance, volume } from './fixtures';

const volumes = [
  volume('vol-a', { attributes: { volumeType: 'gp3', sizeGiB: 100 } }),
  volume('vol-b', { attributes: { volumeType: 'gp2', sizeGiB: 50 } }),
];
const stopped = (reason: string | undefined) =>
  instance('i-parked', {
    state: 'stopped',
    attributes: { volumeIds: ['vol-a', 'vol-b'], stateReason: reason },
  });

describe('ec2-stopped-instance-volumes', () => {
  it('prices the volumes of an instance stopped for 53 days', () => {
    // Prepare
    const vm = stopped('User initiated (2026-10-01 12:00:00 GMT)');
    // Act
    const verdict = ec2StoppedInstanceVolumes.evaluate(vm, context([vm, ...volumes]));
    // Assess: 100 × 0.08 + 50 × 0.10 = 13.00
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(13, 6);
    expect(verdict.evidence).toMatchObject({ stoppedSince: '2026-10-01T12:00:00.000Z', stoppedDays: 52 });
  });

  it('is compliant for an instance stopped three days ago', () => {
    const vm = stopped('User initiated (2026-11-20 09:00:00 GMT)');
    expect(ec2StoppedInstanceVolumes.evaluate(vm, context([vm, ...volumes])).kind).toBe('compliant');
  });

  it('does not apply to a running instance', () => {
    const vm = instance('i-parked');
    expect(ec2StoppedInstanceVolumes.evaluate(vm, context([vm])).kind).toBe('not-applicable');
  });

  it('answers insufficient data when the stop time is unknown or a volume is missing', () => {
    const unknown = stopped('Client.UserInitiatedShutdown');
    expect(ec2StoppedInstanceVolumes.evaluate(unknown, context([unknown, ...volumes])).kind).toBe(
      'insufficient-data',
    );
    const vm = stopped('User initiated (2026-10-01 12:00:00 GMT)');
    expect(ec2StoppedInstanceVolumes.evaluate(vm, context([vm, volumes[0]!])).kind).toBe('insufficient-data');
  });
});
