import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const iamRootAccessKeysPresent = defineRule<'iam:account-summary'>({
  id: 'iam-root-access-keys-present',
  title: 'Root user has access keys',
  category: 'security',
  severity: 'critical',
  rationale:
    'Root access keys carry unrestricted power over the account that no policy or SCP can limit; a leaked root key is a lost account.',
  remediation:
    'Sign in as root, delete its access keys under Security credentials, and use IAM roles instead.',
  references: [cis('1.4'), fsbp('IAM.4')],
  appliesTo: ['iam:account-summary'],
  evaluate(summary) {
    if (!summary.attributes.rootAccessKeysPresent) return compliant;
    return { kind: 'non-compliant', evidence: { accountAccessKeysPresent: 1 } };
  },
});
