/**
 * The sandbox's remediation writes outside EC2 resources (bucket public access blocks, DB snapshots,
 * DB stops, EBS encryption by default) as a session of the member remediation role sees them: the
 * role's tag conditions and its account opt-in (`remediationAccountOptIn`) enforced the way IAM would.
 */
import {
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDBSnapshotCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const HUB = '111122223333';
const OPTED_IN = '222233334444';
const NOT_OPTED_IN = '555566667777';
const REGION = 'eu-west-1';
const REMEDIATION_EXTERNAL_ID = 'remediation-external-id';
const ALLOW = { 'hostmaster:remediation': 'allow' };

const bucket = (id: string): FleetResource =>
  ({
    id,
    region: REGION,
    type: 's3:bucket',
    name: id,
    state: 'active',
    tags: {},
    attributes: {
      creationDate: '2022-08-09T10:11:12.000Z',
      publicAccessBlock: null,
      policyIsPublic: null,
      defaultEncryption: null,
      versioning: 'Disabled',
    },
  }) as FleetResource;

const db = (id: string, tags: Record<string, string>, extra: Record<string, unknown> = {}): FleetResource =>
  ({
    id,
    region: REGION,
    type: 'rds:db-instance',
    name: id,
    state: 'available',
    tags,
    attributes: {
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t3.micro',
      storageType: 'gp3',
      allocatedStorageGiB: 20,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: false,
      backupRetentionDays: 7,
      deletionProtection: false,
      dbiResourceId: `db-${id}`,
      securityGroupIds: [],
      ...extra,
    },
  }) as FleetResource;

const member = (id: string, optIn: boolean, resources: FleetResource[]) => ({
  id,
  name: id,
  regions: [REGION],
  externalId: 'hostmaster-local-external-id',
  remediationExternalId: REMEDIATION_EXTERNAL_ID,
  ...(optIn ? { remediationAccountOptIn: true } : {}),
  resources,
});

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: HUB, hubAccountId: HUB },
  regions: [REGION],
  accounts: [
    { id: HUB, name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    member(OPTED_IN, true, [bucket('opted-in-bucket'), db('loose-db', {})]),
    member(NOT_OPTED_IN, false, [
      bucket('not-opted-in-bucket'),
      db('tagged-db', ALLOW),
      db('untagged-db', {}),
      db('replica-db', ALLOW, { readReplicaSource: 'tagged-db' }),
    ]),
  ],
});

