import { type Address, DescribeAddressesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { ec2Arn, nameOf, nonEmpty, required, tagRecord } from './ec2-shared';

/** Elastic IPs have no lifecycle state in EC2: `associated` when associated, else `unassociated`. */
export function normalizeAddress(address: Address, accountId: string, region: string): ResourceData {
  const allocationId = required(address.AllocationId, 'DescribeAddresses', 'AllocationId', address.PublicIp);
  const publicIp = required(address.PublicIp, 'DescribeAddresses', 'PublicIp', allocationId);
  const tags = tagRecord(address.Tags);
  const associationId = nonEmpty(address.AssociationId);
  return {
    id: ec2Arn(region, accountId, `elastic-ip/${allocationId}`),
    accountId,
    region,
    type: 'ec2:elastic-ip',
    name: nameOf(tags, publicIp),
    state: associationId ? 'associated' : 'unassociated',
    tags,
    attributes: {
      publicIp,
      allocationId,
      domain: address.Domain ?? 'vpc',
      associationId,
      instanceId: nonEmpty(address.InstanceId),
      networkInterfaceId: nonEmpty(address.NetworkInterfaceId),
    },
  };
}

/** Elastic IP addresses (VPC). DescribeAddresses is not paginated: one call returns them all. */
export const ec2ElasticIps: Collector = {
  name: 'ec2-elastic-ips',
  resourceTypes: ['ec2:elastic-ip'],
  scope: 'regional',
  async collect(clients) {
    const output = await clients.get(EC2Client).send(new DescribeAddressesCommand({}));
    return (output.Addresses ?? []).map((a) => normalizeAddress(a, clients.accountId, clients.region));
  },
};
