import type { ResourceType } from '../../model';
import { compliant, defineRule, notApplicable } from '../rule';
import { missingTags } from './support/tags';

/**
 * Types whose tags the collectors read. IAM users and CloudTrail trails carry tags in AWS, but their
 * sources (the credential report, DescribeTrails) do not return them, so judging them would flag
 * every one; account-level settings and summaries have no tags at all.
 */
const TAGGABLE: readonly Exclude<
  ResourceType,
  'ec2:ebs-encryption-default' | 'iam:account-summary' | 'iam:user' | 'cloudtrail:trail'
>[] = [
  'ec2:instance',
  'ec2:volume',
  'ec2:snapshot',
  'ec2:elastic-ip',
  'ec2:image',
  'ec2:vpc',
  'ec2:subnet',
  'ec2:security-group',
  'ec2:nat-gateway',
  'elb:load-balancer',
  'elb:target-group',
  'rds:db-instance',
  'rds:db-snapshot',
  's3:bucket',
];

export const requiredTagsMissing = defineRule({
  id: 'required-tags-missing',
  title: 'Resource is missing required tags',
  category: 'compliance',
  severity: 'low',
  rationale:
    'Ownership and environment tags are how costs are allocated, alerts routed and production told apart; an untagged resource has no one to ask about it.',
  remediation: 'Add the missing tags (keys are matched case-insensitively; a blank value counts as missing).',
  references: [],
  appliesTo: TAGGABLE,
  evaluate(resource, context) {
    const required = context.settings.requiredTags;
    if (required.length === 0) return notApplicable;
    const missing = missingTags(resource.tags, required);
    if (missing.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `Missing required tags: ${missing.join(', ')}`,
      evidence: { missingTags: missing, requiredTags: [...required] },
    };
  },
});
