import { describe, expect, it } from 'vitest';
import { elbIdleLoadBalancer } from '../../../../functions/domain/rules/cost/elb-idle-load-balancer';
import { context, loadBalancer, series, targetGroup } from './fixtures';

describe('elb-idle-load-balancer', () => {
  it('reports an ALB with no healthy targets at its hourly price', () => {
    // Prepare
    const tg = targetGroup('web', ['unhealthy', 'unused']);
    const lb = loadBalancer('web', { attributes: { targetGroupArns: [tg.id] } });
    // Act
    const verdict = elbIdleLoadBalancer.evaluate(lb, context([lb, tg]));
    // Assess: 0.0225 $/h × 730 h = 16.425
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind !== 'non-compliant') return;
    expect(verdict.monthlySavingsUsd).toBeCloseTo(16.425, 6);
    expect(verdict.evidence).toMatchObject({ reason: 'no healthy targets', excludes: 'LCU usage charges' });
  });

  it('reports an ALB with healthy targets but no request in 14 days', () => {
    const tg = targetGroup('web', ['healthy']);
    const lb = loadBalancer('web', { attributes: { targetGroupArns: [tg.id] } });
    const verdict = elbIdleLoadBalancer.evaluate(
      lb,
      context([lb, tg], [series(lb.id, 'RequestCount', 14, () => 0)]),
    );
    expect(verdict).toMatchObject({ kind: 'non-compliant', evidence: { metric: 'RequestCount', sum: 0 } });
  });

  it('is compliant with healthy targets and traffic', () => {
    const tg = targetGroup('web', ['healthy']);
    const lb = loadBalancer('web', { attributes: { targetGroupArns: [tg.id] } });
    const ctx = context([lb, tg], [series(lb.id, 'RequestCount', 14, () => 120)]);
    expect(elbIdleLoadBalancer.evaluate(lb, ctx).kind).toBe('compliant');
  });

  it('reports a Classic load balancer with no InService instance', () => {
    const lb = loadBalancer('old', {
      attributes: { kind: 'classic', instances: [{ instanceId: 'i-1', state: 'OutOfService' }] },
    });
    const verdict = elbIdleLoadBalancer.evaluate(lb, context([lb]));
    if (verdict.kind !== 'non-compliant') throw new Error(verdict.kind);
    expect(verdict.monthlySavingsUsd).toBeCloseTo(0.025 * 730, 6);
  });

  it('does not apply to a Gateway Load Balancer', () => {
    const lb = loadBalancer('gw', { attributes: { kind: 'gateway' } });
    expect(elbIdleLoadBalancer.evaluate(lb, context([lb])).kind).toBe('not-applicable');
  });

  it('answers insufficient data with healthy targets and under 14 days of requests', () => {
    const tg = targetGroup('web', ['healthy']);
    const lb = loadBalancer('web', { attributes: { targetGroupArns: [tg.id] } });
    const ctx = context([lb, tg], [series(lb.id, 'RequestCount', 5, () => 0)]);
    expect(elbIdleLoadBalancer.evaluate(lb, ctx).kind).toBe('insufficient-data');
  });
});
