import { EC2Client, paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, nameOf, required, tagRecord } from './ec2-shared';

export function normalizeVpc(vpc: Vpc, accountId: string, region: string): ResourceData {
  const id = required(vpc.VpcId, 'DescribeVpcs', 'VpcId');
  const tags = tagRecord(vpc.Tags);
  return {
    id: ec2Arn(region, accountId, `vpc/${id}`),
    accountId,
    region,
    type: 'ec2:vpc',
    name: nameOf(tags, id),
    state: required(vpc.State, 'DescribeVpcs', 'State', id),
    tags,
    attributes: {
      cidrBlock: required(vpc.CidrBlock, 'DescribeVpcs', 'CidrBlock', id),
      isDefault: vpc.IsDefault ?? false,
    },
  };
}

/** VPCs. */
export const ec2Vpcs: Collector = {
  name: 'ec2-vpcs',
  resourceTypes: ['ec2:vpc'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeVpcs(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeVpcs },
      {},
    )) {
      for (const vpc of page.Vpcs ?? []) resources.push(normalizeVpc(vpc, clients.accountId, clients.region));
    }
    return resources;
  },
};
