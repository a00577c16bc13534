import { describe, expect, it } from 'vitest';
import { rdsInstanceNotAvailable } from '../../../../functions/domain/rules/reliability/rds-instance-not-available';
import { dbInstance, judge } from '../security/builders';

describe('rds-instance-not-available', () => {
  it('is compliant when available or doing planned work', () => {
    expect(judge(rdsInstanceNotAvailable, dbInstance()).kind).toBe('compliant');
    expect(judge(rdsInstanceNotAvailable, dbInstance({}, { state: 'backing-up' })).kind).toBe('compliant');
  });

  it('reports failed and storage-full as critical, other broken states as high', () => {
    // Act
    const failed = judge(rdsInstanceNotAvailable, dbInstance({}, { state: 'storage-full' }));
    const broken = judge(rdsInstanceNotAvailable, dbInstance({}, { state: 'incompatible-parameters' }));
    // Assess
    expect(failed).toMatchObject({
      kind: 'non-compliant',
      severity: 'critical',
      title: 'RDS instance storage-full',
    });
    expect(broken).toMatchObject({
      kind: 'non-compliant',
      severity: 'high',
      evidence: { status: 'incompatible-parameters' },
    });
  });

  it('does not apply to an instance someone stopped', () => {
    expect(judge(rdsInstanceNotAvailable, dbInstance({}, { state: 'stopped' })).kind).toBe('not-applicable');
  });
});
