import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { rdsClustersCollector } from '../../../functions/adapters/collectors/rds-clusters';
import { ResourceDataSchema } from '../../../functions/domain/model';

const rds = mockClient(RDSClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-west-1',
  get: (ctor) => new ctor({ region: 'eu-west-1' }),
};

const cluster = {
  DBClusterIdentifier: 'orders-aurora',
  DBClusterArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:orders-aurora',
  Engine: 'aurora-postgresql',
  EngineVersion: '16.4',
  Status: 'stopped',
  StorageEncrypted: true,
  MultiAZ: true,
  BackupRetentionPeriod: 7,
  DeletionProtection: true,
  ClusterCreateTime: new Date('2025-01-02T03:04:05Z'),
  DbClusterResourceId: 'cluster-ABCDEFGHIJ',
  DBClusterMembers: [
    { DBInstanceIdentifier: 'orders-aurora-reader', IsClusterWriter: false },
    { DBInstanceIdentifier: 'orders-aurora-writer', IsClusterWriter: true },
  ],
  TagList: [
    { Key: 'Name', Value: 'orders' },
    { Key: 'hostmaster:schedule', Value: 'office' },
  ],
};

afterEach(() => {
  rds.reset();
});

describe('rdsClustersCollector', () => {
  it('normalizes a cluster with its status, members (writer first) and tags from one response', async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
    // Act
    const resources = await rdsClustersCollector.collect(clients);
    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:rds:eu-west-1:111122223333:cluster:orders-aurora',
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'rds:db-cluster',
        name: 'orders',
        state: 'stopped',
        tags: { Name: 'orders', 'hostmaster:schedule': 'office' },
        attributes: {
          engine: 'aurora-postgresql',
          engineVersion: '16.4',
          members: [
            { dbInstanceIdentifier: 'orders-aurora-writer', writer: true },
            { dbInstanceIdentifier: 'orders-aurora-reader', writer: false },
          ],
          storageEncrypted: true,
          multiAz: true,
          backupRetentionDays: 7,
          deletionProtection: true,
          createTime: '2025-01-02T03:04:05.000Z',
          dbClusterResourceId: 'cluster-ABCDEFGHIJ',
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('follows the marker, 100 records a page', async () => {
    // Prepare
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [cluster], Marker: 'm-2' })
      .resolvesOnce({
        DBClusters: [
          { ...cluster, DBClusterIdentifier: 'b', DBClusterArn: 'arn:aws:rds:eu-west-1:1:cluster:b' },
        ],
      });
    // Act
    const resources = await rdsClustersCollector.collect(clients);
    // Assess
    expect(resources).toHaveLength(2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 1, { MaxRecords: 100 });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 2, {
      MaxRecords: 100,
      Marker: 'm-2',
    });
  });
});
