import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const rdsSnapshotUnencrypted = defineRule<'rds:db-snapshot'>({
  id: 'rds-snapshot-unencrypted',
  title: 'RDS snapshot is not encrypted',
  category: 'security',
  severity: 'medium',
  rationale:
    'An unencrypted snapshot can be copied or shared and restored without any key policy standing in the way.',
  remediation:
    'Copy the snapshot with a KMS key (copy-db-snapshot --kms-key-id), then delete the unencrypted original.',
  references: [fsbp('RDS.4')],
  appliesTo: ['rds:db-snapshot'],
  evaluate(snapshot) {
    if (snapshot.attributes.encrypted) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        encrypted: false,
        dbInstanceIdentifier: snapshot.attributes.dbInstanceIdentifier,
        snapshotType: snapshot.attributes.snapshotType,
      },
    };
  },
});
