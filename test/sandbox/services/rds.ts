/**
 * RDS (awsQuery, 2014-10-31): the describe calls of the `rds-instances`, `rds-clusters` and
 * `rds-snapshots` collectors, remediation's CreateDBSnapshot, the scheduler's start and stop of DB instances and Aurora clusters (a
 * cluster's members stop and start with it; RDS starts either by itself after seven days stopped), with RDS's page-size limits (`MaxRecords` 20 to 100) and opaque markers. DB instances
 * and snapshots come from the fleet's `rds:db-instance` and `rds:db-snapshot` resources, whose native
 * id is the DB (snapshot) identifier.
 *
 * A member remediation session may stop, start and snapshot only DB instances tagged
 * `hostmaster:remediation=allow`, and create only snapshots it tags so (remediation-policy.ts); RDS
 * answers `AccessDenied`.
 *
 * Simplifications: a DB snapshot is `available` at once (CreateDBSnapshot answers `creating`), or,
 * under the `slowBackups` fault, after some describes (pending-snapshots.ts); only the account's own snapshots (no `IncludeShared`/`IncludePublic`); a snapshot
 * is public exactly when the fleet says so, and then `restore` is `all`.
 */
import type { FleetResourceOf } from '../fleet';
import { authorizeRemediationWrite } from '../remediation-policy';
import {
  type PageOptions,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
  toXml,
  type XmlObject,
  xmlList,
  xmlResult,
} from '../service';
import { initialSnapshotState, settleSnapshots } from './pending-snapshots';

/** The ARN RDS gives a DB instance. */
export function dbInstanceArn(accountId: string, region: string, identifier: string): string {
  return `arn:aws:rds:${region}:${accountId}:db:${identifier}`;
}

/** The ARN RDS gives a DB snapshot (automated ones keep their `rds:` prefix in the identifier). */
export function dbSnapshotArn(accountId: string, region: string, identifier: string): string {
  return `arn:aws:rds:${region}:${accountId}:snapshot:${identifier}`;
}

/** The ARN RDS gives a DB cluster. */
export function dbClusterArn(accountId: string, region: string, identifier: string): string {
  return `arn:aws:rds:${region}:${accountId}:cluster:${identifier}`;
}

const tagList = (tags: Record<string, string>) =>
  xmlList(
    'Tag',
    Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  );

function pageOptions(request: SandboxRequest, action: string): PageOptions {
  return {
    action,
    maxResults: request.params.int('MaxRecords'),
    nextToken: request.params.get('Marker'),
    min: 20,
    max: 100,
    rangeError: (value) =>
      new SandboxError(
        400,
        'InvalidParameterValue',
        `Invalid value ${value} for MaxRecords. Must be between 20 and 100`,
      ),
    tokenError: () => new SandboxError(400, 'InvalidParameterValue', 'Invalid Marker'),
  };
}

function renderInstance(db: FleetResourceOf<'rds:db-instance'>, context: SandboxContext): XmlObject {
  const a = db.attributes;
  return {
    DBInstanceIdentifier: db.id,
    DBInstanceClass: a.instanceClass,
    Engine: a.engine,
    DBInstanceStatus: db.state,
    AllocatedStorage: a.allocatedStorageGiB,
    InstanceCreateTime: a.createTime,
    AvailabilityZone: a.availabilityZone,
    BackupRetentionPeriod: a.backupRetentionDays,
    VpcSecurityGroups: xmlList(
      'VpcSecurityGroupMembership',
      a.securityGroupIds.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' })),
    ),
    MultiAZ: a.multiAz,
    EngineVersion: a.engineVersion,
    LatestRestorableTime: a.latestRestorableTime,
    PubliclyAccessible: a.publiclyAccessible,
    StorageType: a.storageType,
    StorageEncrypted: a.storageEncrypted,
    DbiResourceId: a.dbiResourceId,
    DBInstanceArn: dbInstanceArn(context.account.id, db.region, db.id),
    DeletionProtection: a.deletionProtection,
    DBClusterIdentifier: a.dbClusterIdentifier,
    ReadReplicaSourceDBInstanceIdentifier: a.readReplicaSource,
    ReadReplicaDBInstanceIdentifiers:
      a.readReplicas && xmlList('ReadReplicaDBInstanceIdentifier', a.readReplicas),
    TagList: tagList(db.tags),
  };
}

