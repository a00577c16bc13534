import { EC2Client, paginateDescribeSubnets, type Subnet } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, nameOf, required, tagRecord } from './ec2-shared';

export function normalizeSubnet(subnet: Subnet, accountId: string, region: string): ResourceData {
  const id = required(subnet.SubnetId, 'DescribeSubnets', 'SubnetId');
  const tags = tagRecord(subnet.Tags);
  return {
    id: ec2Arn(region, accountId, `subnet/${id}`),
    accountId,
    region,
    type: 'ec2:subnet',
    name: nameOf(tags, id),
    state: required(subnet.State, 'DescribeSubnets', 'State', id),
    tags,
    attributes: {
      vpcId: required(subnet.VpcId, 'DescribeSubnets', 'VpcId', id),
      cidrBlock: required(subnet.CidrBlock, 'DescribeSubnets', 'CidrBlock', id),
      availabilityZone: required(subnet.AvailabilityZone, 'DescribeSubnets', 'AvailabilityZone', id),
      availableIpAddressCount: subnet.AvailableIpAddressCount ?? 0,
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    },
  };
}

/** VPC subnets. */
export const ec2Subnets: Collector = {
  name: 'ec2-subnets',
  resourceTypes: ['ec2:subnet'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeSubnets(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeSubnets },
      {},
    )) {
      for (const subnet of page.Subnets ?? []) {
        resources.push(normalizeSubnet(subnet, clients.accountId, clients.region));
      }
    }
    return resources;
  },
};
