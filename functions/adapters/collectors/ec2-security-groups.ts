import {
  EC2Client,
  type IpPermission,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ResourceData, SecurityGroupRule } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, required, tagRecord } from './ec2-shared';

/** EC2 accepts protocols by name or IANA number; rules compare by name. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'icmpv6',
};

const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort();

/**
 * One rule per IpPermission, protocols by name, every list de-duplicated and sorted, rules sorted:
 * the same group always normalizes to the same document, whatever order EC2 lists it in, so its
 * content hash only changes when a rule does.
 */
export function normalizeRules(permissions: readonly IpPermission[] | undefined): SecurityGroupRule[] {
  const rules = (permissions ?? []).map((p): SecurityGroupRule => {
    const raw = (p.IpProtocol ?? '-1').toLowerCase();
    const protocol = PROTOCOL_NAMES[raw] ?? raw;
    return {
      protocol,
      fromPort: protocol === '-1' ? undefined : p.FromPort,
      toPort: protocol === '-1' ? undefined : p.ToPort,
      ipv4Ranges: sorted((p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : []))),
      ipv6Ranges: sorted((p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : []))),
      sourceGroupIds: sorted((p.UserIdGroupPairs ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []))),
      prefixListIds: sorted((p.PrefixListIds ?? []).flatMap((l) => (l.PrefixListId ? [l.PrefixListId] : []))),
    };
  });
  const key = (r: SecurityGroupRule) =>
    `${r.protocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}|${JSON.stringify(r)}`;
  return rules.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function normalizeSecurityGroup(
  group: SecurityGroup,
  accountId: string,
  region: string,
): ResourceData {
  const id = required(group.GroupId, 'DescribeSecurityGroups', 'GroupId');
  const tags = tagRecord(group.Tags);
  const groupName = group.GroupName ?? id;
  return {
    id: ec2Arn(region, accountId, `security-group/${id}`),
    accountId,
    region,
    type: 'ec2:security-group',
    name: tags.Name && tags.Name.length > 0 ? tags.Name : groupName,
    state: 'active',
    tags,
    attributes: {
      groupId: id,
      vpcId: group.VpcId,
      description: group.Description ?? '',
      isDefault: groupName === 'default',
      ingress: normalizeRules(group.IpPermissions),
      egress: normalizeRules(group.IpPermissionsEgress),
    },
  };
}

/** Security groups with their ingress and egress rules normalized. */
export const ec2SecurityGroups: Collector = {
  name: 'ec2-security-groups',
  resourceTypes: ['ec2:security-group'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const resources: ResourceData[] = [];
    for await (const page of paginateDescribeSecurityGroups(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeSecurityGroups },
      {},
    )) {
      for (const group of page.SecurityGroups ?? []) {
        resources.push(normalizeSecurityGroup(group, clients.accountId, clients.region));
      }
    }
    return resources;
  },
};
