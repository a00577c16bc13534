import { describe, expect, it } from 'vitest';
import { elbUnhealthyTargets } from '../../../../functions/domain/rules/reliability/elb-unhealthy-targets';
import { contextWith, judge } from '../security/builders';
import { applicationLb, classicLb, targetGroup } from './builders';

describe('elb-unhealthy-targets', () => {
  it('is compliant when every target is healthy (initial and draining do not count as failing)', () => {
    // Prepare
    const lb = applicationLb();
    // Act
    const verdict = judge(
      elbUnhealthyTargets,
      lb,
      contextWith([lb, targetGroup(['healthy', 'initial', 'draining'])]),
    );
    // Assess
    expect(verdict.kind).toBe('compliant');
  });

  it('reports some failing targets with how many of how many', () => {
    // Prepare
    const lb = applicationLb();
    // Act
    const verdict = judge(
      elbUnhealthyTargets,
      lb,
      contextWith([lb, targetGroup(['healthy', 'healthy', 'unhealthy'])]),
    );
    const classic = judge(elbUnhealthyTargets, classicLb(['InService', 'OutOfService']));
    // Assess
    expect(verdict).toMatchObject({ kind: 'non-compliant', title: '1 of 3 load balancer targets unhealthy' });
    expect(classic).toMatchObject({ kind: 'non-compliant', evidence: { unhealthyTargets: ['i-101'] } });
  });

  it('does not apply without targets, and leaves a total outage to elb-no-healthy-targets', () => {
    // Prepare
    const lb = applicationLb();
    // Act / Assess
    expect(judge(elbUnhealthyTargets, applicationLb([])).kind).toBe('not-applicable');
    expect(judge(elbUnhealthyTargets, lb, contextWith([lb, targetGroup(['unhealthy'])])).kind).toBe(
      'compliant',
    );
  });
});
