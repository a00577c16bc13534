import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { RDSClient, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsScheduleExecutor } from '../../../functions/adapters/schedules/aws-schedule-executor';
import type { PlannedAction } from '../../../functions/domain/schedules/plan-tick';
import type { ScheduledTarget } from '../../../functions/domain/schedules/target';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);

beforeEach(() => {
  ec2.reset();
  rds.reset();
  kms.reset();
});

const executor = () =>
  new AwsScheduleExecutor({ ec2: new EC2Client({}), rds: new RDSClient({}), kms: new KMSClient({}) });

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
});
