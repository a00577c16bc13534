import { describe, expect, it } from 'vitest';
import { MemoryExceptionStore } from '../../../functions/adapters/memory/exception-store';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { reconcileRuleExceptions } from '../../../functions/app/posture/reconcile-rule-exceptions';
import type { Finding } from '../../../functions/domain/model';
import { person } from '../../domain/identity/fixtures';
import { instance } from '../../handlers/api/fixtures';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const A = '111111111111';

const finding = (instanceId: string, ruleId = 'ec2-imdsv1-allowed'): Finding => ({
  id: `${ruleId}|arn:aws:ec2:eu-west-1:${A}:instance/${instanceId}`,
  ruleId,
  resourceId: `arn:aws:ec2:eu-west-1:${A}:instance/${instanceId}`,
  resourceType: 'ec2:instance',
  accountId: A,
  region: 'eu-west-1',
  category: 'security',
  severity: 'medium',
  title: 'IMDSv1 allowed',
  evidence: {},
  references: [],
  status: 'open',
  firstSeen: '2026-11-20T00:00:00.000Z',
  lastSeen: '2026-11-23T00:00:00.000Z',
});

describe('reconcileRuleExceptions', () => {
  it("suppresses at once the check's findings a tag-scoped exception covers, and reopens them when it goes", async () => {
    // Prepare
    const findings = new MemoryFindingStore();
    const exceptions = new MemoryExceptionStore();
    const resources = new MemoryResourceStore();
    await resources.putMany([
      instance(A, 'i-vendor', { tags: { agent: 'legacy' } }),
      instance(A, 'i-web', { tags: { agent: 'none' } }),
    ]);
    await findings.putMany([
      finding('i-vendor'),
      finding('i-web'),
      finding('i-vendor', 'required-tags-missing'),
    ]);
    const exception = {
      id: 'x1',
      ruleId: 'ec2-imdsv1-allowed',
      scope: { kind: 'tag' as const, key: 'agent', value: 'legacy' },
      reason: 'vendor agent needs IMDSv1',
      expiresAt: '2027-01-01T00:00:00.000Z',
      createdBy: 'ada@example.com',
      createdAt: NOW.toISOString(),
    };
    const deps = { findings, exceptions, resources };

    // Act
    await exceptions.put(exception, { actor: person('ada@example.com'), at: NOW.toISOString() });
    const applied = await reconcileRuleExceptions('ec2-imdsv1-allowed', 'security', deps, NOW);
    const statuses = (await findings.listByCategory('security')).map((f) => [
      f.id.split('|')[0],
      f.resourceId.split('/')[1],
      f.status,
    ]);
    await exceptions.revoke('x1', { actor: person('ada@example.com'), at: NOW.toISOString() });
    const revoked = await reconcileRuleExceptions('ec2-imdsv1-allowed', 'security', deps, NOW);

    // Assess
    expect(applied).toEqual({ suppressed: 1, reopened: 0 });
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['ec2-imdsv1-allowed', 'i-vendor', 'suppressed'],
        ['ec2-imdsv1-allowed', 'i-web', 'open'],
        ['required-tags-missing', 'i-vendor', 'open'],
      ]),
    );
    expect(revoked).toEqual({ suppressed: 0, reopened: 1 });
    expect((await findings.get(finding('i-vendor').id))?.suppression).toBeUndefined();
  });
});
