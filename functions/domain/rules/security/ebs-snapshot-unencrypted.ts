import { compliant, defineRule } from '../rule';

export const ebsSnapshotUnencrypted = defineRule<'ec2:snapshot'>({
  id: 'ebs-snapshot-unencrypted',
  title: 'EBS snapshot is not encrypted',
  category: 'security',
  severity: 'medium',
  rationale:
    'An unencrypted snapshot can be shared or copied and restored without any key policy standing in the way.',
  remediation: 'Copy the snapshot with --encrypted and a KMS key, then delete the unencrypted original.',
  references: [],
  appliesTo: ['ec2:snapshot'],
  evaluate(snapshot) {
    if (snapshot.attributes.encrypted) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        encrypted: false,
        volumeId: snapshot.attributes.volumeId,
        volumeSizeGiB: snapshot.attributes.volumeSizeGiB,
      },
    };
  },
});
