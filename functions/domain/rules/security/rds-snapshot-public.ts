import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const rdsSnapshotPublic = defineRule<'rds:db-snapshot'>({
  id: 'rds-snapshot-public',
  title: 'RDS snapshot is public',
  category: 'security',
  severity: 'critical',
  rationale:
    'Any AWS account can restore a public snapshot and read the whole database, including credentials and personal data stored in it.',
  remediation:
    'Remove `all` from the snapshot restore attribute (modify-db-snapshot-attribute --values-to-remove all); share with named accounts if needed.',
  references: [fsbp('RDS.1')],
  appliesTo: ['rds:db-snapshot'],
  evaluate(snapshot) {
    if (!snapshot.attributes.public) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        restorableBy: 'all',
        dbInstanceIdentifier: snapshot.attributes.dbInstanceIdentifier,
        encrypted: snapshot.attributes.encrypted,
      },
    };
  },
});
