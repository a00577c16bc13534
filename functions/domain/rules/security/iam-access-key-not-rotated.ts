import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable, threshold } from '../rule';
import { daysSince } from './support/time';

const ID = 'iam-access-key-not-rotated';

export const iamAccessKeyNotRotated = defineRule<'iam:user'>({
  id: ID,
  title: 'IAM user has an active access key older than 90 days',
  category: 'security',
  severity: 'medium',
  rationale:
    'Long-lived access keys leak through laptops, CI logs and repositories; rotating them bounds how long a leaked key stays useful.',
  remediation:
    'Create a second key, move the workload to it, deactivate and then delete the old one; better, replace the user with a role (threshold `maxAgeDays`, default 90).',
  references: [cis('1.14'), fsbp('IAM.3')],
  appliesTo: ['iam:user'],
  evaluate(user, context) {
    const maxAgeDays = threshold(context, ID, 'maxAgeDays', 90);
    const active = user.attributes.accessKeys.filter((k) => k.active);
    if (active.length === 0) return notApplicable;
    const stale = active
      .map((k) => ({ key: k.id, lastRotated: k.lastRotated, ageDays: daysSince(k.lastRotated, context.now) }))
      .filter((k) => k.ageDays > maxAgeDays);
    if (stale.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `IAM user has an active access key ${Math.max(...stale.map((k) => k.ageDays))} days old`,
      evidence: { keys: stale, maxAgeDays },
    };
  },
});
