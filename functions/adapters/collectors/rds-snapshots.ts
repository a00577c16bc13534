import {
  type DBSnapshot,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBSnapshots,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, required, tagRecord } from './sdk-shared';

/** DescribeDBSnapshots accepts 20 to 100 records a page. */
const PAGE_SIZE = 100;
const OPERATION = 'DescribeDBSnapshots';

type DbSnapshotResource = Extract<ResourceData, { type: 'rds:db-snapshot' }>;

/**
 * RDS DB snapshots (manual and automated) owned by the account in one region. Whether a snapshot is
 * public needs DescribeDBSnapshotAttributes, one call per snapshot, so it is asked only for manual
 * snapshots: automated ones cannot be shared and are never public.
 */
export const rdsSnapshotsCollector: Collector = {
  name: 'rds-snapshots',
  resourceTypes: ['rds:db-snapshot'],
  scope: 'regional',
  async collect(clients) {
    const rds = clients.get(RDSClient);
    const snapshots: DBSnapshot[] = [];
    for await (const page of paginateDescribeDBSnapshots({ client: rds }, { MaxRecords: PAGE_SIZE })) {
      snapshots.push(...(page.DBSnapshots ?? []));
    }
    return Promise.all(
      snapshots.map(async (snapshot) => {
        const isPublic = snapshot.SnapshotType === 'manual' && (await isRestorableByAll(rds, snapshot));
        return toResource(snapshot, isPublic, clients.accountId, clients.region);
      }),
    );
  },
};

async function isRestorableByAll(rds: RDSClient, snapshot: DBSnapshot): Promise<boolean> {
  const response = await rds.send(
    new DescribeDBSnapshotAttributesCommand({
      DBSnapshotIdentifier: required(snapshot.DBSnapshotIdentifier, OPERATION, 'DBSnapshotIdentifier'),
    }),
  );
  return (response.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? []).some(
    (attribute) => attribute.AttributeName === 'restore' && (attribute.AttributeValues ?? []).includes('all'),
  );
}

function toResource(
  snapshot: DBSnapshot,
  isPublic: boolean,
  accountId: string,
  region: string,
): DbSnapshotResource {
  const identifier = required(snapshot.DBSnapshotIdentifier, OPERATION, 'DBSnapshotIdentifier');
  const tags = tagRecord(snapshot.TagList);
  return {
    id: required(snapshot.DBSnapshotArn, OPERATION, 'DBSnapshotArn'),
    accountId,
    region,
    type: 'rds:db-snapshot',
    name: nameOf(tags, identifier),
    state: required(snapshot.Status, OPERATION, 'Status'),
    tags,
    attributes: {
      dbInstanceIdentifier: snapshot.DBInstanceIdentifier ?? '',
      snapshotType: required(snapshot.SnapshotType, OPERATION, 'SnapshotType'),
      engine: snapshot.Engine ?? '',
      encrypted: snapshot.Encrypted ?? false,
      public: isPublic,
      allocatedStorageGiB: snapshot.AllocatedStorage ?? 0,
      createTime: isoDate(snapshot.SnapshotCreateTime),
    },
  };
}
