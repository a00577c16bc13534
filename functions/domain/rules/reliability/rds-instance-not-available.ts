import { compliant, defineRule, notApplicable } from '../rule';

/** States in which RDS is doing planned work and will come back by itself. */
const TRANSITIONAL = new Set([
  'backing-up',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
  'converting-to-vpc',
  'creating',
  'maintenance',
  'modifying',
  'moving-to-vpc',
  'rebooting',
  'renaming',
  'resetting-master-credentials',
  'starting',
  'stopping',
  'storage-config-upgrade',
  'storage-initialization',
  'storage-optimization',
  'upgrading',
]);

/** States a person chose: the database is meant to be down. */
const INTENDED = new Set(['stopped', 'deleting']);

const CRITICAL = new Set(['failed', 'storage-full', 'inaccessible-encryption-credentials', 'restore-error']);

export const rdsInstanceNotAvailable = defineRule<'rds:db-instance'>({
  id: 'rds-instance-not-available',
  title: 'RDS instance not available',
  category: 'reliability',
  severity: 'high',
  rationale:
    'An RDS instance in a state such as failed, storage-full or incompatible-parameters does not accept connections and will not recover without someone acting.',
  remediation:
    'Read the instance’s recent events (describe-events), then act on the cause: add storage, fix the parameter group or network, restore the KMS key grant, or restore from a snapshot.',
  references: [],
  appliesTo: ['rds:db-instance'],
  evaluate(db) {
    if (db.state === 'available' || TRANSITIONAL.has(db.state)) return compliant;
    if (INTENDED.has(db.state)) return notApplicable;
    return {
      kind: 'non-compliant',
      title: `RDS instance ${db.state}`,
      severity: CRITICAL.has(db.state) ? 'critical' : 'high',
      evidence: { status: db.state },
    };
  },
});
