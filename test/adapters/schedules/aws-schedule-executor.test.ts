import {
  AutoScalingClient,
  type AutoScalingGroup,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsScheduleExecutor } from '../../../functions/adapters/schedules/aws-schedule-executor';
import type { PlannedAction } from '../../../functions/domain/schedules/plan-tick';
import type { ScheduledTarget } from '../../../functions/domain/schedules/target';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const autoscaling = mockClient(AutoScalingClient);

beforeEach(() => {
  ec2.reset();
  rds.reset();
  kms.reset();
  autoscaling.reset();
});

const executor = () =>
  new AwsScheduleExecutor({
    ec2: new EC2Client({}),
    rds: new RDSClient({}),
    kms: new KMSClient({}),
    autoscaling: new AutoScalingClient({}),
  });

const group = (
  sizes: { min: number; max: number; desired: number },
  saved?: string,
  instances = 0,
): AutoScalingGroup => ({
  AutoScalingGroupName: 'web',
  MinSize: sizes.min,
  MaxSize: sizes.max,
  DesiredCapacity: sizes.desired,
  DefaultCooldown: 300,
  AvailabilityZones: ['eu-west-1a'],
  HealthCheckType: 'EC2',
  CreatedTime: new Date('2025-06-01T00:00:00Z'),
  Instances: Array.from({ length: instances }, (_, i) => ({
    InstanceId: `i-${i}`,
    LifecycleState: 'InService',
    AvailabilityZone: 'eu-west-1a',
    HealthStatus: 'Healthy',
    ProtectedFromScaleIn: false,
  })),
  Tags: saved === undefined ? [] : [{ Key: 'hostmaster:schedule-saved', Value: saved }],
});

function target(nativeId: string, kind: ScheduledTarget['kind'] = 'ec2:instance'): ScheduledTarget {
  return {
    resourceId: `arn:${nativeId}`,
    nativeId,
    accountId: '111111111111',
    region: 'eu-west-1',
    kind,
    schedule: 'office',
    tags: {},
  };
}

function planned(
  nativeId: string,
  action: 'start' | 'stop',
  hibernate = false,
  kind?: ScheduledTarget['kind'],
): PlannedAction {
  return {
    target: target(nativeId, kind),
    action,
    hibernate,
    desired: { state: action === 'start' ? 'running' : 'stopped', reason: { kind: 'off-hours' } },
    reason: 'schedule office',
    record: {
      resourceId: `arn:${nativeId}`,
      schedule: 'office',
      lastDesired: action === 'start' ? 'running' : 'stopped',
    },
  };
}

