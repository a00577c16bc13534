import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../functions/domain/inventory';
import type { ResourceOf } from '../../../functions/domain/model';
import { ebsEnableDefaultEncryption } from '../../../functions/domain/remediation/actions/ebs-enable-default-encryption';
import { rdsStopIdleInstance } from '../../../functions/domain/remediation/actions/rds-stop-idle-instance';
import { s3BlockPublicAccess } from '../../../functions/domain/remediation/actions/s3-block-public-access';
import { runPreflight } from '../../../functions/domain/remediation/preflight';

const META = {
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
  contentHash: 'x',
};
const ACCOUNT = '111111111111';
const OPTED_IN = { inventory: buildInventory([]), optedInAccounts: new Set([ACCOUNT]) };
const NOT_OPTED_IN = { inventory: buildInventory([]), optedInAccounts: new Set<string>() };
const REQUEST = { remediationId: 'rem-20261203-ab12cd34', ruleId: 'x' };

type Block = ResourceOf<'s3:bucket'>['attributes']['publicAccessBlock'];

function bucket(publicAccessBlock: Block, tags: Record<string, string> = {}): ResourceOf<'s3:bucket'> {
  return {
    ...META,
    id: 'arn:aws:s3:::site-assets',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    type: 's3:bucket',
    name: 'site-assets',
    state: 'active',
    tags,
    attributes: {
      creationDate: '2026-01-01T00:00:00.000Z',
      publicAccessBlock,
      policyIsPublic: true,
      defaultEncryption: 'AES256',
      versioning: 'Disabled',
    },
  };
}

