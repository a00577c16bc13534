import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../functions/domain/inventory';
import type { Resource, ResourceOf } from '../../../functions/domain/model';
import {
  type ActionEffect,
  defineAction,
  type PreflightFacts,
} from '../../../functions/domain/remediation/action';
import { ebsDeleteOrphanedSnapshot } from '../../../functions/domain/remediation/actions/ebs-delete-orphaned-snapshot';
import { ebsDeleteUnattachedVolume } from '../../../functions/domain/remediation/actions/ebs-delete-unattached-volume';
import { ebsGp2ToGp3 } from '../../../functions/domain/remediation/actions/ebs-gp2-to-gp3';
import { ec2StopIdleInstance } from '../../../functions/domain/remediation/actions/ec2-stop-idle-instance';
import { preflightReads } from '../../../functions/domain/remediation/impact';
import { runPreflight } from '../../../functions/domain/remediation/preflight';

const META = {
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
  contentHash: 'x',
};
const OPT_IN = { 'hostmaster:remediation': 'allow' };
const BASE = { ...META, accountId: '111111111111', region: 'eu-west-1', tags: OPT_IN };
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const inventory = buildInventory([]);

const instance: ResourceOf<'ec2:instance'> = {
  ...BASE,
  id: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
  type: 'ec2:instance',
  name: 'batch',
  state: 'running',
  attributes: {
    instanceType: 'm5.large',
    launchTime: '2026-01-01T00:00:00.000Z',
    availabilityZone: 'eu-west-1a',
    imageId: 'ami-1',
    securityGroupIds: [],
    volumeIds: [],
    imdsV2Required: true,
  },
};

const volume = (kmsKeyId?: string): ResourceOf<'ec2:volume'> => ({
  ...BASE,
  id: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1',
  type: 'ec2:volume',
  name: 'data',
  state: 'available',
  attributes: {
    volumeType: 'gp2',
    sizeGiB: 50,
    encrypted: kmsKeyId !== undefined,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    availabilityZone: 'eu-west-1a',
    createTime: '2026-01-01T00:00:00.000Z',
    attachments: [],
  },
});

const snapshot: ResourceOf<'ec2:snapshot'> = {
  ...BASE,
  id: 'arn:aws:ec2:eu-west-1:111111111111:snapshot/snap-1',
  type: 'ec2:snapshot',
  name: 'old',
  state: 'completed',
  attributes: { volumeSizeGiB: 8, encrypted: false, startTime: '2025-01-01T00:00:00.000Z', public: false },
};

const database: ResourceOf<'rds:db-instance'> = {
  ...BASE,
  id: 'arn:aws:rds:eu-west-1:111111111111:db:orders',
  type: 'rds:db-instance',
  name: 'orders',
  state: 'available',
  attributes: {
    engine: 'postgres',
    engineVersion: '16.3',
    instanceClass: 'db.m5.large',
    storageType: 'gp3',
    allocatedStorageGiB: 100,
    storageEncrypted: true,
    publiclyAccessible: false,
    multiAz: false,
    backupRetentionDays: 7,
    deletionProtection: true,
    dbiResourceId: 'db-ABC',
    securityGroupIds: [],
  },
};

/** An RDS action of the given effect: the protections it meets depend on nothing else. */
const rdsAction = (effect: ActionEffect) =>
  defineAction<'rds:db-instance'>({
    id: `rds-${effect}`,
    title: `RDS ${effect}`,
    fixes: [],
    resourceType: 'rds:db-instance',
    destructive: true,
    effect,
    backupDescription: 'none',
    verifyDescription: 'none',
    undo: { undoable: false, why: 'test' },
    plan: () => ({ backup: [], act: [], summary: '' }),
    verify: () => true,
  });

const check = (
  resource: Resource,
  action: Parameters<typeof runPreflight>[0],
  facts: PreflightFacts,
  id: string,
) => runPreflight(action, resource, { inventory, facts }).checks.find((c) => c.id === id);

describe('which live reads pre-flight makes', () => {
  it('reads protection for a stop, references for a snapshot deletion, and the key of an encrypted volume', () => {
    // Act / Assess
    expect(preflightReads(ec2StopIdleInstance, instance)).toEqual([
      { kind: 'instance-protection', instanceId: 'i-1' },
    ]);
    expect(preflightReads(ebsDeleteOrphanedSnapshot, snapshot)).toEqual([
      { kind: 'snapshot-references', snapshotId: 'snap-1' },
    ]);
    expect(preflightReads(ebsDeleteUnattachedVolume, volume(KEY))).toEqual([{ kind: 'kms-key', keyId: KEY }]);
    expect(preflightReads(ebsGp2ToGp3, volume())).toEqual([]);
  });
});

