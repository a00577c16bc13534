import type { SecurityGroupRule } from '../../model';
import {
  ADMIN_PORTS,
  type AddressFamily,
  admitsAllTraffic,
  admitsPort,
  DATABASE_PORTS,
  describePermission,
  type OpenPermission,
  openToInternet,
} from '../../rules/security/support/network';
import { defineAction } from '../action';
import type { ApiCall } from '../remediation';

/** Which world-open permissions each fixed rule flags: only those are revoked, nothing else of the group. */
const FLAGGED: Readonly<
  Record<string, { families: AddressFamily[]; admits: (rule: SecurityGroupRule) => boolean }>
> = {
  'sg-admin-port-open-ipv4': {
    families: ['ipv4'],
    admits: (r) => ADMIN_PORTS.some((p) => admitsPort(r, p.port)),
  },
  'sg-admin-port-open-ipv6': {
    families: ['ipv6'],
    admits: (r) => ADMIN_PORTS.some((p) => admitsPort(r, p.port)),
  },
  'sg-database-port-open': {
    families: ['ipv4', 'ipv6'],
    admits: (r) => DATABASE_PORTS.some((p) => admitsPort(r, p.port)),
  },
  'sg-all-traffic-open': { families: ['ipv4', 'ipv6'], admits: admitsAllTraffic },
};

/**
 * The exact permission to revoke: the protocol and port range of the flagged rule with only its
 * world-open source. Other CIDRs, groups and prefix lists of the same rule stay (revoking the whole
 * rule would cut access nobody asked to cut).
 */
function permission({ rule, source }: OpenPermission): Record<string, unknown> {
  return {
    IpProtocol: rule.protocol,
    ...(rule.fromPort === undefined ? {} : { FromPort: rule.fromPort }),
    ...(rule.toPort === undefined ? {} : { ToPort: rule.toPort }),
    ...(source.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: source }] } : { IpRanges: [{ CidrIp: source }] }),
  };
}

function flaggedPermissions(ingress: readonly SecurityGroupRule[], ruleId: string): OpenPermission[] {
  const flagged = FLAGGED[ruleId];
  if (!flagged) return [];
  return openToInternet(ingress, flagged.families).filter((open) => flagged.admits(open.rule));
}

function call(action: string, groupId: string, permissions: readonly Record<string, unknown>[]): ApiCall {
  return {
    service: 'ec2',
    action,
    dryRunnable: true,
    input: { GroupId: groupId, IpPermissions: permissions },
  };
}

/** Revokes the world-open source of the flagged ingress rules, keeping each exact rule for undo. */
export const sgRevokeOpenIngress = defineAction<'ec2:security-group'>({
  id: 'sg-revoke-open-ingress',
  title: 'Revoke an ingress rule open to the internet',
  fixes: Object.keys(FLAGGED),
  resourceType: 'ec2:security-group',
  destructive: true,
  backupDescription:
    'The exact permissions revoked (protocol, ports, source) are kept with the item for undo.',
  verifyDescription: 'The group no longer admits the revoked world-open source on those ports.',
  undo: {
    undoable: true,
    description: 'Authorizes exactly the permissions that were revoked, nothing more.',
    plan: (before, backup) => [
      call('AuthorizeSecurityGroupIngress', before.attributes.groupId, JSON.parse(backup.revoked ?? '[]')),
    ],
  },
  plan(group, { ruleId }) {
    const open = flaggedPermissions(group.attributes.ingress, ruleId);
    const permissions = open.map(permission);
    return {
      summary: `Revoke ${open.map((o) => `${describePermission(o.rule)} from ${o.source}`).join(', ') || 'nothing'} on ${group.attributes.groupId}.`,
      backup: [],
      act: [call('RevokeSecurityGroupIngress', group.attributes.groupId, permissions)],
      record: { revoked: JSON.stringify(permissions) },
    };
  },
  preflight(group) {
    const open = Object.keys(FLAGGED).some(
      (ruleId) => flaggedPermissions(group.attributes.ingress, ruleId).length > 0,
    );
    return [
      {
        id: 'group-has-open-rule',
        passed: open,
        detail: open ? 'the group has a world-open ingress rule' : 'the group has no world-open ingress rule',
      },
    ];
  },
  verify(after, { ruleId }) {
    if (!after) return 'the security group no longer exists';
    const stillOpen = flaggedPermissions(after.attributes.ingress, ruleId);
    return stillOpen.length === 0
      ? true
      : `still open: ${stillOpen.map((o) => `${describePermission(o.rule)} from ${o.source}`).join(', ')}`;
  },
});
