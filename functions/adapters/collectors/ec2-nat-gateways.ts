import { EC2Client, type NatGateway, paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, isoDate, nameOf, required, tagRecord } from './ec2-shared';

export function normalizeNatGateway(gateway: NatGateway, accountId: string, region: string): ResourceData {
  const id = required(gateway.NatGatewayId, 'DescribeNatGateways', 'NatGatewayId');
  const tags = tagRecord(gateway.Tags);
  return {
    id: ec2Arn(region, accountId, `natgateway/${id}`),
    accountId,
    region,
    type: 'ec2:nat-gateway',
    name: nameOf(tags, id),
    state: required(gateway.State, 'DescribeNatGateways', 'State', id),
    tags,
    attributes: {
      vpcId: required(gateway.VpcId, 'DescribeNatGateways', 'VpcId', id),
      subnetId: required(gateway.SubnetId, 'DescribeNatGateways', 'SubnetId', id),
      connectivityType: gateway.ConnectivityType ?? 'public',
      publicIps: (gateway.NatGatewayAddresses ?? []).flatMap((a) => (a.PublicIp ? [a.PublicIp] : [])),
      createTime: isoDate(gateway.CreateTime, 'DescribeNatGateways', 'CreateTime', id),
    },
  };
}

/** NAT gateways (deleted ones too, while EC2 still lists them). */
export const ec2NatGateways: Collector = {
  name: 'ec2-nat-gateways',
  resourceTypes: ['ec2:nat-gateway'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeNatGateways(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeNatGateways },
      {},
    )) {
      for (const gateway of page.NatGateways ?? []) {
        resources.push(normalizeNatGateway(gateway, clients.accountId, clients.region));
      }
    }
    return resources;
  },
};
