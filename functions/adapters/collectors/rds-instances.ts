import { type DBInstance, paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, required, tagRecord } from './sdk-shared';

/** DescribeDBInstances accepts 20 to 100 records a page. */
const PAGE_SIZE = 100;
const OPERATION = 'DescribeDBInstances';

type DbInstanceResource = Extract<ResourceData, { type: 'rds:db-instance' }>;

/**
 * RDS DB instances (Aurora cluster members included) of one region: one DescribeDBInstances call per
 * 100 instances. Tags come in the same response (`TagList`), so there is no call per instance.
 */
export const rdsInstancesCollector: Collector = {
  name: 'rds-instances',
  resourceTypes: ['rds:db-instance'],
  scope: 'regional',
  async collect(clients) {
    const rds = clients.get(RDSClient);
    const out: ResourceData[] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds }, { MaxRecords: PAGE_SIZE })) {
      for (const db of page.DBInstances ?? [])
        out.push(normalizeDbInstance(db, clients.accountId, clients.region));
    }
    return out;
  },
};

/** One DescribeDBInstances record as the domain's `rds:db-instance` (remediation re-describes with it). */
export function normalizeDbInstance(db: DBInstance, accountId: string, region: string): DbInstanceResource {
  const identifier = required(db.DBInstanceIdentifier, OPERATION, 'DBInstanceIdentifier');
  const tags = tagRecord(db.TagList);
  return {
    id: required(db.DBInstanceArn, OPERATION, 'DBInstanceArn'),
    accountId,
    region,
    type: 'rds:db-instance',
    name: nameOf(tags, identifier),
    state: required(db.DBInstanceStatus, OPERATION, 'DBInstanceStatus'),
    tags,
    attributes: {
      engine: required(db.Engine, OPERATION, 'Engine'),
      engineVersion: db.EngineVersion ?? '',
      instanceClass: required(db.DBInstanceClass, OPERATION, 'DBInstanceClass'),
      storageType: db.StorageType ?? '',
      allocatedStorageGiB: db.AllocatedStorage ?? 0,
      storageEncrypted: db.StorageEncrypted ?? false,
      publiclyAccessible: db.PubliclyAccessible ?? false,
      multiAz: db.MultiAZ ?? false,
      backupRetentionDays: db.BackupRetentionPeriod ?? 0,
      latestRestorableTime: isoDate(db.LatestRestorableTime),
      availabilityZone: db.AvailabilityZone,
      createTime: isoDate(db.InstanceCreateTime),
      deletionProtection: db.DeletionProtection ?? false,
      dbiResourceId: db.DbiResourceId ?? '',
      ...(db.DBClusterIdentifier ? { dbClusterIdentifier: db.DBClusterIdentifier } : {}),
      ...(db.ReadReplicaSourceDBInstanceIdentifier
        ? { readReplicaSource: db.ReadReplicaSourceDBInstanceIdentifier }
        : {}),
      ...((db.ReadReplicaDBInstanceIdentifiers ?? []).length > 0
        ? { readReplicas: db.ReadReplicaDBInstanceIdentifiers }
        : {}),
      securityGroupIds: (db.VpcSecurityGroups ?? []).flatMap((g) =>
        g.VpcSecurityGroupId ? [g.VpcSecurityGroupId] : [],
      ),
    },
  };
}
