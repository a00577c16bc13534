import { EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, isoDate, nameOf, nonEmpty, required, tagRecord } from './ec2-shared';

export function normalizeVolume(volume: Volume, accountId: string, region: string): ResourceData {
  const id = required(volume.VolumeId, 'DescribeVolumes', 'VolumeId');
  const tags = tagRecord(volume.Tags);
  return {
    id: ec2Arn(region, accountId, `volume/${id}`),
    accountId,
    region,
    type: 'ec2:volume',
    name: nameOf(tags, id),
    state: required(volume.State, 'DescribeVolumes', 'State', id),
    tags,
    attributes: {
      volumeType: required(volume.VolumeType, 'DescribeVolumes', 'VolumeType', id),
      sizeGiB: required(volume.Size, 'DescribeVolumes', 'Size', id),
      iops: volume.Iops,
      throughputMiBps: volume.Throughput,
      encrypted: volume.Encrypted ?? false,
      kmsKeyId: nonEmpty(volume.KmsKeyId),
      availabilityZone: required(volume.AvailabilityZone, 'DescribeVolumes', 'AvailabilityZone', id),
      createTime: isoDate(volume.CreateTime, 'DescribeVolumes', 'CreateTime', id),
      snapshotId: nonEmpty(volume.SnapshotId),
      attachments: (volume.Attachments ?? []).flatMap((a) =>
        a.InstanceId
          ? [
              {
                instanceId: a.InstanceId,
                device: a.Device ?? '',
                deleteOnTermination: a.DeleteOnTermination ?? false,
              },
            ]
          : [],
      ),
    },
  };
}

/** EBS volumes. */
export const ec2Volumes: Collector = {
  name: 'ec2-volumes',
  resourceTypes: ['ec2:volume'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeVolumes(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeVolumes },
      {},
    )) {
      for (const volume of page.Volumes ?? []) {
        resources.push(normalizeVolume(volume, clients.accountId, clients.region));
      }
    }
    return resources;
  },
};
