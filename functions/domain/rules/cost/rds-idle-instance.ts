import { HOURS_PER_MONTH, metricWindow, round2, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'rds-idle-instance';

/**
 * A DB instance nobody connected to: DatabaseConnections at most `maxConnections` (default 0) over
 * `minimumDays` (default 14). Saving: the instance hours (twice for Multi-AZ); storage and backup are
 * billed separately and not counted, so the figure is a lower bound.
 */
export const rdsIdleInstance = defineRule({
  id: RULE_ID,
  title: 'RDS instance has had no connections',
  category: 'cost',
  severity: 'medium',
  rationale: 'A database nobody connects to for two weeks is usually a leftover from a migration or a test.',
  remediation: 'Take a final snapshot and delete the instance, or stop it (RDS restarts it after 7 days).',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['rds:db-instance'],
  evaluate(db, context) {
    if (db.state !== 'available') return notApplicable;
    const window = metricWindow(context, RULE_ID, db.id, ['DatabaseConnections']);
    if (!window.ok) return insufficientData(window.reason);
    const connections = window.summaries.DatabaseConnections!;
    if (connections.maximum > threshold(context, RULE_ID, 'maxConnections', 0)) return compliant;
    const a = db.attributes;
    const hourly = context.prices.rdsInstanceHourly(db.region, a.instanceClass, a.engine, a.multiAz);
    if (hourly === undefined) {
      return insufficientData(
        `no price for ${a.instanceClass} ${a.engine} ${a.multiAz ? 'Multi-AZ' : 'Single-AZ'}`,
      );
    }
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * HOURS_PER_MONTH,
      evidence: {
        maxConnections: connections.maximum,
        days: Math.floor(window.days),
        instanceClass: a.instanceClass,
        engine: a.engine,
        multiAz: a.multiAz,
        hourlyUsd: hourly,
        monthlyUsd: round2(hourly * HOURS_PER_MONTH),
        excludes: 'storage and backup charges',
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
