import { describe, expect, it } from 'vitest';
import { findingDedupeKey, reconcileCheckAlerts } from '../../../functions/domain/alerts/findings';
import type { Finding } from '../../../functions/domain/model';
import { T0 } from './fixtures';

const finding = (id: string, status: Finding['status']): Finding => ({
  id,
  ruleId: 'ec2-status-check-impaired',
  resourceId: `arn:i/${id}`,
  resourceType: 'ec2:instance',
  resourceName: id,
  accountId: '111111111111',
  region: 'eu-west-1',
  category: 'reliability',
  severity: 'high',
  title: 'EC2 instance status check failing',
  evidence: { instanceStatus: 'impaired' },
  references: [],
  status,
  firstSeen: T0.toISOString(),
  lastSeen: T0.toISOString(),
});

describe('reconcileCheckAlerts', () => {
  it('raises for open findings without an active alert and clears alerts whose finding resolved', () => {
    // Prepare
    const findings = [
      finding('a', 'open'),
      finding('b', 'open'),
      finding('c', 'resolved'),
      finding('d', 'suppressed'),
    ];
    const active = [
      { dedupeKey: findingDedupeKey(findings[1]!), source: 'check' },
      { dedupeKey: findingDedupeKey(findings[2]!), source: 'check' },
      { dedupeKey: findingDedupeKey(findings[3]!), source: 'check' },
      { dedupeKey: 'ec2-state|arn:i/x', source: 'event' },
    ];
    // Act
    const signals = reconcileCheckAlerts(findings, active, T0.toISOString());
    // Assess
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'raise',
        dedupeKey: 'finding|a',
        source: 'check',
        detail: 'instanceStatus=impaired',
      }),
      expect.objectContaining({ kind: 'clear', dedupeKey: 'finding|c', reason: 'check passed' }),
      expect.objectContaining({ kind: 'clear', dedupeKey: 'finding|d', reason: 'finding suppressed' }),
    ]);
  });

  it('gives no signal in steady state', () => {
    const findings = [finding('a', 'open')];
    expect(
      reconcileCheckAlerts(findings, [{ dedupeKey: 'finding|a', source: 'check' }], T0.toISOString()),
    ).toEqual([]);
  });
});