function db(
  attributes: Partial<ResourceOf<'rds:db-instance'>['attributes']> = {},
  tags: Record<string, string> = { 'hostmaster:remediation': 'allow' },
): ResourceOf<'rds:db-instance'> {
  return {
    ...META,
    id: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:reports`,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    type: 'rds:db-instance',
    name: 'reports',
    state: 'available',
    tags,
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
      deletionProtection: false,
      dbiResourceId: 'db-ABC',
      securityGroupIds: [],
      ...attributes,
    },
  };
}

const ebsSetting = (enabled: boolean): ResourceOf<'ec2:ebs-encryption-default'> => ({
  ...META,
  id: `arn:aws:ec2:eu-west-1:${ACCOUNT}:ebs-encryption-default`,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  type: 'ec2:ebs-encryption-default',
  name: 'ebs-encryption-default',
  state: 'active',
  tags: {},
  attributes: { enabled },
});

const PARTIAL = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

describe('S3 Block Public Access', () => {
  it('puts all four settings on, keeps the exact previous block, and undo puts that block back', () => {
    // Prepare
    const resource = bucket(PARTIAL);

    // Act
    const plan = s3BlockPublicAccess.plan(resource as never, REQUEST);
    const undo = s3BlockPublicAccess.undo.undoable
      ? s3BlockPublicAccess.undo.plan(resource as never, {})
      : [];

    // Assess
    expect(s3BlockPublicAccess.destructive).toBe(true);
    expect(plan.record).toEqual({ previousPublicAccessBlock: JSON.stringify(PARTIAL) });
    expect(plan.act[0]).toMatchObject({
      service: 's3',
      action: 'PutPublicAccessBlock',
      dryRunnable: false,
      input: {
        Bucket: 'site-assets',
        ExpectedBucketOwner: ACCOUNT,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    });
    expect(plan.summary).toMatch(/blockPublicPolicy, restrictPublicBuckets/);
    expect(undo).toEqual([
      expect.objectContaining({
        action: 'PutPublicAccessBlock',
        input: expect.objectContaining({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: false,
          },
        }),
      }),
    ]);
  });

  it('records "none" for a bucket without a block, and undo deletes the block', () => {
    // Prepare
    const resource = bucket(null);

    // Act
    const plan = s3BlockPublicAccess.plan(resource as never, REQUEST);
    const undo = s3BlockPublicAccess.undo.undoable
      ? s3BlockPublicAccess.undo.plan(resource as never, {})
      : [];

    // Assess
    expect(plan.record).toEqual({ previousPublicAccessBlock: 'none' });
    expect(undo).toEqual([
      {
        service: 's3',
        action: 'DeletePublicAccessBlock',
        dryRunnable: false,
        input: { Bucket: 'site-assets', ExpectedBucketOwner: ACCOUNT },
      },
    ]);
  });

  it('passes pre-flight only in an account opted in as a whole, a tag alone is not enough', () => {
    // Prepare
    const tagged = bucket(PARTIAL, { 'hostmaster:remediation': 'allow' });

    // Act
    const inOptedIn = runPreflight(s3BlockPublicAccess, tagged, OPTED_IN);
    const elsewhere = runPreflight(s3BlockPublicAccess, tagged, NOT_OPTED_IN);

    // Assess
    expect(inOptedIn.passed).toBe(true);
    expect(inOptedIn.checks.find((c) => c.id === 'public-policy-impact')?.detail).toMatch(/policy is public/);
    expect(elsewhere.passed).toBe(false);
    expect(elsewhere.checks.find((c) => c.id === 'opted-in')).toMatchObject({ passed: false });
  });

  it('verifies all four on, and says which are still off', () => {
    // Prepare / Act / Assess
    expect(
      s3BlockPublicAccess.verify(
        bucket({ ...PARTIAL, blockPublicPolicy: true, restrictPublicBuckets: true }) as never,
        REQUEST,
      ),
    ).toBe(true);
    expect(s3BlockPublicAccess.verify(bucket(PARTIAL) as never, REQUEST)).toBe(
      'still off: blockPublicPolicy, restrictPublicBuckets',
    );
    expect(s3BlockPublicAccess.verify(bucket(null) as never, REQUEST)).toMatch(/still off/);
  });
});

describe('RDS stop with snapshot', () => {
  it('plans a tagged snapshot named after the request and the DB, then the stop; undo starts it', () => {
    // Prepare
    const resource = db();

    // Act
    const plan = rdsStopIdleInstance.plan(resource as never, REQUEST);
    const undo = rdsStopIdleInstance.undo.undoable
      ? rdsStopIdleInstance.undo.plan(resource as never, {})
      : [];

    // Assess
    expect(plan.backup).toEqual([
      {
        service: 'rds',
        action: 'CreateDBSnapshot',
        dryRunnable: false,
        input: {
          DBInstanceIdentifier: 'reports',
          DBSnapshotIdentifier: 'hostmaster-rem-20261203-ab12cd34-reports',
          Tags: expect.arrayContaining([
            { Key: 'hostmaster:remediation', Value: 'allow' },
            { Key: 'hostmaster:remediation-id', Value: 'rem-20261203-ab12cd34' },
          ]),
        },
        capture: { dbSnapshotId: 'DBSnapshot.DBSnapshotIdentifier' },
      },
    ]);
    expect(plan.act).toEqual([
      {
        service: 'rds',
        action: 'StopDBInstance',
        dryRunnable: false,
        input: { DBInstanceIdentifier: 'reports' },
      },
    ]);
    expect(undo).toEqual([
      {
        service: 'rds',
        action: 'StartDBInstance',
        dryRunnable: false,
        input: { DBInstanceIdentifier: 'reports' },
      },
    ]);
    expect(rdsStopIdleInstance.undo.undoable && rdsStopIdleInstance.undo.description).toMatch(/7 days/);
  });

  it('keeps the snapshot identifier within RDS rules whatever the request id', () => {
    // Prepare
    const resource = db();

    // Act
    const plan = rdsStopIdleInstance.plan(resource as never, { remediationId: 'REM__x--y.', ruleId: 'x' });

    // Assess
    expect(plan.backup[0]?.input.DBSnapshotIdentifier).toBe('hostmaster-rem-x-y-reports');
  });

  it('refuses an Aurora member, a read replica, a source of replicas, a stopped DB and an untagged one outside opted-in accounts', () => {
    // Prepare
    const cases = {
      aurora: db({ engine: 'aurora-postgresql', dbClusterIdentifier: 'orders' }),
      replica: db({ readReplicaSource: 'primary' }),
      source: db({ readReplicas: ['reports-replica'] }),
      stopped: { ...db(), state: 'stopped' },
      untagged: db({}, {}),
    };

    // Act
    const failed = Object.fromEntries(
      Object.entries(cases).map(([name, resource]) => [
        name,
        runPreflight(rdsStopIdleInstance, resource, name === 'untagged' ? NOT_OPTED_IN : OPTED_IN)
          .checks.filter((c) => !c.passed)
          .map((c) => c.id),
      ]),
    );

    const untaggedInOptedIn = runPreflight(rdsStopIdleInstance, cases.untagged, OPTED_IN);

    // Assess: an account opted in as a whole opts in its untagged resources too.
    expect(untaggedInOptedIn.passed).toBe(true);
    expect(failed).toEqual({
      aurora: ['not-aurora-member'],
      replica: ['not-replicated'],
      source: ['not-replicated'],
      stopped: ['db-available'],
      untagged: ['opted-in'],
    });
    expect(runPreflight(rdsStopIdleInstance, db(), NOT_OPTED_IN).passed).toBe(true);
  });
});

describe('EBS encryption by default', () => {
  it('enables it (DryRun first), is not destructive, and undo disables it for new volumes only', () => {
    // Prepare
    const setting = ebsSetting(false);

    // Act
    const plan = ebsEnableDefaultEncryption.plan(setting as never, REQUEST);
    const undo = ebsEnableDefaultEncryption.undo.undoable
      ? ebsEnableDefaultEncryption.undo.plan(setting as never, {})
      : [];

    // Assess
    expect(ebsEnableDefaultEncryption.destructive).toBe(false);
    expect(plan.act).toEqual([
      { service: 'ec2', action: 'EnableEbsEncryptionByDefault', dryRunnable: true, input: {} },
    ]);
    expect(undo).toEqual([
      { service: 'ec2', action: 'DisableEbsEncryptionByDefault', dryRunnable: true, input: {} },
    ]);
    expect(ebsEnableDefaultEncryption.undo.undoable && ebsEnableDefaultEncryption.undo.description).toMatch(
      /new volumes only/,
    );
  });

  it('passes pre-flight only in an account opted in as a whole, and only while the setting is off', () => {
    // Prepare / Act
    const optedIn = runPreflight(ebsEnableDefaultEncryption, ebsSetting(false), OPTED_IN);
    const elsewhere = runPreflight(ebsEnableDefaultEncryption, ebsSetting(false), NOT_OPTED_IN);
    const noList = runPreflight(ebsEnableDefaultEncryption, ebsSetting(false), {
      inventory: buildInventory([]),
    });
    const already = runPreflight(ebsEnableDefaultEncryption, ebsSetting(true), OPTED_IN);

    // Assess
    expect(optedIn.passed).toBe(true);
    expect(elsewhere.checks.find((c) => c.id === 'opted-in')).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/hostmaster:remediationAccounts/),
    });
    expect(noList.passed).toBe(false);
    expect(already.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['setting-off']);
  });

  it('verifies the setting is on', () => {
    // Prepare / Act / Assess
    expect(ebsEnableDefaultEncryption.verify(ebsSetting(true) as never, REQUEST)).toBe(true);
    expect(ebsEnableDefaultEncryption.verify(ebsSetting(false) as never, REQUEST)).toMatch(/still off/);
  });
});