describe('AwsScheduleExecutor', () => {
  it('stops in one call per hibernation choice, sending Hibernate only for those that hibernate', async () => {
    // Prepare
    ec2.on(StopInstancesCommand).callsFake((input: { InstanceIds: string[] }) => ({
      StoppingInstances: input.InstanceIds.map((InstanceId) => ({
        InstanceId,
        CurrentState: { Name: 'stopping' },
      })),
    }));
    // Act
    const outcomes = await executor().apply([
      planned('i-1', 'stop'),
      planned('i-2', 'stop', true),
      planned('i-3', 'stop'),
    ]);
    // Assess
    expect(ec2).toHaveReceivedCommandTimes(StopInstancesCommand, 2);
    expect(ec2).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: ['i-1', 'i-3'] });
    expect(ec2).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: ['i-2'], Hibernate: true });
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
  });

  it('refuses before calling EC2 when a volume key is disabled, and keeps the batch for the others', async () => {
    // Prepare
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { Encrypted: true, KmsKeyId: 'key-off', Attachments: [{ InstanceId: 'i-bad' }] },
        { Encrypted: true, KmsKeyId: 'key-on', Attachments: [{ InstanceId: 'i-good' }] },
      ],
    });
    kms
      .on(DescribeKeyCommand, { KeyId: 'key-off' })
      .resolves({ KeyMetadata: { KeyId: 'key-off', KeyState: 'Disabled' } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'key-on' })
      .resolves({ KeyMetadata: { KeyId: 'key-on', KeyState: 'Enabled' } });
    ec2
      .on(StartInstancesCommand)
      .resolves({ StartingInstances: [{ InstanceId: 'i-good', CurrentState: { Name: 'pending' } }] });
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-good', State: { Name: 'pending' } }] }] });
    // Act
    const outcomes = await executor().apply([planned('i-bad', 'start'), planned('i-good', 'start')]);
    // Assess
    expect(ec2).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: ['i-good'] });
    expect(outcomes.get('arn:i-bad')).toEqual({
      ok: false,
      code: 'PreFlight.KmsKeyUnusable',
      message: 'KMS key key-off of an encrypted volume is Disabled: the instance would fall back to stopped',
    });
    expect(outcomes.get('arn:i-good')).toEqual({ ok: true, state: 'pending' });
  });

  it('reports a start EC2 accepted but that fell back to stopped as a failure, never as started', async () => {
    // Prepare
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2
      .on(StartInstancesCommand)
      .resolves({ StartingInstances: [{ InstanceId: 'i-1', CurrentState: { Name: 'pending' } }] });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-1',
              State: { Name: 'stopped' },
              StateReason: { Message: 'Client.InternalError: Client error on launch' },
            },
          ],
        },
      ],
    });
    // Act
    const outcomes = await executor().apply([planned('i-1', 'start')]);
    // Assess
    expect(outcomes.get('arn:i-1')).toEqual({
      ok: false,
      code: 'StartDidNotTake',
      message:
        'EC2 accepted the start but the instance is stopped: Client.InternalError: Client error on launch',
    });
  });

  it('retries a refused batch one by one, so one instance in a wrong state does not hold back the rest', async () => {
    // Prepare
    const refused = Object.assign(
      new Error("The instance 'i-2' is not in a state from which it can be stopped."),
      {
        name: 'IncorrectInstanceState',
      },
    );
    ec2
      .on(StopInstancesCommand)
      .rejectsOnce(refused)
      .resolvesOnce({ StoppingInstances: [{ InstanceId: 'i-1', CurrentState: { Name: 'stopping' } }] })
      .rejectsOnce(refused);
    rds.on(StopDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'stopping' } });
    // Act
    const outcomes = await executor().apply([
      planned('i-1', 'stop'),
      planned('i-2', 'stop'),
      planned('db-1', 'stop', false, 'rds:db-instance'),
    ]);
    // Assess
    expect(ec2).toHaveReceivedCommandTimes(StopInstancesCommand, 3);
    expect(outcomes.get('arn:i-1')).toEqual({ ok: true, state: 'stopping' });
    expect(outcomes.get('arn:i-2')).toMatchObject({ ok: false, code: 'IncorrectInstanceState' });
    expect(outcomes.get('arn:db-1')).toEqual({ ok: true, state: 'stopping' });
    expect(rds).toHaveReceivedCommandWith(StopDBInstanceCommand, { DBInstanceIdentifier: 'db-1' });
  });

  it('stops an Aurora cluster and starts it again with one cluster call each, never its members', async () => {
    // Prepare
    rds.on(StopDBClusterCommand).resolves({ DBCluster: { Status: 'stopping' } });
    rds.on(StartDBClusterCommand).resolves({ DBCluster: { Status: 'starting' } });
    // Act
    const stopped = await executor().apply([planned('aurora-1', 'stop', false, 'rds:db-cluster')]);
    const started = await executor().apply([planned('aurora-2', 'start', false, 'rds:db-cluster')]);
    // Assess
    expect(rds).toHaveReceivedCommandTimes(StopDBClusterCommand, 1);
    expect(rds).toHaveReceivedCommandWith(StopDBClusterCommand, { DBClusterIdentifier: 'aurora-1' });
    expect(rds).toHaveReceivedCommandTimes(StartDBClusterCommand, 1);
    expect(rds).toHaveReceivedCommandWith(StartDBClusterCommand, { DBClusterIdentifier: 'aurora-2' });
    expect(rds).not.toHaveReceivedCommand(StopDBInstanceCommand);
    expect(rds).not.toHaveReceivedCommand(StartDBInstanceCommand);
    expect(stopped.get('arn:aurora-1')).toEqual({ ok: true, state: 'stopping' });
    expect(started.get('arn:aurora-2')).toEqual({ ok: true, state: 'starting' });
  });

  it('observes a cluster by its status and a member instance as belonging to its cluster', async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [{ DBClusterIdentifier: 'aurora-1', Status: 'stopped' }],
    });
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'aurora-1-writer',
          DBInstanceStatus: 'stopped',
          DBClusterIdentifier: 'aurora-1',
        },
      ],
    });
    // Act
    const observed = await executor().observe([
      target('aurora-1', 'rds:db-cluster'),
      target('aurora-1-writer', 'rds:db-instance'),
    ]);
    // Assess
    expect(observed.get('arn:aurora-1')).toEqual({
      resourceId: 'arn:aurora-1',
      state: 'stopped',
      native: 'stopped',
    });
    expect(observed.get('arn:aurora-1-writer')).toMatchObject({ state: 'stopped', dbCluster: 'aurora-1' });
  });

  it('stops a group by saving its sizes in a tag first, then setting min and desired to 0', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [group({ min: 2, max: 6, desired: 3 }, undefined, 3)],
    });
    // Act
    const outcomes = await executor().apply([planned('web', 'stop', false, 'autoscaling:group')]);
    // Assess
    const calls = autoscaling.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]);
    expect(calls).toEqual([
      ['DescribeAutoScalingGroupsCommand', { AutoScalingGroupNames: ['web'], MaxRecords: 100 }],
      [
        'CreateOrUpdateTagsCommand',
        {
          Tags: [
            {
              ResourceId: 'web',
              ResourceType: 'auto-scaling-group',
              Key: 'hostmaster:schedule-saved',
              Value: '2,6,3',
              PropagateAtLaunch: false,
            },
          ],
        },
      ],
      ['UpdateAutoScalingGroupCommand', { AutoScalingGroupName: 'web', MinSize: 0, DesiredCapacity: 0 }],
    ]);
    expect(outcomes.get('arn:web')).toEqual({ ok: true, state: 'min 0, desired 0' });
  });

  it('starts a group by restoring exactly the saved sizes, then removing the tag', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [group({ min: 0, max: 6, desired: 0 }, '2,6,3')],
    });
    // Act
    const outcomes = await executor().apply([planned('web', 'start', false, 'autoscaling:group')]);
    // Assess
    expect(autoscaling).toHaveReceivedCommandTimes(UpdateAutoScalingGroupCommand, 1);
    expect(autoscaling).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      AutoScalingGroupName: 'web',
      MinSize: 2,
      MaxSize: 6,
      DesiredCapacity: 3,
    });
    expect(autoscaling).toHaveReceivedCommandWith(DeleteTagsCommand, {
      Tags: [{ ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'hostmaster:schedule-saved' }],
    });
    expect(autoscaling).not.toHaveReceivedCommand(CreateOrUpdateTagsCommand);
    expect(outcomes.get('arn:web')).toEqual({ ok: true, state: 'min 2, max 6, desired 3' });
  });

  it('keeps the sizes saved by a stop that died after tagging, instead of saving the zeros', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [group({ min: 0, max: 6, desired: 0 }, '2,6,3', 1)],
    });
    // Act
    await executor().apply([planned('web', 'stop', false, 'autoscaling:group')]);
    // Assess
    expect(autoscaling).not.toHaveReceivedCommand(CreateOrUpdateTagsCommand);
    expect(autoscaling).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      AutoScalingGroupName: 'web',
      MinSize: 0,
      DesiredCapacity: 0,
    });
  });

  it('refuses to start a group whose saved sizes are missing, without changing it', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [group({ min: 0, max: 6, desired: 0 }, 'two,six,three')],
    });
    // Act
    const outcomes = await executor().apply([planned('web', 'start', false, 'autoscaling:group')]);
    // Assess
    expect(autoscaling).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(autoscaling).not.toHaveReceivedCommand(CreateOrUpdateTagsCommand);
    expect(autoscaling).not.toHaveReceivedCommand(DeleteTagsCommand);
    expect(outcomes.get('arn:web')).toMatchObject({ ok: false, code: 'PreFlight.NoSavedSizes' });
  });

  it('observes a group as stopped only with saved sizes, zero sizes and no instance left', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        { ...group({ min: 0, max: 6, desired: 0 }, '2,6,3'), AutoScalingGroupName: 'stopped' },
        { ...group({ min: 0, max: 6, desired: 0 }, '2,6,3', 2), AutoScalingGroupName: 'draining' },
        { ...group({ min: 0, max: 6, desired: 0 }), AutoScalingGroupName: 'idle-by-owner' },
        {
          ...group({ min: 0, max: 6, desired: 0 }),
          AutoScalingGroupName: 'deleting',
          Status: 'Delete in progress',
        },
      ],
    });
    // Act
    const observed = await executor().observe(
      ['stopped', 'draining', 'idle-by-owner', 'deleting'].map((n) => target(n, 'autoscaling:group')),
    );
    // Assess
    expect(Object.fromEntries([...observed].map(([id, o]) => [id, o.state]))).toEqual({
      'arn:stopped': 'stopped',
      'arn:draining': 'stopping',
      'arn:idle-by-owner': 'running',
      'arn:deleting': 'gone',
    });
  });
});