describe('sandbox remediation writes through the member remediation role', () => {
  let sandbox: Sandbox;
  const sessions = new Map<string, SandboxCredentials>();
  const made: { destroy(): void }[] = [];
  const client = <C extends { destroy(): void }>(ctor: new (config: never) => C, account: string): C => {
    const made1 = new ctor(sandboxClientConfig(sandbox.endpoint, REGION, sessions.get(account)) as never);
    made.push(made1);
    return made1;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    const sts = new STSClient(sandboxClientConfig(sandbox.endpoint, REGION));
    for (const account of [OPTED_IN, NOT_OPTED_IN]) {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/HostMasterRemediationRole`,
          RoleSessionName: 'hostmaster-remediation',
          ExternalId: REMEDIATION_EXTERNAL_ID,
        }),
      );
      sessions.set(account, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken,
      });
    }
    sts.destroy();
  });
  afterAll(async () => {
    for (const c of made) c.destroy();
    await sandbox.stop();
  });

  const block = (on: boolean) => ({
    BlockPublicAcls: on,
    IgnorePublicAcls: on,
    BlockPublicPolicy: on,
    RestrictPublicBuckets: on,
  });

  it('puts and deletes a bucket public access block in an opted-in account, and refuses it elsewhere', async () => {
    // Prepare
    const s3 = client(S3Client, OPTED_IN);
    const other = client(S3Client, NOT_OPTED_IN);

    // Act
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'opted-in-bucket',
        PublicAccessBlockConfiguration: { ...block(true), RestrictPublicBuckets: false },
      }),
    );
    const put = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'opted-in-bucket' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'opted-in-bucket' }));
    const deleted = await rejectionOf(
      s3.send(new GetPublicAccessBlockCommand({ Bucket: 'opted-in-bucket' })),
    );
    const refusedPut = await rejectionOf(
      other.send(
        new PutPublicAccessBlockCommand({
          Bucket: 'not-opted-in-bucket',
          PublicAccessBlockConfiguration: block(true),
        }),
      ),
    );
    const refusedDelete = await rejectionOf(
      other.send(new DeletePublicAccessBlockCommand({ Bucket: 'not-opted-in-bucket' })),
    );

    // Assess
    expect(put.PublicAccessBlockConfiguration).toEqual({ ...block(true), RestrictPublicBuckets: false });
    expect(deleted).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    for (const refusal of [refusedPut, refusedDelete]) {
      expect(refusal).toMatchObject({
        name: 'AccessDenied',
        message: expect.stringMatching(/not opted in as a whole/),
      });
    }
    const untouched = sandbox.state.find(NOT_OPTED_IN, REGION, 's3:bucket', 'not-opted-in-bucket');
    expect(untouched?.type === 's3:bucket' && untouched.attributes.publicAccessBlock).toBeNull();
  });

  it('creates a DB snapshot only of a tagged DB and only tagged, and stops only tagged, unreplicated DBs', async () => {
    // Prepare: an account not opted in as a whole, where the tag decides.
    const rds = client(RDSClient, NOT_OPTED_IN);
    const snapshot = (db: string, id: string, tags: { Key: string; Value: string }[]) =>
      rds.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: db, DBSnapshotIdentifier: id, Tags: tags }),
      );
    const allow = [{ Key: 'hostmaster:remediation', Value: 'allow' }];

    // Act
    const created = await snapshot('tagged-db', 'backup-tagged-db', allow);
    const listed = await rds.send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'backup-tagged-db' }),
    );
    const untaggedRequest = await rejectionOf(snapshot('tagged-db', 'backup-no-tag', []));
    const untaggedDb = await rejectionOf(snapshot('untagged-db', 'backup-untagged-db', allow));
    const duplicate = await rejectionOf(snapshot('tagged-db', 'backup-tagged-db', allow));
    const invalid = await rejectionOf(snapshot('tagged-db', 'backup--bad-', allow));
    const stopUntagged = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'untagged-db' })),
    );
    const stopReplica = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'replica-db' })),
    );
    const startUntagged = await rejectionOf(
      rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: 'untagged-db' })),
    );

    // Assess
    expect(created.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: 'backup-tagged-db',
      Status: 'creating',
    });
    expect(listed.DBSnapshots?.[0]).toMatchObject({
      Status: 'available',
      SnapshotType: 'manual',
      DBInstanceIdentifier: 'tagged-db',
    });
    expect(untaggedRequest).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(/aws:RequestTag/),
    });
    expect(untaggedDb).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(/aws:ResourceTag/),
    });
    expect(duplicate).toMatchObject({ name: 'DBSnapshotAlreadyExistsFault' });
    expect(invalid).toMatchObject({ name: 'InvalidParameterValue' });
    expect(stopUntagged).toMatchObject({ name: 'AccessDenied' });
    expect(startUntagged).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(/rds:StartDBInstance/),
    });
    expect(stopReplica).toMatchObject({ name: 'InvalidDBInstanceStateFault' });
    expect(sandbox.state.list(NOT_OPTED_IN, REGION, 'rds:db-snapshot').map((s) => s.id)).toEqual([
      'backup-tagged-db',
    ]);
  });

  it('lets an account opted in as a whole snapshot and stop an untagged DB', async () => {
    // Prepare
    const rds = client(RDSClient, OPTED_IN);

    // Act
    await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'loose-db',
        DBSnapshotIdentifier: 'backup-loose-db',
        Tags: [{ Key: 'hostmaster:remediation', Value: 'allow' }],
      }),
    );
    await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'loose-db' }));

    // Assess
    expect(sandbox.state.find(OPTED_IN, REGION, 'rds:db-instance', 'loose-db')?.state).toMatch(/^stop/);
    expect(sandbox.state.list(OPTED_IN, REGION, 'rds:db-snapshot').map((s) => s.id)).toEqual([
      'backup-loose-db',
    ]);
  });

  it('turns EBS encryption by default on and off in an opted-in account, and refuses it elsewhere even as a dry run', async () => {
    // Prepare
    const ec2 = client(EC2Client, OPTED_IN);
    const other = client(EC2Client, NOT_OPTED_IN);

    // Act
    const dryRun = await rejectionOf(ec2.send(new EnableEbsEncryptionByDefaultCommand({ DryRun: true })));
    const beforeEnable = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    const enabled = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    await ec2.send(new DisableEbsEncryptionByDefaultCommand({}));
    const disabled = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    const refused = await rejectionOf(other.send(new EnableEbsEncryptionByDefaultCommand({ DryRun: true })));

    // Assess
    expect(dryRun).toMatchObject({ name: 'DryRunOperation' });
    expect(beforeEnable.EbsEncryptionByDefault).toBe(false);
    expect(enabled.EbsEncryptionByDefault).toBe(true);
    expect(disabled.EbsEncryptionByDefault).toBe(false);
    expect(refused).toMatchObject({ name: 'UnauthorizedOperation' });
    expect(sandbox.state.list(NOT_OPTED_IN, REGION, 'ec2:ebs-encryption-default')).toEqual([]);
  });
});
