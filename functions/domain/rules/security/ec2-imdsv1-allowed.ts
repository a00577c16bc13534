import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable } from '../rule';

export const ec2Imdsv1Allowed = defineRule<'ec2:instance'>({
  id: 'ec2-imdsv1-allowed',
  title: 'Instance allows IMDSv1',
  category: 'security',
  severity: 'medium',
  rationale:
    'IMDSv1 answers any request that reaches 169.254.169.254, so a server-side request forgery in the application can read the instance role credentials; IMDSv2 requires a session token that such requests cannot obtain.',
  remediation:
    'Set HttpTokens to required (aws ec2 modify-instance-metadata-options --http-tokens required) after checking the software on the instance uses a current SDK.',
  references: [cis('5.6'), fsbp('EC2.8')],
  appliesTo: ['ec2:instance'],
  evaluate(instance) {
    if (instance.state === 'terminated' || instance.state === 'shutting-down') return notApplicable;
    if (instance.attributes.imdsV2Required) return compliant;
    return {
      kind: 'non-compliant',
      evidence: { httpTokens: 'optional', state: instance.state },
    };
  },
});
