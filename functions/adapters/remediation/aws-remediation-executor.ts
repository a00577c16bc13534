/**
 * Makes remediation calls in member accounts through the member remediation role (never the scan
 * role): its own role name and ExternalId, assumed-role credentials cached per account, the SDK's
 * standard retries and the same client-side pace as the scan. `DryRun` is sent where EC2 takes it;
 * EC2 answers `DryRunOperation` when the call would have succeeded and `UnauthorizedOperation` when
 * the role may not make it (an untagged resource).
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
  EC2Client,
  ModifyVolumeCommand,
  ReleaseAddressCommand,
  RevokeSecurityGroupIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  waitUntilSnapshotCompleted,
} from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { PreflightFacts, PreflightRead } from '../../domain/remediation/action';
import type { CallOutcome, RemediationExecutor, ResourceTarget } from '../../domain/remediation/ports';
import type { ApiCall } from '../../domain/remediation/remediation';
import { MEMBER_REMEDIATION_ROLE_NAME } from '../../shared/contract/remediation';
import { AwsClientPool, type AwsClientPoolOptions } from '../aws/client-pool';
import type { ClientFactory } from '../collectors/collector';
import { normalizeAddress } from '../collectors/ec2-elastic-ips';
import { normalizeInstance } from '../collectors/ec2-instances';
import { normalizeSecurityGroup } from '../collectors/ec2-security-groups';
import { normalizeSnapshot } from '../collectors/ec2-snapshots';
import { normalizeVolume } from '../collectors/ec2-volumes';
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
};

/** Error codes meaning "this resource does not exist (any more)". */
const NOT_FOUND = /\.NotFound$|^InvalidAllocationID\.NotFound$/;

export interface AwsRemediationExecutorOptions
  extends Omit<AwsClientPoolOptions, 'memberRoleName' | 'externalId' | 'sessionName'> {
  /** ExternalId of the member remediation role (not the scan role's). */
  readonly externalId: string;
  /** @default HostMasterRemediationRole */
  readonly roleName?: string;
  /** Seconds to wait for a backup snapshot to complete. @default 600 */
  readonly backupWaitSeconds?: number;
}

export class AwsRemediationExecutor implements RemediationExecutor {
  private readonly pool: AwsClientPool;

  constructor(private readonly options: AwsRemediationExecutorOptions) {
    this.pool = new AwsClientPool({
      ...options,
      memberRoleName: options.roleName ?? MEMBER_REMEDIATION_ROLE_NAME,
      externalId: options.externalId,
      sessionName: 'hostmaster-remediation',
    });
  }

  private async ec2(accountId: string, region: string): Promise<EC2Client> {
    const scope = await this.pool.openScope(accountId, region);
    return scope.clients.get(EC2Client);
  }

  async call(
    accountId: string,
    region: string,
    call: ApiCall,
    options: { readonly dryRun: boolean },
  ): Promise<CallOutcome> {
    const Command = call.service === 'ec2' ? EC2_COMMANDS[call.action] : undefined;
    if (!Command)
      return {
        ok: false,
        code: 'UnsupportedCall',
        message: `${call.service}:${call.action} has no executor`,
      };
    try {
      const client = await this.ec2(accountId, region);
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
    const id = target.id.slice(target.id.lastIndexOf('/') + 1);
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

  async waitForBackup(
    accountId: string,
    region: string,
    backup: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (!backup.snapshotId) return;
    const client = await this.ec2(accountId, region);
    try {
      await waitUntilSnapshotCompleted(
        { client, maxWaitTime: this.options.backupWaitSeconds ?? 600, minDelay: 2, maxDelay: 15 },
        { SnapshotIds: [backup.snapshotId] },
      );
    } catch (error) {
      await discardFailedSnapshot(client, backup.snapshotId, error);
    }
  }
}

/** A backup snapshot that did not complete, and whether the half-made snapshot was deleted. */
export class BackupFailedError extends Error {
  override readonly name = 'BackupFailedError';
  constructor(snapshotId: string, reason: string, discarded: boolean) {
    super(
      `backup: snapshot ${snapshotId} failed: ${reason}; ${discarded ? 'the failed snapshot was deleted' : 'the failed snapshot could not be deleted'}`,
    );
  }
}

/**
 * The waiter gave up: a snapshot in `error` (EBS could not use the volume's KMS key, ...) is deleted
 * and the reason is EBS's StateMessage; one still pending past the wait is left to finish and said so.
 */
async function discardFailedSnapshot(ec2: EC2Client, snapshotId: string, cause: unknown): Promise<never> {
  const out = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }));
  const snapshot = out.Snapshots?.[0];
  if (snapshot?.State !== 'error') {
    throw new BackupFailedError(
      snapshotId,
      `still ${snapshot?.State ?? 'missing'} after the wait (${errorOf(cause).message})`,
      false,
    );
  }
  const reason = snapshot.StateMessage?.replace(/\.$/, '') ?? 'EBS reports it in error';
  try {
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
  } catch {
    throw new BackupFailedError(snapshotId, reason, false);
  }
  throw new BackupFailedError(snapshotId, reason, true);
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
