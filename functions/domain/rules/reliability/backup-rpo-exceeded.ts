import type { ResourceOf } from '../../model';
import { compliant, defineRule, insufficientData, notApplicable, type RuleContext, threshold } from '../rule';
import { rpoRequirement } from './support/rpo';

const ID = 'backup-rpo-exceeded';

/** The newest recovery point of an instance: the latest snapshot of any of its volumes. */
function latestInstanceBackup(
  instance: ResourceOf<'ec2:instance'>,
  context: RuleContext,
): string | undefined {
  const volumes = new Set(instance.attributes.volumeIds);
  let latest: string | undefined;
  for (const snapshot of context.inventory.ofType('ec2:snapshot', instance.accountId, instance.region)) {
    if (snapshot.goneAt || !snapshot.attributes.volumeId || !volumes.has(snapshot.attributes.volumeId))
      continue;
    if (snapshot.state !== 'completed' && snapshot.state !== 'active') continue;
    if (!latest || snapshot.attributes.startTime > latest) latest = snapshot.attributes.startTime;
  }
  return latest;
}

/** The newest recovery point of a database: point-in-time restore, or its latest snapshot. */
function latestDbBackup(db: ResourceOf<'rds:db-instance'>, context: RuleContext): string | undefined {
  let latest = db.attributes.backupRetentionDays > 0 ? db.attributes.latestRestorableTime : undefined;
  const identifier = db.id.split(':').at(-1);
  for (const snapshot of context.inventory.ofType('rds:db-snapshot', db.accountId, db.region)) {
    if (snapshot.goneAt || snapshot.attributes.dbInstanceIdentifier !== identifier) continue;
    const created = snapshot.attributes.createTime;
    if (created && (!latest || created > latest)) latest = created;
  }
  return latest;
}

export const backupRpoExceeded = defineRule<'ec2:instance' | 'rds:db-instance'>({
  id: ID,
  title: 'Latest backup older than the recovery point objective',
  category: 'reliability',
  severity: 'high',
  rationale:
    'The recovery point objective is how much data the owners accept to lose. When the newest snapshot or restorable time is older than it, a failure now loses more than promised.',
  remediation:
    'Check the backup job (AWS Backup plan, Data Lifecycle Manager policy or RDS backup window) and why it stopped; take a snapshot now. Set the objective with the `hostmaster:rpo` tag (e.g. `24h`); production and critical-data resources default to `defaultRpoHours` (24).',
  references: [],
  appliesTo: ['ec2:instance', 'rds:db-instance'],
  evaluate(resource, context) {
    if (resource.state === 'terminated' || resource.state === 'deleting') return notApplicable;
    const requirement = rpoRequirement(
      resource,
      context.settings,
      threshold(context, ID, 'defaultRpoHours', 24),
    );
    if (requirement.kind === 'none') return notApplicable;
    if (requirement.kind === 'invalid') {
      return insufficientData(
        `hostmaster:rpo tag "${requirement.value}" is not a duration such as 24h, 30m or 7d`,
      );
    }
    if (resource.type === 'ec2:instance' && resource.attributes.volumeIds.length === 0) return notApplicable;
    const latest =
      resource.type === 'ec2:instance'
        ? latestInstanceBackup(resource, context)
        : latestDbBackup(resource, context);
    const rpoHours = Math.round((requirement.rpoMs / 3_600_000) * 100) / 100;
    if (!latest) {
      return {
        kind: 'non-compliant',
        title: 'No backup at all',
        evidence: { rpoHours, rpoSource: requirement.source, latestBackup: null },
      };
    }
    const ageMs = context.now.getTime() - Date.parse(latest);
    if (ageMs <= requirement.rpoMs) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        rpoHours,
        rpoSource: requirement.source,
        latestBackup: latest,
        backupAgeHours: Math.round((ageMs / 3_600_000) * 10) / 10,
      },
    };
  },
});