describe('instance protection follows the effect', () => {
  it('refuses a stop of an instance with stop protection, and says how to proceed', () => {
    // Act
    const result = runPreflight(ec2StopIdleInstance, instance, {
      inventory,
      facts: { instanceProtection: { stop: true, termination: false } },
    });

    // Assess
    expect(result.passed).toBe(false);
    expect(result.checks.find((c) => c.id === 'no-stop-protection')).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/stop protection is on \(disableApiStop\)/),
    });
  });

  it('stops an instance with termination protection only: reported, not refused', () => {
    // Act
    const result = runPreflight(ec2StopIdleInstance, instance, {
      inventory,
      facts: { instanceProtection: { stop: false, termination: true } },
    });

    // Assess
    expect(result.passed).toBe(true);
    expect(result.checks.find((c) => c.id === 'termination-protection')).toEqual({
      id: 'termination-protection',
      passed: true,
      detail: 'termination protection is on (a stop does not terminate)',
    });
  });

  it('refuses a run whose protection was not read; a preview says the run will read it', () => {
    // Act
    const run = runPreflight(ec2StopIdleInstance, instance, { inventory, facts: {} });
    const preview = runPreflight(ec2StopIdleInstance, instance, { inventory });

    // Assess
    expect(run.passed).toBe(false);
    expect(run.checks.find((c) => c.id === 'instance-protection')?.passed).toBe(false);
    expect(preview.checks.find((c) => c.id === 'instance-protection')).toEqual({
      id: 'instance-protection',
      passed: true,
      detail:
        'the instance’s stop and termination protection is read live through the remediation role when the item runs',
    });
  });
});

describe('RDS deletion protection matters only to a deletion', () => {
  it('passes a stop of a protected database and refuses its deletion', () => {
    // Act
    const stop = runPreflight(rdsAction('stop'), database, { inventory });
    const deletion = runPreflight(rdsAction('delete'), database, { inventory });
    const unprotected = runPreflight(
      rdsAction('delete'),
      { ...database, attributes: { ...database.attributes, deletionProtection: false } },
      { inventory },
    );

    // Assess
    expect(stop.passed).toBe(true);
    expect(stop.checks.map((c) => c.id)).not.toContain('no-deletion-protection');
    expect(deletion.checks.find((c) => c.id === 'no-deletion-protection')).toMatchObject({ passed: false });
    expect(unprotected.passed).toBe(true);
  });
});

describe('what references a snapshot about to be deleted', () => {
  it('refuses while a launch template version launches from it, passes when nothing does', () => {
    // Act
    const used = check(
      snapshot,
      ebsDeleteOrphanedSnapshot,
      {
        snapshotReferences: { images: [], launchTemplateVersions: ['lt-0123456789abcdef0 (web) version 2'] },
      },
      'snapshot-not-used-by-launch-template',
    );
    const free = runPreflight(ebsDeleteOrphanedSnapshot, snapshot, {
      inventory,
      facts: { snapshotReferences: { images: [], launchTemplateVersions: [] } },
    });
    const unread = runPreflight(ebsDeleteOrphanedSnapshot, snapshot, { inventory, facts: {} });

    // Assess
    expect(used).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/lt-0123456789abcdef0 \(web\) version 2/),
    });
    expect(free.passed).toBe(true);
    expect(free.checks.filter((c) => c.id.startsWith('snapshot-not-used')).map((c) => c.passed)).toEqual([
      true,
      true,
    ]);
    expect(unread.passed).toBe(false);
  });
});

describe('the KMS key of an encrypted volume or snapshot', () => {
  it('reports an enabled customer-managed key and that the backup needs it', () => {
    // Act
    const result = runPreflight(ebsDeleteUnattachedVolume, volume(KEY), {
      inventory,
      facts: { kmsKey: { keyId: KEY, state: 'Enabled', manager: 'CUSTOMER' } },
    });

    // Assess
    expect(result.passed).toBe(true);
    expect(result.checks.find((c) => c.id === 'kms-key-usable')?.detail).toBe(
      `encrypted with customer-managed KMS key ${KEY} (Enabled): the backup snapshot is encrypted with it, so the remediation role needs a grant on the key`,
    );
  });

  it('refuses a key pending deletion, a key whose policy refuses the role, and a key not read', () => {
    // Act
    const pending = check(
      volume(KEY),
      ebsDeleteUnattachedVolume,
      { kmsKey: { keyId: KEY, state: 'PendingDeletion', manager: 'CUSTOMER' } },
      'kms-key-usable',
    );
    const denied = check(
      volume(KEY),
      ebsDeleteUnattachedVolume,
      { kmsKey: { keyId: KEY, state: 'AccessDenied' } },
      'kms-key-usable',
    );
    const unread = check(volume(KEY), ebsDeleteUnattachedVolume, {}, 'kms-key-usable');

    // Assess
    expect(pending).toMatchObject({ passed: false, detail: expect.stringMatching(/PendingDeletion/) });
    expect(denied).toMatchObject({ passed: false, detail: expect.stringMatching(/key policy refuses/) });
    expect(unread?.passed).toBe(false);
  });
});
