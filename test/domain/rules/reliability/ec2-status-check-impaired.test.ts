import { describe, expect, it } from 'vitest';
import { ec2StatusCheckImpaired } from '../../../../functions/domain/rules/reliability/ec2-status-check-impaired';
import { instance, judge } from '../security/builders';

describe('ec2-status-check-impaired', () => {
  it('is compliant when both status checks pass', () => {
    // Prepare
    const passing = instance({ statusChecks: { system: 'ok', instance: 'ok' } });
    // Act
    const verdict = judge(ec2StatusCheckImpaired, passing);
    // Assess
    expect(verdict.kind).toBe('compliant');
  });

  it('reports a failed system check as critical and a failed instance check as high', () => {
    // Prepare
    const hostFailure = instance({ statusChecks: { system: 'impaired', instance: 'ok' } });
    const osFailure = instance({ statusChecks: { system: 'ok', instance: 'impaired' } });
    // Act
    const host = judge(ec2StatusCheckImpaired, hostFailure);
    const os = judge(ec2StatusCheckImpaired, osFailure);
    // Assess
    expect(host).toMatchObject({
      kind: 'non-compliant',
      severity: 'critical',
      title: 'EC2 system status check failing',
    });
    expect(os).toMatchObject({
      kind: 'non-compliant',
      severity: 'high',
      evidence: { instanceStatus: 'impaired' },
    });
  });

  it('does not apply to a stopped instance or one without status checks', () => {
    // Prepare
    const stopped = instance({}, { state: 'stopped' });
    const unchecked = instance();
    // Act / Assess
    expect(judge(ec2StatusCheckImpaired, stopped).kind).toBe('not-applicable');
    expect(judge(ec2StatusCheckImpaired, unchecked).kind).toBe('not-applicable');
  });
});