function renderCluster(cluster: FleetResourceOf<'rds:db-cluster'>, context: SandboxContext): XmlObject {
  const a = cluster.attributes;
  return {
    DBClusterIdentifier: cluster.id,
    Engine: a.engine,
    EngineVersion: a.engineVersion,
    Status: cluster.state,
    StorageEncrypted: a.storageEncrypted,
    MultiAZ: a.multiAz,
    BackupRetentionPeriod: a.backupRetentionDays,
    DeletionProtection: a.deletionProtection,
    ClusterCreateTime: a.createTime,
    DbClusterResourceId: a.dbClusterResourceId,
    DBClusterArn: dbClusterArn(context.account.id, cluster.region, cluster.id),
    DBClusterMembers: xmlList(
      'DBClusterMember',
      a.members.map((m) => ({ DBInstanceIdentifier: m.dbInstanceIdentifier, IsClusterWriter: m.writer })),
    ),
    TagList: tagList(cluster.tags),
  };
}

function renderSnapshot(snapshot: FleetResourceOf<'rds:db-snapshot'>, context: SandboxContext): XmlObject {
  const a = snapshot.attributes;
  return {
    DBSnapshotIdentifier: snapshot.id,
    DBInstanceIdentifier: a.dbInstanceIdentifier,
    SnapshotCreateTime: a.createTime,
    Engine: a.engine,
    AllocatedStorage: a.allocatedStorageGiB,
    Status: snapshot.state,
    SnapshotType: a.snapshotType,
    Encrypted: a.encrypted,
    DBSnapshotArn: dbSnapshotArn(context.account.id, snapshot.region, snapshot.id),
    TagList: tagList(snapshot.tags),
  };
}

/** RDS starts a DB instance stopped for longer than this by itself (and so does the sandbox). */
export const RDS_AUTO_START_MS = 7 * 86_400_000;

interface StopLedger {
  /**
   * When each DB instance (`<account>|<region>|<id>`) was last stopped through StopDBInstance, and
   * each cluster (`<account>|<region>|cluster:<id>`) through StopDBCluster.
   */
  readonly stoppedAt: Map<string, number>;
}

const ledgerOf = (context: SandboxContext) =>
  context.shared<StopLedger>('rds:stopped-at', () => ({ stoppedAt: new Map() }));

/** Applies RDS's seven-day automatic start to the caller's DB instances, as of the sandbox clock. */
function applyAutoStarts(request: SandboxRequest, context: SandboxContext): void {
  const ledger = ledgerOf(context);
  const now = context.now().getTime();
  for (const db of context.resources('rds:db-instance')) {
    const key = `${context.account.id}|${request.region}|${db.id}`;
    const stoppedAt = ledger.stoppedAt.get(key);
    if (db.state === 'stopped' && stoppedAt !== undefined && now - stoppedAt >= RDS_AUTO_START_MS) {
      context.update({ ...db, state: 'available' });
      ledger.stoppedAt.delete(key);
    }
  }
  for (const cluster of context.resources('rds:db-cluster')) {
    const key = `${context.account.id}|${request.region}|cluster:${cluster.id}`;
    const stoppedAt = ledger.stoppedAt.get(key);
    if (cluster.state === 'stopped' && stoppedAt !== undefined && now - stoppedAt >= RDS_AUTO_START_MS) {
      setClusterState(cluster, 'available', context);
      ledger.stoppedAt.delete(key);
    }
  }
}

