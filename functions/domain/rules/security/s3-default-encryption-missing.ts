import { compliant, defineRule } from '../rule';

export const s3DefaultEncryptionMissing = defineRule<'s3:bucket'>({
  id: 's3-default-encryption-missing',
  title: 'S3 bucket has no default encryption',
  category: 'security',
  severity: 'medium',
  rationale:
    'Without a default encryption configuration, objects uploaded without an encryption header are stored unencrypted (buckets created before January 2023, or whose configuration was deleted).',
  remediation: 'Put a bucket encryption configuration with SSE-S3 (AES256) or SSE-KMS.',
  references: [],
  appliesTo: ['s3:bucket'],
  evaluate(bucket) {
    if (bucket.attributes.defaultEncryption !== null) return compliant;
    return { kind: 'non-compliant', evidence: { defaultEncryption: 'none' } };
  },
});
