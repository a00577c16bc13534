import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { autoScalingGroupsCollector } from '../../../functions/adapters/collectors/autoscaling-groups';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { ResourceDataSchema } from '../../../functions/domain/model';

const autoscaling = mockClient(AutoScalingClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-west-1',
  get: (ctor) => new ctor({ region: 'eu-west-1' }),
};

const ARN =
  'arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:0b6a3f1e-1111-2222-3333-444455556666:autoScalingGroupName/web';

const group = {
  AutoScalingGroupName: 'web',
  AutoScalingGroupARN: ARN,
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 3,
  DefaultCooldown: 300,
  HealthCheckType: 'EC2',
  AvailabilityZones: ['eu-west-1a', 'eu-west-1b'],
  CreatedTime: new Date('2025-06-01T00:00:00Z'),
  Instances: [
    {
      InstanceId: 'i-1',
      LifecycleState: 'InService' as const,
      AvailabilityZone: 'eu-west-1a',
      HealthStatus: 'Healthy',
      ProtectedFromScaleIn: false,
    },
    {
      InstanceId: 'i-2',
      LifecycleState: 'Pending' as const,
      AvailabilityZone: 'eu-west-1b',
      HealthStatus: 'Healthy',
      ProtectedFromScaleIn: false,
    },
  ],
  Tags: [{ ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'team', Value: 'shop' }],
};

afterEach(() => {
  autoscaling.reset();
});

describe('autoScalingGroupsCollector', () => {
  it('normalizes a group with its sizes, instances and tags from one response', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group] });
    // Act
    const resources = await autoScalingGroupsCollector.collect(clients);
    // Assess
    expect(resources).toEqual([
      {
        id: ARN,
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'autoscaling:group',
        name: 'web',
        state: 'active',
        tags: { team: 'shop' },
        attributes: {
          minSize: 2,
          maxSize: 6,
          desiredCapacity: 3,
          instances: [
            { instanceId: 'i-1', lifecycleState: 'InService' },
            { instanceId: 'i-2', lifecycleState: 'Pending' },
          ],
          availabilityZones: ['eu-west-1a', 'eu-west-1b'],
          createTime: '2025-06-01T00:00:00.000Z',
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('reports a group being deleted by its status, and follows the token', async () => {
    // Prepare
    autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolvesOnce({ AutoScalingGroups: [group], NextToken: 't-2' })
      .resolvesOnce({
        AutoScalingGroups: [{ ...group, AutoScalingGroupName: 'old', Status: 'Delete in progress' }],
      });
    // Act
    const resources = await autoScalingGroupsCollector.collect(clients);
    // Assess
    expect(resources.map((r) => [r.name, r.state])).toEqual([
      ['web', 'active'],
      ['old', 'Delete in progress'],
    ]);
    expect(autoscaling).toHaveReceivedNthCommandWith(DescribeAutoScalingGroupsCommand, 2, {
      MaxRecords: 100,
      NextToken: 't-2',
    });
  });
});
