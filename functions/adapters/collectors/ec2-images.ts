import { EC2Client, type Image, paginateDescribeImages } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, isoDate, nonEmpty, required, tagRecord } from './ec2-shared';

export function normalizeImage(image: Image, accountId: string, region: string): ResourceData {
  const id = required(image.ImageId, 'DescribeImages', 'ImageId');
  const tags = tagRecord(image.Tags);
  return {
    id: ec2Arn(region, accountId, `image/${id}`),
    accountId,
    region,
    type: 'ec2:image',
    name: nonEmpty(image.Name) ?? nonEmpty(tags.Name) ?? id,
    state: required(image.State, 'DescribeImages', 'State', id),
    tags,
    attributes: {
      creationDate: isoDate(image.CreationDate, 'DescribeImages', 'CreationDate', id),
      public: image.Public ?? false,
      architecture: nonEmpty(image.Architecture),
      snapshotIds: (image.BlockDeviceMappings ?? []).flatMap((m) =>
        m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [],
      ),
    },
  };
}

/** AMIs the account owns. */
export const ec2Images: Collector = {
  name: 'ec2-images',
  resourceTypes: ['ec2:image'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeImages(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeImages },
      { Owners: ['self'] },
    )) {
      for (const image of page.Images ?? [])
        resources.push(normalizeImage(image, clients.accountId, clients.region));
    }
    return resources;
  },
};
