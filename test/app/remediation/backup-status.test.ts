import { describe, expect, it } from 'vitest';
import { MemoryRemediationStore } from '../../../functions/adapters/memory/remediation-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemorySavingsLedgerStore } from '../../../functions/adapters/memory/savings-ledger-store';
import type { RemediationStepDependencies } from '../../../functions/app/remediation/dependencies';
import { RemediationBackupFailedError } from '../../../functions/app/remediation/errors';
import { backupItem, checkBackupItem } from '../../../functions/app/remediation/steps';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import type { ResourceOf } from '../../../functions/domain/model';
import { ebsDeleteUnattachedVolume } from '../../../functions/domain/remediation/actions/ebs-delete-unattached-volume';
import { backupPollSeconds } from '../../../functions/domain/remediation/backup-wait';
import type { BackupState, RemediationExecutor } from '../../../functions/domain/remediation/ports';
import type { Remediation, RemediationItem } from '../../../functions/domain/remediation/remediation';

const REQUESTED_AT = new Date('2026-12-03T10:00:00.000Z');
const DAY = 86_400;
const REMEDIATION: Remediation = {
  id: 'rem-20261203-abcd1234',
  actionId: ebsDeleteUnattachedVolume.id,
  kind: 'fix',
  status: 'running',
  destructive: true,
  requestedBy: 'olivia@example.com',
  requestedAt: '2026-12-03T09:00:00.000Z',
  reason: 'unused',
  approval: { required: true, decision: 'approved', decidedBy: 'adam@example.com' },
  counts: { items: 1, succeeded: 0, failed: 0, refused: 0, skipped: 0 },
  expectedMonthlySavingsUsd: 160,
  updatedAt: '2026-12-03T09:00:00.000Z',
};
const VOLUME: Omit<ResourceOf<'ec2:volume'>, 'firstSeen' | 'lastSeen' | 'contentHash'> = {
  id: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1',
  accountId: '111111111111',
  region: 'eu-west-1',
  type: 'ec2:volume',
  name: 'data',
  state: 'available',
  tags: { 'hostmaster:remediation': 'allow' },
  attributes: {
    volumeType: 'gp3',
    sizeGiB: 2000,
    encrypted: false,
    availabilityZone: 'eu-west-1b',
    createTime: '2026-01-01T00:00:00.000Z',
    attachments: [],
  },
};
const plan = ebsDeleteUnattachedVolume.plan(VOLUME as never, {
  remediationId: REMEDIATION.id,
  ruleId: 'ebs-unattached-volume',
});
const READY_ITEM: RemediationItem = {
  remediationId: REMEDIATION.id,
  itemId: '0',
  findingId: 'ebs-unattached-volume|vol-1',
  ruleId: 'ebs-unattached-volume',
  resourceId: VOLUME.id,
  resourceType: VOLUME.type,
  accountId: VOLUME.accountId,
  region: VOLUME.region,
  status: 'ready',
  before: VOLUME,
  backupCalls: [...plan.backup],
  actCalls: [...plan.act],
  steps: [],
  updatedAt: '2026-12-03T09:59:00.000Z',
};
const WAITING_ITEM: RemediationItem = {
  ...READY_ITEM,
  status: 'running',
  backup: { snapshotId: 'snap-1' },
  backupRequestedAt: REQUESTED_AT.toISOString(),
};

/** A step bench at `secondsAfter` the backup was requested, whose executor answers `state`. */
async function bench(item: RemediationItem, secondsAfter: number, state: BackupState) {
  const store = new MemoryRemediationStore();
  await store.create(REMEDIATION, [item]);
  const checks: unknown[] = [];
  const executor: RemediationExecutor = {
    call: async () => ({ ok: true, output: { SnapshotId: 'snap-1' } }),
    describe: () => Promise.reject(new Error('unexpected describe')),
    inspect: () => Promise.reject(new Error('unexpected inspect')),
    checkBackup: async (...args) => {
      checks.push(args);
      return state;
    },
  };
  const deps: RemediationStepDependencies = {
    store,
    resources: new MemoryResourceStore(),
    executor,
    notifier: { notify: async () => {} },
    prices: new StaticPriceBook(),
    ledger: new MemorySavingsLedgerStore(),
    optedInAccounts: new Set(),
    now: () => new Date(REQUESTED_AT.getTime() + secondsAfter * 1000),
  };
  const ref = { remediationId: REMEDIATION.id, itemId: '0' };
  const stored = async () => (await store.item(REMEDIATION.id, '0'))!;
  return { deps, ref, store, checks, stored };
}

