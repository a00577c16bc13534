import {
  DescribeInstanceHealthCommand,
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandInput,
  DescribeTagsCommand,
  type DescribeTagsCommandInput,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { elbClassicCollector } from '../../../functions/adapters/collectors/elb-classic';
import { ResourceDataSchema } from '../../../functions/domain/model';

const elb = mockClient(ElasticLoadBalancingClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'us-east-1',
  get: (ctor) => new ctor({ region: 'us-east-1' }),
};

function description(name: string, instanceIds: string[] = []) {
  return {
    LoadBalancerName: name,
    DNSName: `${name}-1234.us-east-1.elb.amazonaws.com`,
    Scheme: 'internet-facing',
    VPCId: 'vpc-1',
    CreatedTime: new Date('2024-05-06T07:08:09Z'),
    SecurityGroups: ['sg-1'],
    Instances: instanceIds.map((InstanceId) => ({ InstanceId })),
  };
}

afterEach(() => {
  elb.reset();
});

describe('elbClassicCollector', () => {
  it('normalizes a classic load balancer with its instances health and tags', async () => {
    // Prepare
    elb
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancerDescriptions: [description('web', ['i-1', 'i-2'])] });
    elb.on(DescribeInstanceHealthCommand).resolves({
      InstanceStates: [
        { InstanceId: 'i-1', State: 'InService' },
        { InstanceId: 'i-2', State: 'OutOfService', ReasonCode: 'Instance' },
      ],
    });
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [{ LoadBalancerName: 'web', Tags: [{ Key: 'app', Value: 'shop' }] }],
    });

    // Act
    const resources = await elbClassicCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/web',
        accountId: '111122223333',
        region: 'us-east-1',
        type: 'elb:load-balancer',
        name: 'web',
        state: 'active',
        tags: { app: 'shop' },
        attributes: {
          kind: 'classic',
          scheme: 'internet-facing',
          dnsName: 'web-1234.us-east-1.elb.amazonaws.com',
          vpcId: 'vpc-1',
          createdTime: '2024-05-06T07:08:09.000Z',
          securityGroupIds: ['sg-1'],
          targetGroupArns: [],
          instances: [
            { instanceId: 'i-1', state: 'InService' },
            { instanceId: 'i-2', state: 'OutOfService' },
          ],
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
    expect(elb).toHaveReceivedCommandWith(DescribeInstanceHealthCommand, { LoadBalancerName: 'web' });
  });

  it('skips DescribeInstanceHealth for a load balancer without instances', async () => {
    // Prepare
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [description('empty')] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });

    // Act
    const [resource] = await elbClassicCollector.collect(clients);

    // Assess
    expect(resource?.type === 'elb:load-balancer' && resource.attributes.instances).toEqual([]);
    expect(elb).toHaveReceivedCommandTimes(DescribeInstanceHealthCommand, 0);
  });

  it('reads tags 20 names a call and pages with 400 a page', async () => {
    // Prepare
    const names = Array.from({ length: 45 }, (_, i) => `lb-${String(i).padStart(2, '0')}`);
    const markers: (string | undefined)[] = [];
    elb.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersCommandInput) => {
      markers.push(input.Marker);
      return input.Marker === undefined
        ? { LoadBalancerDescriptions: names.slice(0, 30).map((n) => description(n)), NextMarker: 'm2' }
        : { LoadBalancerDescriptions: names.slice(30).map((n) => description(n)) };
    });
    const batches: string[][] = [];
    elb.on(DescribeTagsCommand).callsFake((input: DescribeTagsCommandInput) => {
      batches.push(input.LoadBalancerNames ?? []);
      return {
        TagDescriptions: (input.LoadBalancerNames ?? []).map((n) => ({
          LoadBalancerName: n,
          Tags: [{ Key: 'n', Value: n }],
        })),
      };
    });

    // Act
    const resources = await elbClassicCollector.collect(clients);

    // Assess
    expect(markers).toEqual([undefined, 'm2']);
    expect(elb).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { PageSize: 400 });
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(resources.map((r) => r.tags.n)).toEqual(names);
  });
});
