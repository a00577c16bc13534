import {
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import { rdsInstancesCollector } from '../../functions/adapters/collectors/rds-instances';
import { rdsSnapshotsCollector } from '../../functions/adapters/collectors/rds-snapshots';
import type { ResourceData } from '../../functions/domain/model';
import { assumeMemberRole, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';
import { dbInstanceArn, dbSnapshotArn } from './services/rds';

const MEMBER = '222233334444';
const REGION = 'eu-west-1';

function dbInstance(id: string, overrides: Partial<FleetResource> = {}): FleetResource {
  return {
    id,
    region: REGION,
    type: 'rds:db-instance',
    name: id,
    state: 'available',
    tags: { team: 'orders' },
    attributes: {
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t4g.micro',
      storageType: 'gp3',
      allocatedStorageGiB: 20,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: false,
      backupRetentionDays: 7,
      latestRestorableTime: '2026-11-22T23:55:00.000Z',
      availabilityZone: 'eu-west-1b',
      createTime: '2025-06-01T12:00:00.000Z',
      deletionProtection: false,
      dbiResourceId: `db-${id.toUpperCase()}`,
      securityGroupIds: ['sg-0a1b2c3d'],
    },
    ...overrides,
  } as FleetResource;
}

function dbSnapshot(id: string, snapshotType: string, isPublic: boolean): FleetResource {
  return {
    id,
    region: REGION,
    type: 'rds:db-snapshot',
    name: id,
    state: 'available',
    tags: {},
    attributes: {
      dbInstanceIdentifier: 'db-000',
      snapshotType,
      engine: 'postgres',
      encrypted: false,
      public: isPublic,
      allocatedStorageGiB: 20,
      createTime: '2026-11-01T03:00:00.000Z',
    },
  };
}

const instances = Array.from({ length: 45 }, (_, i) => dbInstance(`db-${String(i).padStart(3, '0')}`));
instances[1] = dbInstance('db-001', { name: 'Billing', tags: { Name: 'Billing' }, state: 'stopped' });
const snapshots = [
  dbSnapshot('rds:db-000-2026-11-01-03-00', 'automated', false),
  dbSnapshot('before-upgrade', 'manual', true),
  dbSnapshot('nightly-copy', 'manual', false),
];

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: '111122223333', hubAccountId: '111122223333' },
  regions: [REGION, 'us-east-1'],
  accounts: [
    { id: '111122223333', name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: [REGION],
      externalId: 'hostmaster-local-external-id',
      resources: [...instances, ...snapshots],
    },
  ],
});

function expected(resources: FleetResource[], arnOf: (id: string) => string): ResourceData[] {
  return resources.map(
    ({ id, usage: _usage, ...rest }) => ({ ...rest, id: arnOf(id), accountId: MEMBER }) as ResourceData,
  );
}

describe('sandbox RDS with the rds collectors', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  let rds: RDSClient;
  let clients: ClientFactory;

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    credentials = await assumeMemberRole(sandbox.endpoint, fleet, MEMBER);
    rds = new RDSClient(sandboxClientConfig(sandbox.endpoint, REGION, credentials));
    clients = {
      accountId: MEMBER,
      region: REGION,
      get: (ctor) => new ctor(sandboxClientConfig(sandbox.endpoint, REGION, credentials)),
    };
  });
  afterAll(async () => {
    rds.destroy();
    await sandbox.stop();
  });

  it('gives back exactly the fleet DB instances', async () => {
    // Act
    const collected = await rdsInstancesCollector.collect(clients);

    // Assess
    expect(collected).toEqual(expected(instances, (id) => dbInstanceArn(MEMBER, REGION, id)));
  });

  it('gives back exactly the fleet DB snapshots, public ones included', async () => {
    // Act
    const collected = await rdsSnapshotsCollector.collect(clients);

    // Assess
    const sorted = [...snapshots].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(collected).toEqual(expected(sorted, (id) => dbSnapshotArn(MEMBER, REGION, id)));
  });

  it('pages DescribeDBInstances with the smallest page RDS allows', async () => {
    // Act
    const pages: number[] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds }, { MaxRecords: 20 })) {
      pages.push(page.DBInstances?.length ?? 0);
    }

    // Assess
    expect(pages).toEqual([20, 20, 5]);
  });

  it('rejects a page size below 20 as RDS does', async () => {
    // Act
    const describing = rds.send(new DescribeDBInstancesCommand({ MaxRecords: 10 }));

    // Assess
    await expect(describing).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('answers DBSnapshotNotFound for an unknown snapshot', async () => {
    // Act
    const describing = rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'nope' }));

    // Assess
    await expect(describing).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
  });
});
