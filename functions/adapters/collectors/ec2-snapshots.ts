import { EC2Client, paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, isoDate, nameOf, nonEmpty, required, tagRecord } from './ec2-shared';

export function normalizeSnapshot(
  snapshot: Snapshot,
  isPublic: boolean,
  accountId: string,
  region: string,
): ResourceData {
  const id = required(snapshot.SnapshotId, 'DescribeSnapshots', 'SnapshotId');
  const tags = tagRecord(snapshot.Tags);
  return {
    id: ec2Arn(region, accountId, `snapshot/${id}`),
    accountId,
    region,
    type: 'ec2:snapshot',
    name: nameOf(tags, id),
    state: required(snapshot.State, 'DescribeSnapshots', 'State', id),
    tags,
    attributes: {
      volumeId: nonEmpty(snapshot.VolumeId),
      volumeSizeGiB: required(snapshot.VolumeSize, 'DescribeSnapshots', 'VolumeSize', id),
      encrypted: snapshot.Encrypted ?? false,
      kmsKeyId: nonEmpty(snapshot.KmsKeyId),
      startTime: isoDate(snapshot.StartTime, 'DescribeSnapshots', 'StartTime', id),
      description: nonEmpty(snapshot.Description),
      public: isPublic,
      storageTier: nonEmpty(snapshot.StorageTier),
    },
  };
}

/**
 * EBS snapshots the account owns. Which of them are public comes from one more paged call
 * (`RestorableByUserIds=all`), never from a DescribeSnapshotAttribute call per snapshot.
 */
export const ec2Snapshots: Collector = {
  name: 'ec2-snapshots',
  resourceTypes: ['ec2:snapshot'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const pagination = { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeSnapshots };
    const owned: Snapshot[] = [];
    for await (const page of paginateDescribeSnapshots(pagination, { OwnerIds: ['self'] })) {
      owned.push(...(page.Snapshots ?? []));
    }
    const publicIds = new Set<string>();
    if (owned.length > 0) {
      for await (const page of paginateDescribeSnapshots(pagination, {
        OwnerIds: ['self'],
        RestorableByUserIds: ['all'],
      })) {
        for (const snapshot of page.Snapshots ?? []) {
          if (snapshot.SnapshotId) publicIds.add(snapshot.SnapshotId);
        }
      }
    }
    return owned.map((snapshot) =>
      normalizeSnapshot(
        snapshot,
        snapshot.SnapshotId !== undefined && publicIds.has(snapshot.SnapshotId),
        clients.accountId,
        clients.region,
      ),
    );
  },
};