/** A cluster and its member instances change state together. */
function setClusterState(
  cluster: FleetResourceOf<'rds:db-cluster'>,
  state: 'available' | 'stopped',
  context: SandboxContext,
): void {
  context.update({ ...cluster, state });
  for (const member of cluster.attributes.members) {
    const db = context.find('rds:db-instance', member.dbInstanceIdentifier);
    if (db && db.region === cluster.region) context.update({ ...db, state });
  }
}

function clusterForChange(
  request: SandboxRequest,
  context: SandboxContext,
): FleetResourceOf<'rds:db-cluster'> {
  const identifier = request.params.get('DBClusterIdentifier');
  if (!identifier) {
    throw new SandboxError(
      400,
      'MissingParameter',
      'The request must contain the parameter DBClusterIdentifier',
    );
  }
  const cluster = context.find('rds:db-cluster', identifier);
  if (!cluster) throw new SandboxError(404, 'DBClusterNotFoundFault', `DBCluster ${identifier} not found.`);
  return cluster;
}

function dbForChange(request: SandboxRequest, context: SandboxContext): FleetResourceOf<'rds:db-instance'> {
  const identifier = request.params.get('DBInstanceIdentifier');
  if (!identifier) {
    throw new SandboxError(
      400,
      'MissingParameter',
      'The request must contain the parameter DBInstanceIdentifier',
    );
  }
  const db = context.find('rds:db-instance', identifier);
  if (!db) throw new SandboxError(404, 'DBInstanceNotFound', `DBInstance ${identifier} not found.`);
  return db;
}

/** The member remediation role's tag condition on the DB instance a call changes. */
function authorizeDbWrite(
  request: SandboxRequest,
  context: SandboxContext,
  db: FleetResourceOf<'rds:db-instance'>,
) {
  authorizeRemediationWrite(
    request,
    `rds:${request.action}`,
    { existing: [{ arn: dbInstanceArn(context.account.id, db.region, db.id), tags: db.tags }] },
    'AccessDenied',
  );
}

/** `Tags.Tag.N.Key` / `.Value` (awsQuery with the named member `Tag`). */
function requestTags(request: SandboxRequest): Record<string, string> {
  const tags: Record<string, string> = {};
  const structs = request.params.structs('Tags.Tag');
  for (const tag of structs.length > 0 ? structs : request.params.structs('Tags')) {
    const key = tag.get('Key');
    if (key) tags[key] = tag.get('Value') ?? '';
  }
  return tags;
}

/** RDS's rules for a DB snapshot identifier. */
const SNAPSHOT_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$/;

