import { cis } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable, threshold } from '../rule';
import { daysSince } from './support/time';

const ID = 'iam-credentials-unused';

export const iamCredentialsUnused = defineRule<'iam:user'>({
  id: ID,
  title: 'IAM user has credentials unused for 45 days or more',
  category: 'security',
  severity: 'medium',
  rationale:
    'Credentials nobody uses belong to people who left or workloads that moved; they keep an attack path open that no one would notice being used.',
  remediation:
    'Deactivate the unused access keys and delete the console password (login profile); threshold `maxUnusedDays`, default 45.',
  references: [cis('1.12')],
  appliesTo: ['iam:user'],
  evaluate(user, context) {
    const maxUnusedDays = threshold(context, ID, 'maxUnusedDays', 45);
    const { passwordEnabled, passwordLastUsed, createDate, accessKeys } = user.attributes;
    const active = accessKeys.filter((k) => k.active);
    if (!passwordEnabled && active.length === 0) return notApplicable;
    // A credential never used is measured from when it was issued, so new users get the same grace period.
    const candidates = [
      ...(passwordEnabled
        ? [
            {
              credential: 'console password',
              lastUsed: passwordLastUsed,
              since: passwordLastUsed ?? createDate,
            },
          ]
        : []),
      ...active.map((k) => ({
        credential: `access key ${k.id}`,
        lastUsed: k.lastUsed,
        since: k.lastUsed ?? k.lastRotated,
      })),
    ];
    const unused = candidates
      .map((c) => ({
        credential: c.credential,
        lastUsed: c.lastUsed ?? 'never',
        unusedDays: daysSince(c.since, context.now),
      }))
      .filter((c) => c.unusedDays >= maxUnusedDays);
    if (unused.length === 0) return compliant;
    return { kind: 'non-compliant', evidence: { credentials: unused, maxUnusedDays } };
  },
});
