/**
 * The `slowBackups` fault: a snapshot taken of a matching volume or DB stays pending for its first
 * `describes` describes, then completes; without `describes` it never does; others complete at once.
 */
import { CreateSnapshotCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const HUB = '111122223333';
const MEMBER = '222233334444';
const REGION = 'eu-west-1';
const REMEDIATION_EXTERNAL_ID = 'remediation-external-id';
const ALLOW = { 'hostmaster:remediation': 'allow' };
const ALLOW_TAGS = [{ Key: 'hostmaster:remediation', Value: 'allow' }];

const volume = (id: string): FleetResource =>
  ({
    id,
    region: REGION,
    type: 'ec2:volume',
    name: id,
    state: 'available',
    tags: ALLOW,
    attributes: {
      volumeType: 'gp3',
      sizeGiB: 100,
      encrypted: false,
      availabilityZone: `${REGION}a`,
      createTime: '2026-01-01T00:00:00.000Z',
      attachments: [],
    },
  }) as FleetResource;

const db = (id: string): FleetResource =>
  ({
    id,
    region: REGION,
    type: 'rds:db-instance',
    name: id,
    state: 'available',
    tags: ALLOW,
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
    },
  }) as FleetResource;

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: HUB, hubAccountId: HUB },
  regions: [REGION],
  accounts: [
    { id: HUB, name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: [REGION],
      externalId: 'hostmaster-local-external-id',
      remediationExternalId: REMEDIATION_EXTERNAL_ID,
      resources: [
        volume('vol-0000000000000000a'),
        volume('vol-0000000000000000b'),
        volume('vol-0000000000000000c'),
        db('slow-db'),
      ],
    },
  ],
  faults: {
    slowBackups: [
      { service: 'ec2', source: 'vol-0000000000000000a', describes: 2 },
      { service: 'ec2', source: 'vol-0000000000000000b' },
      { service: 'rds', source: 'slow-db', describes: 1 },
    ],
  },
});

describe('the slowBackups fault', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  const made: { destroy(): void }[] = [];
  const client = <C extends { destroy(): void }>(ctor: new (config: never) => C): C => {
    const created = new ctor(sandboxClientConfig(sandbox.endpoint, REGION, credentials) as never);
    made.push(created);
    return created;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    const sts = new STSClient(sandboxClientConfig(sandbox.endpoint, REGION));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER}:role/HostMasterRemediationRole`,
        RoleSessionName: 'hostmaster-remediation',
        ExternalId: REMEDIATION_EXTERNAL_ID,
      }),
    );
    credentials = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken,
    };
    sts.destroy();
  });
  afterAll(async () => {
    for (const c of made) c.destroy();
    await sandbox.stop();
  });

  it('keeps an EBS snapshot pending for its first describes, one never, and another not at all', async () => {
    // Prepare
    const ec2 = client(EC2Client);
    const snapshotOf = async (volumeId: string) =>
      (
        await ec2.send(
          new CreateSnapshotCommand({
            VolumeId: volumeId,
            TagSpecifications: [{ ResourceType: 'snapshot', Tags: ALLOW_TAGS }],
          }),
        )
      ).SnapshotId!;
    const [slow, stuck, quick] = [
      await snapshotOf('vol-0000000000000000a'),
      await snapshotOf('vol-0000000000000000b'),
      await snapshotOf('vol-0000000000000000c'),
    ];
    const stateOf = async (id: string) =>
      (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }))).Snapshots?.[0]?.State;

    // Act
    const slowStates = [await stateOf(slow), await stateOf(slow), await stateOf(slow), await stateOf(slow)];
    const stuckStates = [await stateOf(stuck), await stateOf(stuck), await stateOf(stuck)];
    const quickState = await stateOf(quick);

    // Assess
    expect(slowStates).toEqual(['pending', 'pending', 'completed', 'completed']);
    expect(stuckStates).toEqual(['pending', 'pending', 'pending']);
    expect(quickState).toBe('completed');
  });

  it('keeps a DB snapshot creating for its first describes, then available', async () => {
    // Prepare
    const rds = client(RDSClient);
    await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'slow-db',
        DBSnapshotIdentifier: 'backup-slow-db',
        Tags: ALLOW_TAGS,
      }),
    );
    const statusOf = async () =>
      (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'backup-slow-db' })))
        .DBSnapshots?.[0]?.Status;

    // Act
    const statuses = [await statusOf(), await statusOf(), await statusOf()];

    // Assess
    expect(statuses).toEqual(['creating', 'available', 'available']);
    expect(sandbox.state.find(MEMBER, REGION, 'rds:db-snapshot', 'backup-slow-db')?.state).toBe('available');
  });
});
