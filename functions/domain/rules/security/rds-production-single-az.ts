import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule, notApplicable } from '../rule';
import { matchTag, productionTagsOf } from './support/tags';

export const rdsProductionSingleAz = defineRule<'rds:db-instance'>({
  id: 'rds-production-single-az',
  title: 'Production RDS instance runs in a single Availability Zone',
  category: 'compliance',
  severity: 'medium',
  rationale:
    'A single-AZ instance is down for the whole of an AZ outage, a host failure or a storage failure until a restore completes; production databases are expected to fail over within minutes.',
  remediation:
    'Convert the instance to Multi-AZ (modify-db-instance --multi-az); it happens online, with a brief I/O pause during the switch.',
  references: [fsbp('RDS.5')],
  appliesTo: ['rds:db-instance'],
  evaluate(db, context) {
    const production = matchTag(db.tags, productionTagsOf(context.settings));
    // Aurora replicates storage across three AZs at the cluster level; the instance flag says nothing.
    if (!production || db.attributes.engine.startsWith('aurora')) return notApplicable;
    if (db.attributes.multiAz) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        multiAz: false,
        availabilityZone: db.attributes.availabilityZone,
        productionTag: `${production.key}=${production.value}`,
      },
    };
  },
});
