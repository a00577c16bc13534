import {
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandInput,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { rdsInstancesCollector } from '../../../functions/adapters/collectors/rds-instances';
import { ResourceDataSchema } from '../../../functions/domain/model';

const rds = mockClient(RDSClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-west-1',
  get: (ctor) => new ctor({ region: 'eu-west-1' }),
};

const db = {
  DBInstanceIdentifier: 'orders-db',
  DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:orders-db',
  DBInstanceClass: 'db.m6g.large',
  Engine: 'postgres',
  EngineVersion: '16.3',
  DBInstanceStatus: 'available',
  StorageType: 'gp3',
  AllocatedStorage: 200,
  StorageEncrypted: true,
  PubliclyAccessible: false,
  MultiAZ: true,
  BackupRetentionPeriod: 7,
  LatestRestorableTime: new Date('2026-11-20T10:05:00Z'),
  AvailabilityZone: 'eu-west-1a',
  InstanceCreateTime: new Date('2025-01-02T03:04:05Z'),
  DeletionProtection: true,
  DbiResourceId: 'db-ABCDEFGHIJKLMNOP',
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123', Status: 'active' }],
  TagList: [{ Key: 'team', Value: 'orders' }],
};

afterEach(() => {
  rds.reset();
});

describe('rdsInstancesCollector', () => {
  it('normalizes a DB instance with its tags from the same response', async () => {
    // Prepare
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [db] });

    // Act
    const resources = await rdsInstancesCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:rds:eu-west-1:111122223333:db:orders-db',
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'rds:db-instance',
        name: 'orders-db',
        state: 'available',
        tags: { team: 'orders' },
        attributes: {
          engine: 'postgres',
          engineVersion: '16.3',
          instanceClass: 'db.m6g.large',
          storageType: 'gp3',
          allocatedStorageGiB: 200,
          storageEncrypted: true,
          publiclyAccessible: false,
          multiAz: true,
          backupRetentionDays: 7,
          latestRestorableTime: '2026-11-20T10:05:00.000Z',
          availabilityZone: 'eu-west-1a',
          createTime: '2025-01-02T03:04:05.000Z',
          deletionProtection: true,
          dbiResourceId: 'db-ABCDEFGHIJKLMNOP',
          securityGroupIds: ['sg-0123'],
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('prefers the Name tag over the identifier', async () => {
    // Prepare
    rds
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [{ ...db, TagList: [{ Key: 'Name', Value: 'Orders' }] }] });

    // Act
    const [resource] = await rdsInstancesCollector.collect(clients);

    // Assess
    expect(resource?.name).toBe('Orders');
  });

  it('follows the Marker to the second page with 100 records a page', async () => {
    // Prepare
    const markers: (string | undefined)[] = [];
    rds.on(DescribeDBInstancesCommand).callsFake((input: DescribeDBInstancesCommandInput) => {
      markers.push(input.Marker);
      return input.Marker === undefined
        ? { DBInstances: [db], Marker: 'page-2' }
        : {
            DBInstances: [
              { ...db, DBInstanceIdentifier: 'b', DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:b' },
            ],
          };
    });

    // Act
    const resources = await rdsInstancesCollector.collect(clients);

    // Assess
    expect(markers).toEqual([undefined, 'page-2']);
    expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { MaxRecords: 100 });
    expect(resources.map((r) => r.name)).toEqual(['orders-db', 'b']);
  });

  it('throws rather than store an instance without its ARN', async () => {
    // Prepare
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ ...db, DBInstanceArn: undefined }] });

    // Act
    const collecting = rdsInstancesCollector.collect(clients);

    // Assess
    await expect(collecting).rejects.toThrow('DescribeDBInstances returned an item without DBInstanceArn');
  });
});
