import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';
import { ADMIN_PORTS, exposedPorts, openToInternet } from './support/network';

export const sgAdminPortOpenIpv4 = defineRule<'ec2:security-group'>({
  id: 'sg-admin-port-open-ipv4',
  title: 'Security group allows remote administration from 0.0.0.0/0',
  category: 'security',
  severity: 'high',
  rationale:
    'SSH and RDP open to every IPv4 address are scanned and brute-forced within minutes of exposure; a weak or leaked credential becomes a compromised host.',
  remediation:
    'Remove the 0.0.0.0/0 ingress rule for port 22/3389; reach hosts through Session Manager, a VPN or a bastion restricted to known CIDRs.',
  references: [cis('5.2'), fsbp('EC2.19')],
  appliesTo: ['ec2:security-group'],
  evaluate(group) {
    const exposed = exposedPorts(openToInternet(group.attributes.ingress, ['ipv4']), ADMIN_PORTS);
    if (exposed.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `${exposed.map((p) => `${p.service} (${p.port})`).join(', ')} open to 0.0.0.0/0`,
      evidence: {
        groupId: group.attributes.groupId,
        vpcId: group.attributes.vpcId,
        source: '0.0.0.0/0',
        ports: exposed.map(({ port, service, permissions }) => ({ port, service, permissions })),
      },
    };
  },
});
