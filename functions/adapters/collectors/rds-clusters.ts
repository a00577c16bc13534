import { type DBCluster, paginateDescribeDBClusters, RDSClient } from '@aws-sdk/client-rds';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, required, tagRecord } from './sdk-shared';

/** DescribeDBClusters accepts 20 to 100 records a page. */
const PAGE_SIZE = 100;
const OPERATION = 'DescribeDBClusters';

type DbClusterResource = Extract<ResourceData, { type: 'rds:db-cluster' }>;

/**
 * Aurora (and Multi-AZ) DB clusters of one region: one DescribeDBClusters call per 100 clusters, with
 * engine, status, members and tags (`TagList`) in the same response.
 */
export const rdsClustersCollector: Collector = {
  name: 'rds-clusters',
  resourceTypes: ['rds:db-cluster'],
  scope: 'regional',
  async collect(clients) {
    const rds = clients.get(RDSClient);
    const out: ResourceData[] = [];
    for await (const page of paginateDescribeDBClusters({ client: rds }, { MaxRecords: PAGE_SIZE })) {
      for (const cluster of page.DBClusters ?? [])
        out.push(toResource(cluster, clients.accountId, clients.region));
    }
    return out;
  },
};

function toResource(cluster: DBCluster, accountId: string, region: string): DbClusterResource {
  const identifier = required(cluster.DBClusterIdentifier, OPERATION, 'DBClusterIdentifier');
  const tags = tagRecord(cluster.TagList);
  const members = (cluster.DBClusterMembers ?? []).flatMap((m) =>
    m.DBInstanceIdentifier
      ? [{ dbInstanceIdentifier: m.DBInstanceIdentifier, writer: m.IsClusterWriter === true }]
      : [],
  );
  members.sort((a, b) => Number(b.writer) - Number(a.writer));
  return {
    id: required(cluster.DBClusterArn, OPERATION, 'DBClusterArn'),
    accountId,
    region,
    type: 'rds:db-cluster',
    name: nameOf(tags, identifier),
    state: required(cluster.Status, OPERATION, 'Status'),
    tags,
    attributes: {
      engine: required(cluster.Engine, OPERATION, 'Engine'),
      engineVersion: cluster.EngineVersion ?? '',
      members,
      storageEncrypted: cluster.StorageEncrypted ?? false,
      multiAz: cluster.MultiAZ ?? false,
      backupRetentionDays: cluster.BackupRetentionPeriod ?? 0,
      deletionProtection: cluster.DeletionProtection ?? false,
      createTime: isoDate(cluster.ClusterCreateTime),
      dbClusterResourceId: cluster.DbClusterResourceId ?? '',
    },
  };
}