export const rdsService: SandboxService = {
  name: 'rds',
  signingName: 'rds',
  protocol: 'awsQuery',
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  actions: {
    StopDBCluster: (request, context) => {
      applyAutoStarts(request, context);
      const cluster = clusterForChange(request, context);
      if (cluster.state !== 'available') {
        throw new SandboxError(
          400,
          'InvalidDBClusterStateFault',
          `DbCluster ${cluster.id} is in ${cluster.state} state but expected it to be available.`,
        );
      }
      setClusterState(cluster, 'stopped', context);
      ledgerOf(context).stoppedAt.set(
        `${context.account.id}|${request.region}|cluster:${cluster.id}`,
        context.now().getTime(),
      );
      return xmlResult(toXml({ DBCluster: { ...renderCluster(cluster, context), Status: 'stopping' } }));
    },
    StartDBCluster: (request, context) => {
      applyAutoStarts(request, context);
      const cluster = clusterForChange(request, context);
      if (cluster.state !== 'stopped') {
        throw new SandboxError(
          400,
          'InvalidDBClusterStateFault',
          `DbCluster ${cluster.id} is in ${cluster.state} state but expected it to be stopped.`,
        );
      }
      setClusterState(cluster, 'available', context);
      ledgerOf(context).stoppedAt.delete(`${context.account.id}|${request.region}|cluster:${cluster.id}`);
      return xmlResult(toXml({ DBCluster: { ...renderCluster(cluster, context), Status: 'starting' } }));
    },
    DescribeDBClusters: (request, context) => {
      applyAutoStarts(request, context);
      const identifier = request.params.get('DBClusterIdentifier');
      let list = context.resources('rds:db-cluster');
      if (identifier !== undefined) {
        const one = context.find('rds:db-cluster', identifier);
        if (!one) throw new SandboxError(404, 'DBClusterNotFoundFault', `DBCluster ${identifier} not found.`);
        list = [one];
      }
      const page = context.page(list, pageOptions(request, 'DescribeDBClusters'));
      return xmlResult(
        toXml({
          Marker: page.nextToken,
          DBClusters: xmlList(
            'DBCluster',
            page.items.map((c) => renderCluster(c, context)),
          ),
        }),
      );
    },
    CreateDBSnapshot: (request, context) => {
      applyAutoStarts(request, context);
      const db = dbForChange(request, context);
      const identifier = request.params.get('DBSnapshotIdentifier') ?? '';
      const tags = requestTags(request);
      authorizeRemediationWrite(
        request,
        'rds:CreateDBSnapshot',
        {
          existing: [{ arn: dbInstanceArn(context.account.id, db.region, db.id), tags: db.tags }],
          created: { arn: dbSnapshotArn(context.account.id, db.region, identifier), tags },
        },
        'AccessDenied',
      );
      if (!SNAPSHOT_IDENTIFIER.test(identifier)) {
        throw new SandboxError(
          400,
          'InvalidParameterValue',
          `The parameter DBSnapshotIdentifier is not a valid identifier: ${identifier}`,
        );
      }
      if (context.find('rds:db-snapshot', identifier)) {
        throw new SandboxError(
          400,
          'DBSnapshotAlreadyExists',
          `Cannot create the snapshot because a snapshot with the identifier ${identifier} already exists.`,
        );
      }
      if (db.state !== 'available') {
        throw new SandboxError(400, 'InvalidDBInstanceState', `Instance ${db.id} is not in available state.`);
      }
      const snapshot: FleetResourceOf<'rds:db-snapshot'> = {
        id: identifier,
        region: db.region,
        type: 'rds:db-snapshot',
        name: tags.Name ?? identifier,
        state: initialSnapshotState(
          context,
          { type: 'rds:db-snapshot', region: db.region, id: identifier },
          db.id,
          {
            pending: 'creating',
            ready: 'available',
          },
        ),
        tags,
        attributes: {
          dbInstanceIdentifier: db.id,
          snapshotType: 'manual',
          engine: db.attributes.engine,
          encrypted: db.attributes.storageEncrypted,
          public: false,
          allocatedStorageGiB: db.attributes.allocatedStorageGiB,
          createTime: context.now().toISOString(),
        },
      };
      context.insert(snapshot);
      return xmlResult(toXml({ DBSnapshot: { ...renderSnapshot(snapshot, context), Status: 'creating' } }));
    },
    StopDBInstance: (request, context) => {
      applyAutoStarts(request, context);
      const db = dbForChange(request, context);
      // Simplification: a cluster member is refused for what it is before the role's tag condition is
      // checked (IAM would check first), so the scheduler's tests see RDS's own refusal.
      if (db.attributes.dbClusterIdentifier !== undefined) {
        throw new SandboxError(
          400,
          'InvalidDBInstanceState',
          `Instance ${db.id} is part of cluster ${db.attributes.dbClusterIdentifier}: stop the cluster instead.`,
        );
      }
      authorizeDbWrite(request, context, db);
      const replication = db.attributes.readReplicaSource ?? db.attributes.readReplicas?.[0];
      if (replication !== undefined) {
        throw new SandboxError(
          400,
          'InvalidDBInstanceState',
          `Instance ${db.id} is part of a read replication with ${replication} and cannot be stopped.`,
        );
      }
      if (db.state !== 'available') {
        throw new SandboxError(400, 'InvalidDBInstanceState', `Instance ${db.id} is not in available state.`);
      }
      context.update({ ...db, state: 'stopped' });
      ledgerOf(context).stoppedAt.set(
        `${context.account.id}|${request.region}|${db.id}`,
        context.now().getTime(),
      );
      return xmlResult(
        toXml({ DBInstance: { ...renderInstance(db, context), DBInstanceStatus: 'stopping' } }),
      );
    },
    StartDBInstance: (request, context) => {
      applyAutoStarts(request, context);
      const db = dbForChange(request, context);
      authorizeDbWrite(request, context, db);
      if (db.state !== 'stopped') {
        throw new SandboxError(400, 'InvalidDBInstanceState', `Instance ${db.id} is not stopped.`);
      }
      context.update({ ...db, state: 'available' });
      ledgerOf(context).stoppedAt.delete(`${context.account.id}|${request.region}|${db.id}`);
      return xmlResult(
        toXml({ DBInstance: { ...renderInstance(db, context), DBInstanceStatus: 'starting' } }),
      );
    },
    DescribeDBInstances: (request, context) => {
      applyAutoStarts(request, context);
      const identifier = request.params.get('DBInstanceIdentifier');
      let list = context.resources('rds:db-instance');
      if (identifier !== undefined) {
        const one = context.find('rds:db-instance', identifier);
        if (!one) throw new SandboxError(404, 'DBInstanceNotFound', `DBInstance ${identifier} not found.`);
        list = [one];
      }
      const page = context.page(list, pageOptions(request, 'DescribeDBInstances'));
      return xmlResult(
        toXml({
          Marker: page.nextToken,
          DBInstances: xmlList(
            'DBInstance',
            page.items.map((db) => renderInstance(db, context)),
          ),
        }),
      );
    },
    DescribeDBSnapshots: (request, context) => {
      const identifier = request.params.get('DBSnapshotIdentifier');
      const instance = request.params.get('DBInstanceIdentifier');
      const type = request.params.get('SnapshotType');
      let list = context.resources('rds:db-snapshot');
      if (identifier !== undefined) {
        const one = context.find('rds:db-snapshot', identifier);
        if (!one) throw new SandboxError(404, 'DBSnapshotNotFound', `DBSnapshot ${identifier} not found.`);
        list = [one];
      }
      list = settleSnapshots(context, list, 'available');
      if (instance !== undefined) list = list.filter((s) => s.attributes.dbInstanceIdentifier === instance);
      if (type !== undefined) list = list.filter((s) => s.attributes.snapshotType === type);
      const page = context.page(list, pageOptions(request, 'DescribeDBSnapshots'));
      return xmlResult(
        toXml({
          Marker: page.nextToken,
          DBSnapshots: xmlList(
            'DBSnapshot',
            page.items.map((s) => renderSnapshot(s, context)),
          ),
        }),
      );
    },
    DescribeDBSnapshotAttributes: (request, context) => {
      const identifier = request.params.get('DBSnapshotIdentifier');
      if (!identifier) {
        throw new SandboxError(
          400,
          'MissingParameter',
          'The request must contain the parameter DBSnapshotIdentifier',
        );
      }
      const snapshot = context.find('rds:db-snapshot', identifier);
      if (!snapshot) throw new SandboxError(404, 'DBSnapshotNotFound', `DBSnapshot ${identifier} not found.`);
      const restore = snapshot.attributes.public ? ['all'] : [];
      return xmlResult(
        toXml({
          DBSnapshotAttributesResult: {
            DBSnapshotIdentifier: snapshot.id,
            DBSnapshotAttributes: xmlList('DBSnapshotAttribute', [
              { AttributeName: 'restore', AttributeValues: xmlList('AttributeValue', restore) },
            ]),
          },
        }),
      );
    },
  },
};
