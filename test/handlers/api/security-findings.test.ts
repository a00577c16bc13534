import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../../functions/domain/rules';
import type { ApiRequest } from '../../../functions/handlers/api/operation';
import { listSecurityFindings } from '../../../functions/handlers/api/security-findings';
import { ValidationError } from '../../../functions/shared/errors';
import { dependencies } from './fixtures';
import { A, B, runAnalysis, SSH_FINDING, securityFleet } from './posture-fixtures';

const NOW = new Date('2026-11-23T12:00:00.000Z');

function request(query: Record<string, string> = {}): ApiRequest {
  return {
    caller: { subject: 'sub-1', username: 'ada', groups: ['viewer'] },
    pathParameters: {},
    query,
    body: undefined,
  };
}

async function analysed() {
  const deps = dependencies();
  await runAnalysis(deps, securityFleet(), NOW);
  // A cost finding in the same account must never show up among security findings.
  const [ssh] = await deps.findings.listByCategory('security');
  await deps.findings.putMany([
    { ...ssh!, id: 'ebs-unattached-volume|vol-1', ruleId: 'ebs-unattached-volume', category: 'cost' },
  ]);
  return deps;
}

describe('listSecurityFindings', () => {
  it('lists unresolved security findings, most severe first, each with its remediation, with counts by severity, account and check', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const body = (await listSecurityFindings(request(), deps)).body;

    // Assess
    expect(body.items.map((f) => f.ruleId)).toEqual(['sg-admin-port-open-ipv4', 'ec2-imdsv1-allowed']);
    expect(body.items.map((f) => f.remediation)).toEqual(
      ['sg-admin-port-open-ipv4', 'ec2-imdsv1-allowed'].map(
        (id) => ALL_RULES.find((rule) => rule.id === id)!.remediation,
      ),
    );
    expect(body.counts).toMatchObject({
      total: 2,
      bySeverity: { high: 1, medium: 1, critical: 0 },
      byStatus: { open: 2, suppressed: 0, resolved: 0 },
      byAccount: [{ accountId: A, count: 2 }],
    });
    expect(body.counts.byCheck).toEqual([
      { ruleId: 'ec2-imdsv1-allowed', severity: 'medium', count: 1 },
      { ruleId: 'sg-admin-port-open-ipv4', severity: 'high', count: 1 },
    ]);
    expect(body.nextCursor).toBeUndefined();
  });

  it('filters by severity, check, framework and account', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const high = (await listSecurityFindings(request({ severity: 'high' }), deps)).body;
    const byRule = (await listSecurityFindings(request({ ruleId: 'ec2-imdsv1-allowed' }), deps)).body;
    const cis = (await listSecurityFindings(request({ framework: 'cis-aws-foundations-3.0.0' }), deps)).body;
    const otherAccount = (await listSecurityFindings(request({ accountId: B }), deps)).body;

    // Assess
    expect(high.items.map((f) => f.id)).toEqual([SSH_FINDING]);
    expect(byRule.items.map((f) => f.ruleId)).toEqual(['ec2-imdsv1-allowed']);
    expect(cis.counts.total).toBe(2);
    expect(otherAccount.counts.total).toBe(0);
  });

  it('shows resolved findings only when asked for them', async () => {
    // Prepare
    const deps = await analysed();
    const fixed = securityFleet().filter((r) => !r.id.endsWith('sg/sg-open'));
    await runAnalysis(deps, fixed, new Date('2026-11-24T12:00:00.000Z'));

    // Act
    const unresolved = (await listSecurityFindings(request(), deps)).body;
    const resolved = (await listSecurityFindings(request({ status: 'resolved' }), deps)).body;

    // Assess
    expect(unresolved.items.map((f) => f.ruleId)).toEqual(['ec2-imdsv1-allowed']);
    expect(resolved.items.map((f) => f.id)).toEqual([SSH_FINDING]);
  });

  it('pages the items while counting every match', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const first = (await listSecurityFindings(request({ limit: '1' }), deps)).body;
    const second = (await listSecurityFindings(request({ limit: '1', cursor: first.nextCursor! }), deps))
      .body;

    // Assess
    expect(first.items.map((f) => f.ruleId)).toEqual(['sg-admin-port-open-ipv4']);
    expect(first.counts.total).toBe(2);
    expect(second.items.map((f) => f.ruleId)).toEqual(['ec2-imdsv1-allowed']);
    expect(second.nextCursor).toBeUndefined();
  });

  it.each([
    [{ severity: 'urgent' }, 'severity'],
    [{ ruleId: 'ebs-unattached-volume' }, 'ruleId'],
    [{ status: 'closed' }, 'status'],
    [{ framework: 'pci-dss' }, 'framework'],
    [{ accountId: '12345' }, 'accountId'],
    [{ cursor: 'abc' }, 'cursor'],
    [{ cursor: '99' }, 'cursor'],
  ])('rejects %j naming %s', async (query, parameter) => {
    // Prepare
    const deps = await analysed();

    // Act
    const failure = listSecurityFindings(request(query), deps);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ issues: [{ parameter }] });
  });
});
