/**
 * Starts and stops scheduled resources of one (account, region) through the member remediation role:
 * EC2 instances (in batches, hibernating where asked), RDS DB instances, Aurora DB clusters (the
 * cluster as a whole: its member instances are never started or stopped one by one) and Auto Scaling
 * groups.
 *
 * An Auto Scaling group is stopped by saving its sizes in the tag `hostmaster:schedule-saved`
 * (`min,max,desired`) and then setting min and desired to 0; it is started by restoring exactly those
 * sizes and removing the tag. The tag is written before the sizes change, so a tick that dies between
 * the two calls loses nothing, and a group with the tag and min = desired = 0 is observed as stopped.
 *
 * Pre-flight before an EC2 start: every KMS key of the instance's encrypted volumes must be enabled and
 * describable by the role. Otherwise EC2 accepts the start and the instance falls back to `stopped`
 * (Instance Scheduler on AWS #139, #504): that is refused here, loudly, as `PreFlight.KmsKeyUnusable`.
 * A start that still fails that way is read back right after the call and on the next tick.
 */

import {
  type AutoScalingClient,
  type AutoScalingGroup,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Instance,
  type InstanceStateChange,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  type RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import type { PlannedAction } from '../../domain/schedules/plan-tick';
import type { ActionOutcome, ScheduleExecutor } from '../../domain/schedules/ports';
import type { Observation, ObservedState, ScheduledTarget } from '../../domain/schedules/target';
import { describeError } from '../aws/errors';

/** EC2 accepts up to 200 values per filter; StartInstances and StopInstances take many ids a call. */
const FILTER_BATCH = 200;
const CHANGE_BATCH = 50;

const EC2_STATES: Readonly<Record<string, ObservedState>> = {
  pending: 'starting',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  'shutting-down': 'gone',
  terminated: 'gone',
};

const RDS_STATES: Readonly<Record<string, ObservedState>> = {
  available: 'running',
  starting: 'starting',
  stopping: 'stopping',
  stopped: 'stopped',
  deleting: 'gone',
  failed: 'gone',
};

/** The tag on an Auto Scaling group that holds the sizes to restore (`min,max,desired`). */
export const SAVED_SIZES_TAG = 'hostmaster:schedule-saved';

/** DescribeAutoScalingGroups takes up to 100 names a call. */
const GROUP_BATCH = 100;

export interface ScheduleClients {
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly kms: KMSClient;
  readonly autoscaling: AutoScalingClient;
}

interface GroupSizes {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
}

const formatSizes = (s: GroupSizes) => `${s.min},${s.max},${s.desired}`;

function parseSizes(value: string | undefined): GroupSizes | undefined {
  const match = value?.match(/^(\d+),(\d+),(\d+)$/);
  if (!match) return undefined;
  return { min: Number(match[1]), max: Number(match[2]), desired: Number(match[3]) };
}

const savedSizesOf = (group: AutoScalingGroup) =>
  parseSizes(group.Tags?.find((t) => t.Key === SAVED_SIZES_TAG)?.Value);

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const refusal = (error: unknown): ActionOutcome => {
  const { code, message } = describeError(error);
  return { ok: false, code, message };
};

function observeInstance(resourceId: string, instance: Instance): Observation {
  const native = instance.State?.Name ?? 'unknown';
  const group = instance.Tags?.find((t) => t.Key === 'aws:autoscaling:groupName')?.Value;
  return {
    resourceId,
    state: EC2_STATES[native] ?? 'busy',
    native,
    hibernationEnabled: instance.HibernationOptions?.Configured === true,
    ...(instance.RootDeviceType ? { rootDeviceType: instance.RootDeviceType } : {}),
    ...(group ? { autoScalingGroup: group } : {}),
    ...(instance.StateReason?.Message ? { stateReason: instance.StateReason.Message } : {}),
  };
}

function observeDb(resourceId: string, db: DBInstance): Observation {
  const native = db.DBInstanceStatus ?? 'unknown';
  return {
    resourceId,
    state: RDS_STATES[native] ?? 'busy',
    native,
    ...(db.DBClusterIdentifier ? { dbCluster: db.DBClusterIdentifier } : {}),
  };
}

function observeCluster(resourceId: string, cluster: DBCluster): Observation {
  const native = cluster.Status ?? 'unknown';
  return { resourceId, state: RDS_STATES[native] ?? 'busy', native };
}

/**
 * A group is `stopped` when it holds saved sizes and min = desired = 0 with no instance left, and
 * `stopping` while those instances go; otherwise it is `running` (scaled by its owner, whatever its
 * size).
 */
function observeGroup(resourceId: string, group: AutoScalingGroup): Observation {
  if (group.Status) return { resourceId, state: 'gone', native: group.Status };
  const saved = savedSizesOf(group);
  const min = group.MinSize ?? 0;
  const desired = group.DesiredCapacity ?? 0;
  const native = `min ${min}, max ${group.MaxSize ?? 0}, desired ${desired}, ${group.Instances?.length ?? 0} instances`;
  if (saved && min === 0 && desired === 0) {
    return { resourceId, state: (group.Instances?.length ?? 0) > 0 ? 'stopping' : 'stopped', native };
  }
  return { resourceId, state: 'running', native };
}

export class AwsScheduleExecutor implements ScheduleExecutor {
  constructor(private readonly clients: ScheduleClients) {}

  async observe(targets: readonly ScheduledTarget[]): Promise<ReadonlyMap<string, Observation>> {
    const observed = new Map<string, Observation>();
    const ec2 = targets.filter((t) => t.kind === 'ec2:instance');
    for (const [id, instance] of await this.describeInstances(ec2.map((t) => t.nativeId))) {
      const target = ec2.find((t) => t.nativeId === id);
      if (target) observed.set(target.resourceId, observeInstance(target.resourceId, instance));
    }
    const dbs = new Map(targets.filter((t) => t.kind === 'rds:db-instance').map((t) => [t.nativeId, t]));
    if (dbs.size > 0) {
      for await (const page of paginateDescribeDBInstances({ client: this.clients.rds, pageSize: 100 }, {})) {
        for (const db of page.DBInstances ?? []) {
          const target = db.DBInstanceIdentifier ? dbs.get(db.DBInstanceIdentifier) : undefined;
          if (target) observed.set(target.resourceId, observeDb(target.resourceId, db));
        }
      }
    }
    const clusters = new Map(targets.filter((t) => t.kind === 'rds:db-cluster').map((t) => [t.nativeId, t]));
    if (clusters.size > 0) {
      for await (const page of paginateDescribeDBClusters({ client: this.clients.rds, pageSize: 100 }, {})) {
        for (const cluster of page.DBClusters ?? []) {
          const target = cluster.DBClusterIdentifier ? clusters.get(cluster.DBClusterIdentifier) : undefined;
          if (target) observed.set(target.resourceId, observeCluster(target.resourceId, cluster));
        }
      }
    }
    const groups = new Map(targets.filter((t) => t.kind === 'autoscaling:group').map((t) => [t.nativeId, t]));
    for (const [name, group] of await this.describeGroups([...groups.keys()])) {
      const target = groups.get(name);
      if (target) observed.set(target.resourceId, observeGroup(target.resourceId, group));
    }
    return observed;
  }

  async apply(actions: readonly PlannedAction[]): Promise<ReadonlyMap<string, ActionOutcome>> {
    const outcomes = new Map<string, ActionOutcome>();
    const ec2Starts: PlannedAction[] = [];
    const ec2Stops = new Map<boolean, PlannedAction[]>([
      [false, []],
      [true, []],
    ]);
    const groupActions: PlannedAction[] = [];
    for (const action of actions) {
      if (action.target.kind === 'ec2:instance') {
        if (action.action === 'start') ec2Starts.push(action);
        else ec2Stops.get(action.hibernate)!.push(action);
      } else if (action.target.kind === 'rds:db-instance') {
        outcomes.set(action.target.resourceId, await this.changeDb(action));
      } else if (action.target.kind === 'rds:db-cluster') {
        outcomes.set(action.target.resourceId, await this.changeCluster(action));
      } else if (action.target.kind === 'autoscaling:group') {
        groupActions.push(action);
      } else {
        outcomes.set(action.target.resourceId, {
          ok: false,
          code: 'Unsupported',
          message: `${action.target.kind} is not scheduled by this executor`,
        });
      }
    }
    const cleared: PlannedAction[] = [];
    const blocked = await this.kmsPreFlight(ec2Starts.map((a) => a.target.nativeId));
    for (const action of ec2Starts) {
      const refusal = blocked.get(action.target.nativeId);
      if (refusal) outcomes.set(action.target.resourceId, refusal);
      else cleared.push(action);
    }
    for (const batch of chunks(cleared, CHANGE_BATCH))
      await this.changeInstances(batch, 'start', false, outcomes);
    for (const [hibernate, stops] of ec2Stops) {
      for (const batch of chunks(stops, CHANGE_BATCH))
        await this.changeInstances(batch, 'stop', hibernate, outcomes);
    }
    if (cleared.length > 0) await this.verifyStarts(cleared, outcomes);
    if (groupActions.length > 0) await this.changeGroups(groupActions, outcomes);
    return outcomes;
  }

  private async describeGroups(names: readonly string[]): Promise<Map<string, AutoScalingGroup>> {
    const found = new Map<string, AutoScalingGroup>();
    for (const batch of chunks(names, GROUP_BATCH)) {
      let token: string | undefined;
      do {
        const page = await this.clients.autoscaling.send(
          new DescribeAutoScalingGroupsCommand({
            AutoScalingGroupNames: batch,
            MaxRecords: GROUP_BATCH,
            NextToken: token,
          }),
        );
        for (const group of page.AutoScalingGroups ?? []) {
          if (group.AutoScalingGroupName) found.set(group.AutoScalingGroupName, group);
        }
        token = page.NextToken;
      } while (token);
    }
    return found;
  }

  /** Reads each group's sizes and saved tag right before changing it (a tick may be minutes old). */
  private async changeGroups(
    actions: readonly PlannedAction[],
    outcomes: Map<string, ActionOutcome>,
  ): Promise<void> {
    let groups: Map<string, AutoScalingGroup>;
    try {
      groups = await this.describeGroups(actions.map((a) => a.target.nativeId));
    } catch (error) {
      for (const action of actions) outcomes.set(action.target.resourceId, refusal(error));
      return;
    }
    for (const action of actions) {
      const name = action.target.nativeId;
      const group = groups.get(name);
      if (!group) {
        outcomes.set(action.target.resourceId, {
          ok: false,
          code: 'ValidationError',
          message: `Auto Scaling group ${name} not found`,
        });
        continue;
      }
      try {
        outcomes.set(
          action.target.resourceId,
          action.action === 'stop' ? await this.stopGroup(name, group) : await this.startGroup(name, group),
        );
      } catch (error) {
        outcomes.set(action.target.resourceId, refusal(error));
      }
    }
  }

  private async stopGroup(name: string, group: AutoScalingGroup): Promise<ActionOutcome> {
    const current = {
      min: group.MinSize ?? 0,
      max: group.MaxSize ?? 0,
      desired: group.DesiredCapacity ?? 0,
    };
    // Sizes saved by an earlier stop that did not finish are kept: the current ones are already 0.
    const saved = savedSizesOf(group);
    if (!(saved && current.min === 0 && current.desired === 0)) {
      await this.clients.autoscaling.send(
        new CreateOrUpdateTagsCommand({
          Tags: [
            {
              ResourceId: name,
              ResourceType: 'auto-scaling-group',
              Key: SAVED_SIZES_TAG,
              Value: formatSizes(current),
              PropagateAtLaunch: false,
            },
          ],
        }),
      );
    }
    await this.clients.autoscaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, MinSize: 0, DesiredCapacity: 0 }),
    );
    return { ok: true, state: 'min 0, desired 0' };
  }

  private async startGroup(name: string, group: AutoScalingGroup): Promise<ActionOutcome> {
    const saved = savedSizesOf(group);
    if (!saved) {
      return {
        ok: false,
        code: 'PreFlight.NoSavedSizes',
        message: `Auto Scaling group ${name} has no valid ${SAVED_SIZES_TAG} tag: its sizes to restore are unknown`,
      };
    }
    await this.clients.autoscaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        MinSize: saved.min,
        MaxSize: saved.max,
        DesiredCapacity: saved.desired,
      }),
    );
    await this.clients.autoscaling.send(
      new DeleteTagsCommand({
        Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: SAVED_SIZES_TAG }],
      }),
    );
    return { ok: true, state: `min ${saved.min}, max ${saved.max}, desired ${saved.desired}` };
  }

  private async changeCluster(action: PlannedAction): Promise<ActionOutcome> {
    const input = { DBClusterIdentifier: action.target.nativeId };
    try {
      const { DBCluster } =
        action.action === 'start'
          ? await this.clients.rds.send(new StartDBClusterCommand(input))
          : await this.clients.rds.send(new StopDBClusterCommand(input));
      return { ok: true, state: DBCluster?.Status ?? 'unknown' };
    } catch (error) {
      return refusal(error);
    }
  }

  private async describeInstances(ids: readonly string[]): Promise<Map<string, Instance>> {
    const found = new Map<string, Instance>();
    for (const batch of chunks(ids, FILTER_BATCH)) {
      let token: string | undefined;
      do {
        const page = await this.clients.ec2.send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-id', Values: batch }],
            MaxResults: 1000,
            NextToken: token,
          }),
        );
        for (const reservation of page.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) {
            if (instance.InstanceId) found.set(instance.InstanceId, instance);
          }
        }
        token = page.NextToken;
      } while (token);
    }
    return found;
  }

  /**
   * Refusals, by instance id, for instances with an encrypted volume whose KMS key is not usable.
   * Volumes are read 200 instances a call and each key is described once.
   */
  private async kmsPreFlight(instanceIds: readonly string[]): Promise<Map<string, ActionOutcome>> {
    const refusals = new Map<string, ActionOutcome>();
    if (instanceIds.length === 0) return refusals;
    const keysOf = new Map<string, Set<string>>();
    for (const batch of chunks(instanceIds, FILTER_BATCH)) {
      try {
        let token: string | undefined;
        do {
          const page = await this.clients.ec2.send(
            new DescribeVolumesCommand({
              Filters: [{ Name: 'attachment.instance-id', Values: batch }],
              MaxResults: 500,
              NextToken: token,
            }),
          );
          for (const volume of page.Volumes ?? []) {
            if (!volume.Encrypted || !volume.KmsKeyId) continue;
            for (const attachment of volume.Attachments ?? []) {
              if (!attachment.InstanceId) continue;
              const keys = keysOf.get(attachment.InstanceId) ?? new Set<string>();
              keys.add(volume.KmsKeyId);
              keysOf.set(attachment.InstanceId, keys);
            }
          }
          token = page.NextToken;
        } while (token);
      } catch (error) {
        for (const id of batch) refusals.set(id, refusal(error));
      }
    }
    const verdicts = new Map<string, ActionOutcome | undefined>();
    for (const [instanceId, keys] of keysOf) {
      for (const key of keys) {
        if (!verdicts.has(key)) verdicts.set(key, await this.keyVerdict(key));
        const verdict = verdicts.get(key);
        if (verdict) {
          refusals.set(instanceId, verdict);
          break;
        }
      }
    }
    return refusals;
  }

  private async keyVerdict(key: string): Promise<ActionOutcome | undefined> {
    try {
      const { KeyMetadata } = await this.clients.kms.send(new DescribeKeyCommand({ KeyId: key }));
      if (KeyMetadata?.KeyState === 'Enabled') return undefined;
      return {
        ok: false,
        code: 'PreFlight.KmsKeyUnusable',
        message: `KMS key ${key} of an encrypted volume is ${KeyMetadata?.KeyState ?? 'unknown'}: the instance would fall back to stopped`,
      };
    } catch (error) {
      const { code, message } = describeError(error);
      return {
        ok: false,
        code: 'PreFlight.KmsKeyUnusable',
        message: `KMS key ${key} of an encrypted volume cannot be used by the role (${code}: ${message})`,
      };
    }
  }

  private async changeInstances(
    batch: readonly PlannedAction[],
    action: 'start' | 'stop',
    hibernate: boolean,
    outcomes: Map<string, ActionOutcome>,
  ): Promise<void> {
    if (batch.length === 0) return;
    const send = async (ids: string[]): Promise<InstanceStateChange[]> => {
      const command =
        action === 'start'
          ? new StartInstancesCommand({ InstanceIds: ids })
          : new StopInstancesCommand({ InstanceIds: ids, ...(hibernate ? { Hibernate: true } : {}) });
      const response = await this.clients.ec2.send(command as StartInstancesCommand);
      return (
        (action === 'start'
          ? (response as { StartingInstances?: InstanceStateChange[] }).StartingInstances
          : (response as { StoppingInstances?: InstanceStateChange[] }).StoppingInstances) ?? []
      );
    };
    const record = (changes: InstanceStateChange[]) => {
      for (const change of changes) {
        const planned = batch.find((a) => a.target.nativeId === change.InstanceId);
        if (planned)
          outcomes.set(planned.target.resourceId, {
            ok: true,
            state: change.CurrentState?.Name ?? 'unknown',
          });
      }
    };
    try {
      record(await send(batch.map((a) => a.target.nativeId)));
    } catch {
      // One instance in a wrong state fails the whole call: retry one by one to keep the others.
      for (const planned of batch) {
        try {
          record(await send([planned.target.nativeId]));
        } catch (error) {
          outcomes.set(planned.target.resourceId, refusal(error));
        }
      }
    }
  }

  /** Reads started instances back once: a start that already fell back to stopped is a failure, not a success. */
  private async verifyStarts(
    started: readonly PlannedAction[],
    outcomes: Map<string, ActionOutcome>,
  ): Promise<void> {
    const accepted = started.filter((a) => outcomes.get(a.target.resourceId)?.ok);
    const instances = await this.describeInstances(accepted.map((a) => a.target.nativeId));
    for (const planned of accepted) {
      const instance = instances.get(planned.target.nativeId);
      const name = instance?.State?.Name;
      if (name === 'stopped' || name === 'stopping') {
        outcomes.set(planned.target.resourceId, {
          ok: false,
          code: 'StartDidNotTake',
          message: `EC2 accepted the start but the instance is ${name}: ${instance?.StateReason?.Message ?? 'no reason given'}`,
        });
      }
    }
  }

  private async changeDb(action: PlannedAction): Promise<ActionOutcome> {
    const input = { DBInstanceIdentifier: action.target.nativeId };
    try {
      const { DBInstance } =
        action.action === 'start'
          ? await this.clients.rds.send(new StartDBInstanceCommand(input))
          : await this.clients.rds.send(new StopDBInstanceCommand(input));
      return { ok: true, state: DBInstance?.DBInstanceStatus ?? 'unknown' };
    } catch (error) {
      return refusal(error);
    }
  }
}
