import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';
import { ADMIN_PORTS, exposedPorts, openToInternet } from './support/network';

export const sgAdminPortOpenIpv6 = defineRule<'ec2:security-group'>({
  id: 'sg-admin-port-open-ipv6',
  title: 'Security group allows remote administration from ::/0',
  category: 'security',
  severity: 'high',
  rationale:
    'SSH and RDP open to every IPv6 address are as exposed as over IPv4; IPv6 rules are easy to overlook when only 0.0.0.0/0 is reviewed.',
  remediation:
    'Remove the ::/0 ingress rule for port 22/3389; use Session Manager, a VPN or a bastion restricted to known prefixes.',
  references: [cis('5.3'), fsbp('EC2.19')],
  appliesTo: ['ec2:security-group'],
  evaluate(group) {
    const exposed = exposedPorts(openToInternet(group.attributes.ingress, ['ipv6']), ADMIN_PORTS);
    if (exposed.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `${exposed.map((p) => `${p.service} (${p.port})`).join(', ')} open to ::/0`,
      evidence: {
        groupId: group.attributes.groupId,
        vpcId: group.attributes.vpcId,
        source: '::/0',
        ports: exposed.map(({ port, service, permissions }) => ({ port, service, permissions })),
      },
    };
  },
});
