import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable } from '../rule';
import { describePermission, describeSources } from './support/network';

export const sgDefaultAllowsTraffic = defineRule<'ec2:security-group'>({
  id: 'sg-default-allows-traffic',
  title: 'Default security group allows traffic',
  category: 'security',
  severity: 'medium',
  rationale:
    'Resources launched without an explicit security group land in the VPC default group; if it allows traffic, they are reachable (and can reach out) without anyone having decided so.',
  remediation:
    'Remove every inbound and outbound rule from the default security group and attach purpose-built groups to resources instead.',
  references: [cis('5.4'), fsbp('EC2.2')],
  appliesTo: ['ec2:security-group'],
  evaluate(group) {
    const { isDefault, ingress, egress } = group.attributes;
    if (!isDefault) return notApplicable;
    if (ingress.length === 0 && egress.length === 0) return compliant;
    const show = (rules: typeof ingress) =>
      rules.map((r) => ({ permission: describePermission(r), sources: describeSources(r) }));
    return {
      kind: 'non-compliant',
      evidence: {
        groupId: group.attributes.groupId,
        vpcId: group.attributes.vpcId,
        inboundRules: show(ingress),
        outboundRules: show(egress),
      },
    };
  },
});
