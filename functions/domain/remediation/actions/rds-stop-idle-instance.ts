import { defineAction } from '../action';
import { createdTags, nativeId } from '../native-id';

/**
 * A DB snapshot identifier from the request and the DB: 1 to 255 letters, digits and hyphens, a
 * letter first, no two hyphens in a row, no hyphen last (RDS's rules).
 */
function backupSnapshotIdentifier(remediationId: string, dbInstanceIdentifier: string): string {
  return `hostmaster-${remediationId}-${dbInstanceIdentifier}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 255)
    .replace(/-+$/, '');
}

/**
 * Snapshots an idle DB instance, waits for the snapshot to be available, then stops the instance.
 * Destructive (the database is unreachable while stopped), so a person approves it.
 */
export const rdsStopIdleInstance = defineAction<'rds:db-instance'>({
  id: 'rds-stop-idle-instance',
  title: 'Snapshot and stop an idle RDS instance',
  fixes: ['rds-idle-instance'],
  resourceType: 'rds:db-instance',
  destructive: true,
  backupDescription:
    'A manual DB snapshot, tagged with the remediation id and hostmaster:remediation=allow, available before the stop.',
  verifyDescription: 'The DB instance is stopping or stopped.',
  undo: {
    undoable: true,
    description:
      'Starts the DB instance again. RDS also starts a stopped instance by itself after 7 days; the backup snapshot is kept.',
    plan: (before) => [
      {
        service: 'rds',
        action: 'StartDBInstance',
        dryRunnable: false,
        input: { DBInstanceIdentifier: nativeId(before) },
      },
    ],
  },
  plan(db, { remediationId }) {
    const id = nativeId(db);
    const snapshot = backupSnapshotIdentifier(remediationId, id);
    return {
      summary: `Snapshot ${id} (${db.attributes.instanceClass} ${db.attributes.engine}) as ${snapshot}, then stop it (RDS starts it again by itself after 7 days).`,
      backup: [
        {
          service: 'rds',
          action: 'CreateDBSnapshot',
          dryRunnable: false,
          input: {
            DBInstanceIdentifier: id,
            DBSnapshotIdentifier: snapshot,
            Tags: createdTags(remediationId, `backup-${id}`),
          },
          capture: { dbSnapshotId: 'DBSnapshot.DBSnapshotIdentifier' },
        },
      ],
      act: [
        { service: 'rds', action: 'StopDBInstance', dryRunnable: false, input: { DBInstanceIdentifier: id } },
      ],
      record: { previousState: db.state, instanceClass: db.attributes.instanceClass },
    };
  },
  preflight(db) {
    const a = db.attributes;
    const replication = a.readReplicaSource
      ? `it is a read replica of ${a.readReplicaSource}`
      : (a.readReplicas ?? []).length > 0
        ? `it has read replicas (${(a.readReplicas ?? []).join(', ')})`
        : undefined;
    return [
      {
        id: 'db-available',
        passed: db.state === 'available',
        detail: `the DB instance is ${db.state}`,
      },
      {
        id: 'not-aurora-member',
        passed: a.dbClusterIdentifier === undefined,
        detail: a.dbClusterIdentifier
          ? `it is a member of Aurora cluster ${a.dbClusterIdentifier}: RDS stops only the whole cluster`
          : 'not a cluster member',
      },
      {
        id: 'not-replicated',
        passed: replication === undefined,
        detail: replication ? `${replication}: RDS cannot stop it` : 'no read replication',
      },
    ];
  },
  verify(after) {
    if (!after) return 'the DB instance no longer exists';
    return after.state === 'stopped' || after.state === 'stopping'
      ? true
      : `the DB instance is ${after.state}`;
  },
});
