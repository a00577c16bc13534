/**
 * The sandbox's Aurora clusters and Auto Scaling groups over the wire: the collectors' round trip,
 * the cluster start and stop with its members and RDS's seven-day automatic start, and a group's
 * resize (its instances follow) and tags.
 */
import {
  AutoScalingClient,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  StartDBClusterCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoScalingGroupsCollector } from '../../functions/adapters/collectors/autoscaling-groups';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import { rdsClustersCollector } from '../../functions/adapters/collectors/rds-clusters';
import type { ResourceData } from '../../functions/domain/model';
import { inventoryOf, scheduleFleet } from '../integration/schedule-fleet';
import { assumeRemediationRole, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Sandbox, startSandbox } from './server';
import { RDS_AUTO_START_MS } from './services/rds';

const MEMBER = '111111111111';
const REGION = 'eu-central-1';
const fleet = scheduleFleet();
const DAY = 86_400_000;

describe('sandbox Aurora clusters and Auto Scaling groups', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials | undefined;
  let clock = Date.parse('2026-03-02T00:00:00Z');
  let clients: ClientFactory;
  let rds: RDSClient;
  let autoscaling: AutoScalingClient;
  let ec2: EC2Client;

  /** A role session lasts an hour of sandbox time: a test that moves the clock on signs in again. */
  async function signIn() {
    for (const client of [rds, autoscaling, ec2]) client?.destroy();
    credentials = await assumeRemediationRole(sandbox.endpoint, fleet, MEMBER);
    const config = sandboxClientConfig(sandbox.endpoint, REGION, credentials);
    rds = new RDSClient(config);
    autoscaling = new AutoScalingClient(config);
    ec2 = new EC2Client(config);
    clients = { accountId: MEMBER, region: REGION, get: (ctor) => new ctor(config) };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet, clock: () => new Date(clock) });
    await signIn();
  });
  afterAll(async () => {
    for (const client of [rds, autoscaling, ec2]) client.destroy();
    await sandbox.stop();
  });

  const inventory = (type: string): ResourceData[] =>
    inventoryOf(fleet)
      .filter((r) => r.type === type)
      .map(({ firstSeen: _f, lastSeen: _l, contentHash: _h, ...data }) => data as ResourceData);
  const status = async (id: string) =>
    (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0]?.Status;
  const memberStates = async () =>
    (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.filter(
      (d) => d.DBClusterIdentifier === 'aurora-berlin',
    ).map((d) => d.DBInstanceStatus);
  const instanceStates = async () => {
    const page = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ['i-web-1', 'i-web-2'] }] }),
    );
    return page.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name]);
  };
  const group = async () =>
    (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-berlin'] })))
      .AutoScalingGroups?.[0];

  it('gives back exactly the fleet cluster and group through the collectors', async () => {
    // Act
    const clusters = await rdsClustersCollector.collect(clients);
    const groups = await autoScalingGroupsCollector.collect(clients);
    // Assess
    expect(clusters).toEqual(inventory('rds:db-cluster'));
    expect(groups).toEqual(inventory('autoscaling:group'));
  });

  it('stops a cluster with its members, refuses to stop a member alone, and starts it after 7 days by itself', async () => {
    // Act
    const stop = await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'aurora-berlin' }));
    const stoppedMembers = await memberStates();
    const memberAlone = rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'aurora-berlin-1' }));
    await expect(memberAlone).rejects.toMatchObject({ name: 'InvalidDBInstanceStateFault' });
    clock += RDS_AUTO_START_MS - DAY;
    await signIn();
    const sixDays = await status('aurora-berlin');
    clock += DAY;
    await signIn();
    const sevenDays = await status('aurora-berlin');
    // Assess
    expect(stop.DBCluster?.Status).toBe('stopping');
    expect(stoppedMembers).toEqual(['stopped', 'stopped']);
    expect(sixDays).toBe('stopped');
    expect(sevenDays).toBe('available');
    expect(await memberStates()).toEqual(['available', 'available']);
    await expect(
      rds.send(new StartDBClusterCommand({ DBClusterIdentifier: 'aurora-berlin' })),
    ).rejects.toMatchObject({ name: 'InvalidDBClusterStateFault' });
  });

  it('scales a group to 0 and back, its instances stopping and starting, and keeps its tags', async () => {
    // Act
    await autoscaling.send(
      new CreateOrUpdateTagsCommand({
        Tags: [
          {
            ResourceId: 'web-berlin',
            ResourceType: 'auto-scaling-group',
            Key: 'hostmaster:schedule-saved',
            Value: '1,4,2',
            PropagateAtLaunch: false,
          },
        ],
      }),
    );
    await autoscaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: 'web-berlin',
        MinSize: 0,
        DesiredCapacity: 0,
      }),
    );
    const stopped = await group();
    const stoppedInstances = await instanceStates();
    await autoscaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: 'web-berlin',
        MinSize: 1,
        MaxSize: 4,
        DesiredCapacity: 2,
      }),
    );
    await autoscaling.send(
      new DeleteTagsCommand({
        Tags: [
          { ResourceId: 'web-berlin', ResourceType: 'auto-scaling-group', Key: 'hostmaster:schedule-saved' },
        ],
      }),
    );
    const started = await group();
    // Assess
    expect([stopped?.MinSize, stopped?.MaxSize, stopped?.DesiredCapacity, stopped?.Instances]).toEqual([
      0,
      4,
      0,
      [],
    ]);
    expect(stopped?.Tags?.find((t) => t.Key === 'hostmaster:schedule-saved')?.Value).toBe('1,4,2');
    expect(stoppedInstances).toEqual([
      ['i-web-1', 'stopped'],
      ['i-web-2', 'stopped'],
    ]);
    expect([started?.MinSize, started?.MaxSize, started?.DesiredCapacity]).toEqual([1, 4, 2]);
    expect(started?.Instances?.map((i) => [i.InstanceId, i.LifecycleState])).toEqual([
      ['i-web-1', 'InService'],
      ['i-web-2', 'InService'],
    ]);
    expect(started?.Tags?.map((t) => t.Key)).not.toContain('hostmaster:schedule-saved');
    expect(await instanceStates()).toEqual([
      ['i-web-1', 'running'],
      ['i-web-2', 'running'],
    ]);
  });

  it('refuses a desired capacity outside the group bounds, as Auto Scaling does', async () => {
    // Act
    const refused = autoscaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'web-berlin', DesiredCapacity: 9 }),
    );
    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Desired capacity:9 must be between the specified min size:1 and max size:4',
    });
  });
});
