import { describe, expect, it } from 'vitest';
import { elbNoHealthyTargets } from '../../../../functions/domain/rules/reliability/elb-no-healthy-targets';
import { contextWith, judge } from '../security/builders';
import { applicationLb, classicLb, targetGroup } from './builders';

describe('elb-no-healthy-targets', () => {
  it('is compliant while at least one target is healthy', () => {
    // Prepare
    const lb = applicationLb();
    // Act
    const verdict = judge(elbNoHealthyTargets, lb, contextWith([lb, targetGroup(['healthy', 'unhealthy'])]));
    // Assess
    expect(verdict.kind).toBe('compliant');
  });

  it('reports a load balancer whose every target fails, for target groups and classic instances', () => {
    // Prepare
    const lb = applicationLb();
    const classic = classicLb(['OutOfService', 'OutOfService']);
    // Act
    const alb = judge(elbNoHealthyTargets, lb, contextWith([lb, targetGroup(['unhealthy', 'unavailable'])]));
    const elb = judge(elbNoHealthyTargets, classic);
    // Assess
    expect(alb).toMatchObject({
      kind: 'non-compliant',
      evidence: { registeredTargets: 2, healthyTargets: 0 },
    });
    expect(elb).toMatchObject({ kind: 'non-compliant', evidence: { unhealthyTargets: ['i-100', 'i-101'] } });
  });

  it('does not apply to a load balancer without targets, and says when its target groups are unknown', () => {
    // Prepare
    const empty = applicationLb([]);
    const unknownGroups = applicationLb();
    // Act / Assess
    expect(judge(elbNoHealthyTargets, empty).kind).toBe('not-applicable');
    expect(judge(elbNoHealthyTargets, unknownGroups).kind).toBe('insufficient-data');
  });
});
