/**
 * Makes remediation calls in member accounts through the member remediation role (never the scan
 * role): its own role name and ExternalId, assumed-role credentials cached per account, the SDK's
 * standard retries and the same client-side pace as the scan. `DryRun` is sent where EC2 takes it;
 * EC2 answers `DryRunOperation` when the call would have succeeded and `UnauthorizedOperation` when
 * the role may not make it (an untagged resource). RDS and S3 have no DryRun: such a call is never
 * sent as a dry run, since it would be made for real.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  ModifyVolumeCommand,
  ReleaseAddressCommand,
  RevokeSecurityGroupIngressCommand,
  type Snapshot,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import {
  DeletePublicAccessBlockCommand,
  ListBucketsCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ResourceData } from '../../domain/model';
import type { PreflightFacts, PreflightRead } from '../../domain/remediation/action';
import { nativeId } from '../../domain/remediation/native-id';
import type {
  BackupState,
  CallOutcome,
  RemediationExecutor,
  ResourceTarget,
} from '../../domain/remediation/ports';
import type { ApiCall } from '../../domain/remediation/remediation';
import { MEMBER_REMEDIATION_ROLE_NAME, REMEDIATION_TAG } from '../../shared/contract/remediation';
import { AwsClientPool, type AwsClientPoolOptions } from '../aws/client-pool';
import type { ClientFactory } from '../collectors/collector';
import { ec2EbsEncryptionDefault } from '../collectors/ec2-ebs-encryption-default';
import { normalizeAddress } from '../collectors/ec2-elastic-ips';
import { normalizeInstance } from '../collectors/ec2-instances';
import { normalizeSecurityGroup } from '../collectors/ec2-security-groups';
import { normalizeSnapshot } from '../collectors/ec2-snapshots';
import { normalizeVolume } from '../collectors/ec2-volumes';
import { normalizeDbInstance } from '../collectors/rds-instances';
import { describeBucket } from '../collectors/s3-buckets';
import { readPreflightFacts } from './preflight-reads';

// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input type; inputs come from the plans.
type CommandCtor = new (input: any) => any;

/** Every EC2 call an action may plan. An action planning anything else fails its test, not a run. */
export const EC2_COMMANDS: Readonly<Record<string, CommandCtor>> = {
  CreateSnapshot: CreateSnapshotCommand,
  CreateVolume: CreateVolumeCommand,
  DeleteSnapshot: DeleteSnapshotCommand,
  DeleteVolume: DeleteVolumeCommand,
  ModifyVolume: ModifyVolumeCommand,
  ReleaseAddress: ReleaseAddressCommand,
  RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupIngress: AuthorizeSecurityGroupIngressCommand,
  StartInstances: StartInstancesCommand,
  StopInstances: StopInstancesCommand,
  EnableEbsEncryptionByDefault: EnableEbsEncryptionByDefaultCommand,
  DisableEbsEncryptionByDefault: DisableEbsEncryptionByDefaultCommand,
};

/** Every RDS call an action may plan. */
export const RDS_COMMANDS: Readonly<Record<string, CommandCtor>> = {
  CreateDBSnapshot: CreateDBSnapshotCommand,
  StopDBInstance: StopDBInstanceCommand,
  StartDBInstance: StartDBInstanceCommand,
};

/** Every S3 call an action may plan. */
export const S3_COMMANDS: Readonly<Record<string, CommandCtor>> = {
  PutPublicAccessBlock: PutPublicAccessBlockCommand,
  DeletePublicAccessBlock: DeletePublicAccessBlockCommand,
};

// biome-ignore lint/suspicious/noExplicitAny: the three clients share `send`, each typed by its own commands.
type ClientCtor = new (config: any) => { send(command: any): Promise<unknown> };

const SERVICES: Readonly<Record<ApiCall['service'], { client: ClientCtor; commands: typeof EC2_COMMANDS }>> =
  {
    ec2: { client: EC2Client, commands: EC2_COMMANDS },
    rds: { client: RDSClient, commands: RDS_COMMANDS },
    s3: { client: S3Client, commands: S3_COMMANDS },
  };

/** Error codes meaning "this resource does not exist (any more)". */
const NOT_FOUND =
  /\.NotFound$|^InvalidAllocationID\.NotFound$|^DBInstanceNotFound(Fault)?$|^DBSnapshotNotFound(Fault)?$|^NoSuchBucket$/;

