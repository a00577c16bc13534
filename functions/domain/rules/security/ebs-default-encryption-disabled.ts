import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const ebsDefaultEncryptionDisabled = defineRule<'ec2:ebs-encryption-default'>({
  id: 'ebs-default-encryption-disabled',
  title: 'EBS encryption by default is off in this region',
  category: 'security',
  severity: 'medium',
  rationale:
    'With encryption by default off, every new volume and snapshot copy is unencrypted unless each launch remembers to ask; the setting is per region, so one forgotten region is enough.',
  remediation: 'Run aws ec2 enable-ebs-encryption-by-default in the region (it affects new volumes only).',
  references: [cis('2.2.1'), fsbp('EC2.7')],
  appliesTo: ['ec2:ebs-encryption-default'],
  evaluate(setting) {
    if (setting.attributes.enabled) return compliant;
    return { kind: 'non-compliant', evidence: { ebsEncryptionByDefault: false, region: setting.region } };
  },
});
