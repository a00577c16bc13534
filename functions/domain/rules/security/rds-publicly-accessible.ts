import { cis, fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';

export const rdsPubliclyAccessible = defineRule<'rds:db-instance'>({
  id: 'rds-publicly-accessible',
  title: 'RDS instance is publicly accessible',
  category: 'security',
  severity: 'high',
  rationale:
    'A publicly accessible instance gets a public DNS answer and address; one permissive security group rule away from the whole internet reaching the database listener.',
  remediation: 'Modify the instance with --no-publicly-accessible and reach it from inside the VPC.',
  references: [cis('2.3.3'), fsbp('RDS.2')],
  appliesTo: ['rds:db-instance'],
  evaluate(db) {
    if (!db.attributes.publiclyAccessible) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        publiclyAccessible: true,
        engine: db.attributes.engine,
        securityGroupIds: db.attributes.securityGroupIds,
      },
    };
  },
});
