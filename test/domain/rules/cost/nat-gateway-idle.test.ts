import { describe, expect, it } from 'vitest';
import { natGatewayIdle } from '../../../../functions/domain/rules/cost/nat-gateway-idle';
import { context, natGateway, series } from './fixtures';

const traffic = (id: string, days: number, bytesPerHour: number) => [
  series(id, 'BytesOutToDestination', days, () => bytesPerHour),
  series(id, 'BytesInFromSource', days, () => bytesPerHour),
];

describe('nat-gateway-idle', () => {
  it('reports a NAT gateway that moved 6.7 MB in 14 days at its hourly price', () => {
    const nat = natGateway('nat-1');
    const verdict = natGatewayIdle.evaluate(nat, context([nat], traffic(nat.id, 14, 10_000)));
    // 0.045 $/h × 730 h = 32.85
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(32.85, 6);
    expect(verdict.evidence).toMatchObject({ bytes: 6_720_000, thresholdBytes: 100_000_000 });
  });

  it('is compliant when it carries traffic', () => {
    const nat = natGateway('nat-1');
    expect(natGatewayIdle.evaluate(nat, context([nat], traffic(nat.id, 14, 1_000_000))).kind).toBe(
      'compliant',
    );
  });

  it('does not apply to a deleted gateway', () => {
    const nat = natGateway('nat-1', { state: 'deleted' });
    expect(natGatewayIdle.evaluate(nat, context([nat])).kind).toBe('not-applicable');
  });

  it('answers insufficient data with only one of its two metrics', () => {
    const nat = natGateway('nat-1');
    const ctx = context([nat], [series(nat.id, 'BytesOutToDestination', 14, () => 0)]);
    expect(natGatewayIdle.evaluate(nat, ctx)).toEqual({
      kind: 'insufficient-data',
      reason: 'no BytesInFromSource datapoints collected',
    });
  });
});