export interface AwsRemediationExecutorOptions
  extends Omit<AwsClientPoolOptions, 'memberRoleName' | 'externalId' | 'sessionName'> {
  /** ExternalId of the member remediation role (not the scan role's). */
  readonly externalId: string;
  /** @default HostMasterRemediationRole */
  readonly roleName?: string;
}

export class AwsRemediationExecutor implements RemediationExecutor {
  private readonly pool: AwsClientPool;

  constructor(options: AwsRemediationExecutorOptions) {
    this.pool = new AwsClientPool({
      ...options,
      memberRoleName: options.roleName ?? MEMBER_REMEDIATION_ROLE_NAME,
      externalId: options.externalId,
      sessionName: 'hostmaster-remediation',
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: the pool's ClientFactory takes any SDK client constructor.
  private async client<C>(accountId: string, region: string, ctor: new (config: any) => C): Promise<C> {
    const scope = await this.pool.openScope(accountId, region);
    return scope.clients.get(ctor);
  }

  async call(
    accountId: string,
    region: string,
    call: ApiCall,
    options: { readonly dryRun: boolean },
  ): Promise<CallOutcome> {
    const service = SERVICES[call.service];
    const Command = service.commands[call.action];
    if (!Command)
      return {
        ok: false,
        code: 'UnsupportedCall',
        message: `${call.service}:${call.action} has no executor`,
      };
    if (options.dryRun && call.service !== 'ec2') {
      return {
        ok: false,
        code: 'DryRunUnsupported',
        message: `${call.service}:${call.action} takes no DryRun; sending it would make the change`,
      };
    }
    try {
      const client = await this.client(accountId, region, service.client);
      const output = await client.send(
        new Command({ ...call.input, ...(options.dryRun ? { DryRun: true } : {}) }),
      );
      const { $metadata: _metadata, ...members } = output as unknown as Record<string, unknown>;
      return { ok: true, output: members };
    } catch (error) {
      const { code, message } = errorOf(error);
      if (options.dryRun && code === 'DryRunOperation') return { ok: true, output: {} };
      return { ok: false, code, message };
    }
  }

  async describe(target: ResourceTarget): Promise<ResourceData | undefined> {
    const id = nativeId(target);
    const scope = await this.pool.openScope(target.accountId, target.region);
    try {
      return await describeOne(scope.clients, target.type, id);
    } catch (error) {
      if (NOT_FOUND.test(errorOf(error).code)) return undefined;
      throw error;
    }
  }

  async inspect(accountId: string, region: string, reads: readonly PreflightRead[]): Promise<PreflightFacts> {
    if (reads.length === 0) return {};
    const scope = await this.pool.openScope(accountId, region);
    return readPreflightFacts(scope.clients, reads);
  }

  async checkBackup(
    accountId: string,
    region: string,
    backup: Readonly<Record<string, string>>,
  ): Promise<BackupState> {
    const pending: string[] = [];
    const states = [];
    if (backup.snapshotId) {
      const client = await this.client(accountId, region, EC2Client);
      states.push(await ebsSnapshotState(client, backup.snapshotId));
    }
    if (backup.dbSnapshotId) {
      const client = await this.client(accountId, region, RDSClient);
      states.push(await dbSnapshotState(client, backup.dbSnapshotId));
    }
    for (const state of states) {
      if (state.state === 'failed') return state;
      if (state.state === 'pending') pending.push(state.detail);
    }
    return pending.length > 0 ? { state: 'pending', detail: pending.join(', ') } : { state: 'ready' };
  }
}

/** What became of a backup snapshot that failed. */
type FailedSnapshotFate = 'deleted' | 'undeletable' | 'kept' | 'gone';

const FATE: Readonly<Record<FailedSnapshotFate, string>> = {
  deleted: '; the failed snapshot was deleted',
  undeletable: '; the failed snapshot could not be deleted',
  kept: `; the failed snapshot is left, tagged ${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value} (the role may not delete DB snapshots)`,
  gone: '',
};

/** A backup snapshot that will not complete, and what became of it. */
export class BackupFailedError extends Error {
  override readonly name = 'BackupFailedError';
  constructor(snapshotId: string, reason: string, fate: FailedSnapshotFate) {
    super(`backup: snapshot ${snapshotId} failed: ${reason}${FATE[fate]}`);
  }
}

const failed = (error: BackupFailedError): BackupState => ({ state: 'failed', reason: error.message });

/**
 * One DescribeSnapshots. A snapshot in `error` (EBS could not use the volume's KMS key, ...) is
 * deleted, and the reason is EBS's StateMessage.
 */
async function ebsSnapshotState(ec2: EC2Client, snapshotId: string): Promise<BackupState> {
  let snapshot: Snapshot | undefined;
  try {
    snapshot = (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots?.[0];
  } catch (error) {
    if (!NOT_FOUND.test(errorOf(error).code)) throw error;
  }
  if (!snapshot) return failed(new BackupFailedError(snapshotId, 'it no longer exists', 'gone'));
  if (snapshot.State === 'completed') return { state: 'ready' };
  if (snapshot.State === 'pending') {
    return { state: 'pending', detail: `snapshot ${snapshotId} is pending (${snapshot.Progress || '0%'})` };
  }
  const reason =
    snapshot.StateMessage?.replace(/\.$/, '') ?? `EBS reports it ${snapshot.State ?? 'in no state'}`;
  try {
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
  } catch {
    return failed(new BackupFailedError(snapshotId, reason, 'undeletable'));
  }
  return failed(new BackupFailedError(snapshotId, reason, 'deleted'));
}

/** One DescribeDBSnapshots: `creating` is pending, `available` ready, anything else failed. */
async function dbSnapshotState(rds: RDSClient, identifier: string): Promise<BackupState> {
  let snapshot: DBSnapshot | undefined;
  try {
    snapshot = (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier })))
      .DBSnapshots?.[0];
  } catch (error) {
    if (!NOT_FOUND.test(errorOf(error).code)) throw error;
  }
  if (!snapshot) return failed(new BackupFailedError(identifier, 'it no longer exists', 'gone'));
  if (snapshot.Status === 'available') return { state: 'ready' };
  if (snapshot.Status === 'creating') {
    return {
      state: 'pending',
      detail: `DB snapshot ${identifier} is creating (${snapshot.PercentProgress ?? 0}%)`,
    };
  }
  return failed(
    new BackupFailedError(identifier, `RDS reports it ${snapshot.Status ?? 'in no state'}`, 'kept'),
  );
}

async function describeOne(
  clients: ClientFactory,
  type: string,
  id: string,
): Promise<ResourceData | undefined> {
  const ec2 = clients.get(EC2Client);
  const { accountId, region } = clients;
  switch (type) {
    case 'ec2:volume': {
      const out = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }));
      const volume = out.Volumes?.[0];
      return volume ? normalizeVolume(volume, accountId, region) : undefined;
    }
    case 'ec2:instance': {
      const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      const instance = out.Reservations?.[0]?.Instances?.[0];
      return instance && instance.State?.Name !== 'terminated'
        ? normalizeInstance(instance, undefined, accountId, region)
        : undefined;
    }
    case 'ec2:snapshot': {
      const out = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }));
      const snapshot = out.Snapshots?.[0];
      if (!snapshot) return undefined;
      const shared = await ec2.send(
        new DescribeSnapshotsCommand({ SnapshotIds: [id], RestorableByUserIds: ['all'] }),
      );
      return normalizeSnapshot(snapshot, (shared.Snapshots ?? []).length > 0, accountId, region);
    }
    case 'ec2:elastic-ip': {
      const out = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [id] }));
      const address = out.Addresses?.[0];
      return address ? normalizeAddress(address, accountId, region) : undefined;
    }
    case 'ec2:security-group': {
      const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
      const group = out.SecurityGroups?.[0];
      return group ? normalizeSecurityGroup(group, accountId, region) : undefined;
    }
    case 'rds:db-instance': {
      const out = await clients
        .get(RDSClient)
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      const db = out.DBInstances?.[0];
      return db ? normalizeDbInstance(db, accountId, region) : undefined;
    }
    case 's3:bucket': {
      const s3 = clients.get(S3Client);
      // ListBuckets gives the creation date the stored bucket has; the prefix keeps it to one page.
      const out = await s3.send(
        new ListBucketsCommand({ Prefix: id, BucketRegion: region, MaxBuckets: 1000 }),
      );
      const bucket = out.Buckets?.find((candidate) => candidate.Name === id);
      return bucket ? describeBucket(s3, bucket, accountId, region) : undefined;
    }
    case 'ec2:ebs-encryption-default':
      // One setting per account and region, read as the scan reads it.
      return (await ec2EbsEncryptionDefault.collect(clients))[0];
    default:
      throw new Error(`no describe for ${type}`);
  }
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object') {
    const record = error as { name?: string; Code?: string; message?: string };
    return { code: record.Code ?? record.name ?? 'Error', message: record.message ?? String(error) };
  }
  return { code: 'Error', message: String(error) };
}
