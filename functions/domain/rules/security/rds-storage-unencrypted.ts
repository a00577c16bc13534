import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const rdsStorageUnencrypted = defineRule<'rds:db-instance'>({
  id: 'rds-storage-unencrypted',
  title: 'RDS instance storage is not encrypted',
  category: 'security',
  severity: 'medium',
  rationale:
    'Unencrypted database storage, its automated backups and snapshots can be read by anyone who obtains the underlying volumes or a shared snapshot; encryption at rest also underpins most compliance regimes.',
  remediation:
    'Encryption cannot be switched on in place: snapshot the instance, copy the snapshot with a KMS key, restore from the encrypted copy and cut over.',
  references: [cis('2.3.1'), fsbp('RDS.3')],
  appliesTo: ['rds:db-instance'],
  evaluate(db) {
    if (db.attributes.storageEncrypted) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        storageEncrypted: false,
        engine: db.attributes.engine,
        instanceClass: db.attributes.instanceClass,
      },
    };
  },
});
