import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const s3BucketPolicyPublic = defineRule<'s3:bucket'>({
  id: 's3-bucket-policy-public',
  title: 'S3 bucket policy grants public access',
  category: 'security',
  severity: 'high',
  rationale:
    'A bucket policy that S3 itself evaluates as public lets anyone on the internet act on the bucket within what the policy grants.',
  remediation:
    'Remove the statements with a wildcard principal and no restricting condition; serve public content through CloudFront with origin access control.',
  references: [fsbp('S3.2')],
  appliesTo: ['s3:bucket'],
  evaluate(bucket) {
    if (bucket.attributes.policyIsPublic !== true) return compliant;
    // RestrictPublicBuckets limits a public policy to AWS services and the owner account's principals.
    const restricted = bucket.attributes.publicAccessBlock?.restrictPublicBuckets === true;
    return {
      kind: 'non-compliant',
      ...(restricted ? { severity: 'medium' as const } : {}),
      evidence: { policyIsPublic: true, restrictPublicBuckets: restricted },
    };
  },
});
