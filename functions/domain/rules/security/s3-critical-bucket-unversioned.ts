import { compliant, defineRule, notApplicable } from '../rule';
import { criticalDataTagsOf, matchTag } from './support/tags';

export const s3CriticalBucketUnversioned = defineRule<'s3:bucket'>({
  id: 's3-critical-bucket-unversioned',
  title: 'Critical S3 bucket does not keep object versions',
  category: 'compliance',
  severity: 'medium',
  rationale:
    'Without versioning, an overwrite or delete (by mistake, by a bug or by ransomware) destroys the only copy of an object; buckets tagged as critical are expected to be recoverable.',
  remediation: 'Enable versioning on the bucket and add a lifecycle rule expiring noncurrent versions.',
  references: [],
  appliesTo: ['s3:bucket'],
  evaluate(bucket, context) {
    const critical = matchTag(bucket.tags, criticalDataTagsOf(context.settings));
    if (!critical) return notApplicable;
    if (bucket.attributes.versioning === 'Enabled') return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        versioning: bucket.attributes.versioning,
        criticalTag: `${critical.key}=${critical.value}`,
      },
    };
  },
});