describe('backupItem', () => {
  it('sends the snapshot call and returns pending without checking it, recording the request on the item', async () => {
    // Prepare
    const { deps, ref, store, checks, stored } = await bench(READY_ITEM, 0, { state: 'ready' });

    // Act
    const result = await backupItem(deps, ref);

    // Assess
    expect(result).toEqual({ itemId: '0', status: 'running', pending: true, waitSeconds: 30 });
    expect(checks).toEqual([]);
    const item = await stored();
    expect(item.backup).toEqual({ snapshotId: 'snap-1' });
    expect(item.backupRequestedAt).toBe(REQUESTED_AT.toISOString());
    expect(item.steps).toEqual([]);
    expect(store.auditLog.map((event) => event.action)).toEqual(['remediation.backup.requested']);
  });
});

describe('checkBackupItem', () => {
  it('answers pending with a growing wait and records nothing while the snapshot is pending', async () => {
    // Prepare
    const pending: BackupState = { state: 'pending', detail: 'snapshot snap-1 is pending (10%)' };
    const early = await bench(WAITING_ITEM, 45, pending);
    const late = await bench(WAITING_ITEM, 3 * 3600, pending);

    // Act
    const first = await checkBackupItem(early.deps, { ...early.ref, backupDeadlineSeconds: DAY });
    const later = await checkBackupItem(late.deps, { ...late.ref, backupDeadlineSeconds: DAY });

    // Assess
    expect(first).toEqual({ itemId: '0', status: 'running', pending: true, waitSeconds: 30 });
    expect(later).toEqual({ itemId: '0', status: 'running', pending: true, waitSeconds: 600 });
    expect(early.checks).toEqual([['111111111111', 'eu-west-1', { snapshotId: 'snap-1' }]]);
    expect((await early.stored()).steps).toEqual([]);
  });

  it('records the backup step and the undo plan once the snapshot is usable', async () => {
    // Prepare
    const { deps, ref, stored } = await bench(WAITING_ITEM, 600, { state: 'ready' });

    // Act
    const result = await checkBackupItem(deps, { ...ref, backupDeadlineSeconds: DAY });

    // Assess
    expect(result).toEqual({ itemId: '0', status: 'running', pending: false, waitSeconds: 0 });
    const item = await stored();
    expect(item.steps.map((s) => `${s.name}:${s.status}:${s.detail}`)).toEqual([
      `backup:succeeded:${ebsDeleteUnattachedVolume.backupDescription} snapshotId snap-1`,
    ]);
    expect(item.undoCalls?.[0]).toMatchObject({ action: 'CreateVolume', input: { SnapshotId: 'snap-1' } });
  });

  it('fails the item with the reason when the backup failed, saying nothing was changed', async () => {
    // Prepare
    const reason = 'backup: snapshot snap-1 failed: no grant; the failed snapshot was deleted';
    const { deps, ref, stored } = await bench(WAITING_ITEM, 60, { state: 'failed', reason });

    // Act
    const run = checkBackupItem(deps, { ...ref, backupDeadlineSeconds: DAY });

    // Assess
    await expect(run).rejects.toThrow(new RemediationBackupFailedError(reason));
    expect((await stored()).steps).toEqual([
      expect.objectContaining({ name: 'backup', status: 'failed', detail: `${reason}; nothing was changed` }),
    ]);
  });

  it('fails the item past the deadline, leaving the tagged snapshot to finish', async () => {
    // Prepare
    const pending: BackupState = { state: 'pending', detail: 'snapshot snap-1 is pending (99%)' };
    const { deps, ref, stored } = await bench(WAITING_ITEM, DAY, pending);

    // Act
    const run = checkBackupItem(deps, { ...ref, backupDeadlineSeconds: DAY });

    // Assess
    await expect(run).rejects.toThrow(
      'backup not completed within 24 h (snapshot snap-1 is pending (99%)); nothing was changed',
    );
    const [step] = (await stored()).steps;
    expect(step).toMatchObject({ name: 'backup', status: 'failed' });
    expect(step?.detail).toMatch(
      /nothing was changed; the snapshot snap-1 is left to finish, tagged hostmaster:remediation=allow/,
    );
  });
});

describe('backupPollSeconds', () => {
  it('waits 30 s at first, a quarter of the time waited later, at most 10 min, never far past the deadline', () => {
    // Act / Assess
    expect(backupPollSeconds(0, DAY)).toBe(30);
    expect(backupPollSeconds(400, DAY)).toBe(100);
    expect(backupPollSeconds(5 * 3600, DAY)).toBe(600);
    expect(backupPollSeconds(DAY - 10, 10)).toBe(10);
  });

  it('keeps a day of checks well inside one execution history (25,000 events)', () => {
    // Prepare
    let elapsed = 30;
    let checks = 0;

    // Act
    while (elapsed < DAY) {
      elapsed += backupPollSeconds(elapsed, DAY - elapsed);
      checks++;
    }

    // Assess: a Wait, a Lambda task and a Choice are 9 history events a check.
    expect(checks * 9).toBeLessThan(2_000);
  });
});
