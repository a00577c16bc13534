import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';
import { admitsAllTraffic, describePermission, openToInternet } from './support/network';

export const sgAllTrafficOpen = defineRule<'ec2:security-group'>({
  id: 'sg-all-traffic-open',
  title: 'Security group allows all traffic from the internet',
  category: 'security',
  severity: 'critical',
  rationale:
    'An ingress rule admitting every protocol or every port from 0.0.0.0/0 or ::/0 turns every listening service of every attached resource into a public one.',
  remediation:
    'Replace the rule with rules for the specific ports the workload serves (typically 80/443 behind a load balancer).',
  references: [fsbp('EC2.18')],
  appliesTo: ['ec2:security-group'],
  evaluate(group) {
    const open = openToInternet(group.attributes.ingress).filter((o) => admitsAllTraffic(o.rule));
    if (open.length === 0) return compliant;
    const sources = [...new Set(open.map((o) => o.source))];
    return {
      kind: 'non-compliant',
      title: `All traffic open to ${sources.join(' and ')}`,
      evidence: {
        groupId: group.attributes.groupId,
        vpcId: group.attributes.vpcId,
        permissions: open.map((o) => ({ permission: describePermission(o.rule), source: o.source })),
      },
    };
  },
});
