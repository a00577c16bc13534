import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule, threshold } from '../rule';

const ID = 'rds-backup-retention-low';

export const rdsBackupRetentionLow = defineRule<'rds:db-instance'>({
  id: ID,
  title: 'RDS automated backups retained for too short a time',
  category: 'security',
  severity: 'medium',
  rationale:
    'Automated backups are the only point-in-time recovery path for an RDS instance; with none, or a window shorter than a week, corruption noticed after a weekend cannot be undone.',
  remediation:
    'Set the backup retention period to at least 7 days (threshold `minRetentionDays`, default 7) with modify-db-instance --backup-retention-period.',
  references: [fsbp('RDS.11')],
  appliesTo: ['rds:db-instance'],
  evaluate(db, context) {
    const minRetentionDays = threshold(context, ID, 'minRetentionDays', 7);
    const retention = db.attributes.backupRetentionDays;
    if (retention >= minRetentionDays) return compliant;
    if (retention === 0) {
      return {
        kind: 'non-compliant',
        title: 'RDS automated backups disabled',
        severity: 'high',
        evidence: { backupRetentionDays: 0, minRetentionDays },
      };
    }
    return { kind: 'non-compliant', evidence: { backupRetentionDays: retention, minRetentionDays } };
  },
});
