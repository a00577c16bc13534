import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const ebsVolumeUnencrypted = defineRule<'ec2:volume'>({
  id: 'ebs-volume-unencrypted',
  title: 'EBS volume is not encrypted',
  category: 'security',
  severity: 'medium',
  rationale:
    'Data on an unencrypted volume, and on every snapshot taken from it, is readable without a KMS permission check.',
  remediation:
    'Snapshot the volume, copy the snapshot with encryption, create a volume from the copy and swap it in; turn on EBS encryption by default so new volumes are encrypted.',
  references: [fsbp('EC2.3')],
  appliesTo: ['ec2:volume'],
  evaluate(volume) {
    if (volume.attributes.encrypted) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        encrypted: false,
        sizeGiB: volume.attributes.sizeGiB,
        attachedTo: volume.attributes.attachments.map((a) => a.instanceId),
      },
    };
  },
});
