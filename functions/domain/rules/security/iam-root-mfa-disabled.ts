import { cis } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const iamRootMfaDisabled = defineRule<'iam:account-summary'>({
  id: 'iam-root-mfa-disabled',
  title: 'Root user has no MFA',
  category: 'security',
  severity: 'critical',
  rationale:
    'The root user can do anything, including closing the account; without MFA its password alone (resettable through the account email) is the only barrier.',
  remediation:
    'Sign in as root and assign an MFA device (hardware key or passkey) under Security credentials.',
  references: [cis('1.5')],
  appliesTo: ['iam:account-summary'],
  evaluate(summary) {
    if (summary.attributes.rootMfaEnabled) return compliant;
    return { kind: 'non-compliant', evidence: { accountMFAEnabled: 0 } };
  },
});
