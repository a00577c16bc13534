import { cis } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable } from '../rule';

export const iamConsoleUserWithoutMfa = defineRule<'iam:user'>({
  id: 'iam-console-user-without-mfa',
  title: 'IAM user with a console password has no MFA',
  category: 'security',
  severity: 'high',
  rationale:
    'A console password alone falls to phishing and password reuse; MFA is what stops a stolen password from becoming a console session.',
  remediation:
    'Have the user register an MFA device (a passkey or authenticator app), or remove the console password if the user does not need the console.',
  references: [cis('1.10')],
  appliesTo: ['iam:user'],
  evaluate(user) {
    if (!user.attributes.passwordEnabled) return notApplicable;
    if (user.attributes.mfaActive) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        passwordEnabled: true,
        mfaActive: false,
        passwordLastUsed: user.attributes.passwordLastUsed ?? 'never',
      },
    };
  },
});
