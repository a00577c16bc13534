import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const ebsSnapshotPublic = defineRule<'ec2:snapshot'>({
  id: 'ebs-snapshot-public',
  title: 'EBS snapshot is publicly restorable',
  category: 'security',
  severity: 'critical',
  rationale:
    'Any AWS account can create a volume from a public snapshot and read every file on it; public snapshots are routinely harvested for keys and credentials.',
  remediation:
    'Remove the `all` group from createVolumePermission (modify-snapshot-attribute --operation-type remove --group-names all) and turn on block public access for snapshots.',
  references: [fsbp('EC2.1')],
  appliesTo: ['ec2:snapshot'],
  evaluate(snapshot) {
    if (!snapshot.attributes.public) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        createVolumePermission: 'all',
        volumeId: snapshot.attributes.volumeId,
        encrypted: snapshot.attributes.encrypted,
      },
    };
  },
});
