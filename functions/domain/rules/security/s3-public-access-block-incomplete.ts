import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const s3PublicAccessBlockIncomplete = defineRule<'s3:bucket'>({
  id: 's3-public-access-block-incomplete',
  title: 'S3 bucket does not fully block public access',
  category: 'security',
  severity: 'medium',
  rationale:
    'Block Public Access is the guard rail that keeps a mistaken ACL or bucket policy from publishing data; with any of its four settings off, one such mistake is enough.',
  remediation:
    'Turn on all four bucket-level settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets); serve public content through CloudFront with origin access control instead.',
  references: [cis('2.1.4'), fsbp('S3.8')],
  appliesTo: ['s3:bucket'],
  evaluate(bucket) {
    const block = bucket.attributes.publicAccessBlock;
    if (block === null) {
      return {
        kind: 'non-compliant',
        title: 'S3 bucket has no public access block',
        evidence: { publicAccessBlock: 'none' },
      };
    }
    const off = Object.entries(block)
      .filter(([, on]) => !on)
      .map(([setting]) => setting);
    if (off.length === 0) return compliant;
    return { kind: 'non-compliant', evidence: { settingsOff: off } };
  },
});
