import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const cloudtrailNotMultiRegionLogging = defineRule<'iam:account-summary'>({
  id: 'cloudtrail-not-multi-region-logging',
  title: 'No multi-region CloudTrail trail is logging',
  category: 'security',
  severity: 'high',
  rationale:
    'Without a logging multi-region trail, API activity in some regions is recorded nowhere durable: an intrusion in an unused region leaves no trace to investigate.',
  remediation:
    'Create (or turn logging back on for) a trail with IsMultiRegionTrail enabled, delivering to a locked-down S3 bucket; an organization trail covers every member account.',
  references: [cis('3.1'), fsbp('CloudTrail.1')],
  // Anchored on the account summary: the check is about the account, and every account has exactly one.
  appliesTo: ['iam:account-summary'],
  evaluate(summary, context) {
    const trails = context.inventory
      .ofType('cloudtrail:trail', summary.accountId)
      .filter((trail) => trail.goneAt === undefined);
    if (trails.some((t) => t.attributes.isMultiRegion && t.attributes.isLogging)) return compliant;
    return {
      kind: 'non-compliant',
      title:
        trails.length === 0 ? 'No CloudTrail trail exists' : 'No multi-region CloudTrail trail is logging',
      evidence: {
        trails: trails.map((t) => ({
          name: t.name,
          homeRegion: t.attributes.homeRegion,
          isMultiRegion: t.attributes.isMultiRegion,
          isLogging: t.attributes.isLogging,
        })),
      },
    };
  },
});
