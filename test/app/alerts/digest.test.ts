import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryScanRunStore } from '../../../functions/adapters/memory/scan-run-store';
import { runDigest } from '../../../functions/app/alerts/digest';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { person } from '../../domain/identity/fixtures';
import { scanRun } from '../../handlers/api/fixtures';
import { memoryAlerting } from './fixtures';

const DAY_MS = 86_400_000;

function exception(id: string, expiresAt: Date): Exception {
  return {
    id,
    ruleId: 'ec2-open-ssh',
    accountId: '111111111111',
    scope: { kind: 'resource', resourceId: `arn:aws:ec2:eu-west-1:111111111111:security-group/${id}` },
    reason: `Bastion ${id} until the VPN lands`,
    expiresAt: expiresAt.toISOString(),
    createdBy: 'alice@example.com',
    createdAt: '2026-11-01T09:00:00.000Z',
  };
}

describe('runDigest', () => {
  it('sends a reminder of an exception expiring in 3 days, but not of one in 30 days or one already expired', async () => {
    // Prepare
    const rig = memoryAlerting();
    const now = rig.now();
    const audit = { actor: person('alice@example.com'), at: '2026-11-01T09:00:00.000Z' };
    await rig.exceptions.put(exception('sg-soon', new Date(now.getTime() + 3 * DAY_MS)), audit);
    await rig.exceptions.put(exception('sg-later', new Date(now.getTime() + 30 * DAY_MS)), audit);
    await rig.exceptions.put(exception('sg-lapsed', new Date(now.getTime() - DAY_MS)), audit);
    const deps = {
      ...rig,
      findings: new MemoryFindingStore(),
      dashboardUrl: 'https://hm.example.com',
      now,
    };
    // Act
    const { digest, sent } = await runDigest('weekly', deps);
    // Assess
    expect(sent).toBe(true);
    expect(digest.expiringExceptions.map((e) => e.id)).toEqual(['sg-soon']);
    expect(rig.notifier.digests).toHaveLength(1);
    const text = rig.notifier.digests[0]?.text ?? '';
    expect(text).toContain('Exceptions expiring within 7 days (1)');
    expect(text).toContain('"Bastion sg-soon until the VPN lands"');
    expect(text).toContain('expires 2026-11-26 12:00 UTC');
    expect(text).not.toContain('sg-later');
    expect(text).not.toContain('sg-lapsed');
  });

  it('leaves the section out, and sends nothing, when no exception expires soon', async () => {
    // Prepare
    const rig = memoryAlerting();
    await rig.exceptions.put(exception('sg-later', new Date(rig.now().getTime() + 30 * DAY_MS)), {
      actor: person('alice@example.com'),
      at: '2026-11-01T09:00:00.000Z',
    });
    // Act
    const { digest, sent } = await runDigest('daily', {
      ...rig,
      findings: new MemoryFindingStore(),
      dashboardUrl: 'https://hm.example.com',
      now: rig.now(),
    });
    // Assess
    expect(sent).toBe(false);
    expect(digest.expiringExceptions).toEqual([]);
    expect(digest.text).not.toContain('Exceptions expiring');
  });

  it('names each account as its latest named scan run did', async () => {
    // Prepare
    const rig = memoryAlerting();
    const now = rig.now();
    await rig.exceptions.put(exception('sg-soon', new Date(now.getTime() + 3 * DAY_MS)), {
      actor: person('alice@example.com'),
      at: '2026-11-01T09:00:00.000Z',
    });
    const scanRuns = new MemoryScanRunStore();
    await scanRuns.put(
      scanRun('111111111111', 'eu-west-1', {
        accountName: 'old-name',
        finishedAt: '2026-11-20T09:00:00.000Z',
      }),
    );
    await scanRuns.put(
      scanRun('111111111111', 'global', {
        accountName: 'payments-prod',
        finishedAt: '2026-11-21T09:00:00.000Z',
      }),
    );

    // Act
    const { digest } = await runDigest('weekly', {
      ...rig,
      findings: new MemoryFindingStore(),
      scanRuns,
      dashboardUrl: 'https://hm.example.com',
      now,
    });

    // Assess
    expect(digest.text).toContain('(account payments-prod (111111111111)) expires');
  });
});
