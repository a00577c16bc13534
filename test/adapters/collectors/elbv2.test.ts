import {
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandInput,
  DescribeTagsCommand,
  type DescribeTagsCommandInput,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type LoadBalancerTypeEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { elbv2Collector } from '../../../functions/adapters/collectors/elbv2';
import { ResourceDataSchema } from '../../../functions/domain/model';

const elb = mockClient(ElasticLoadBalancingV2Client);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-west-1',
  get: (ctor) => new ctor({ region: 'eu-west-1' }),
};

const prefix = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333';
const albArn = `${prefix}:loadbalancer/app/shop/0123456789abcdef`;
const tgArn = `${prefix}:targetgroup/shop-web/fedcba9876543210`;

function loadBalancer(name: string, arn: string, type: string = 'application'): LoadBalancer {
  return {
    LoadBalancerArn: arn,
    DNSName: `${name}.eu-west-1.elb.amazonaws.com`,
    CreatedTime: new Date('2025-03-04T05:06:07Z'),
    LoadBalancerName: name,
    Scheme: 'internal',
    VpcId: 'vpc-1',
    State: { Code: 'active' },
    Type: type as LoadBalancerTypeEnum,
    SecurityGroups: ['sg-1'],
  };
}

afterEach(() => {
  elb.reset();
});

describe('elbv2Collector', () => {
  it('links load balancers to the target groups that route to them, with targets and tags', async () => {
    // Prepare
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('shop', albArn)] });
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        {
          TargetGroupArn: tgArn,
          TargetGroupName: 'shop-web',
          Protocol: 'HTTP',
          Port: 80,
          VpcId: 'vpc-1',
          TargetType: 'instance',
          LoadBalancerArns: [albArn],
        },
      ],
    });
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } },
        {
          Target: { Id: 'i-2', Port: 80 },
          TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' },
        },
      ],
    });
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [
        { ResourceArn: albArn, Tags: [{ Key: 'Name', Value: 'Shop ALB' }] },
        { ResourceArn: tgArn, Tags: [{ Key: 'tier', Value: 'web' }] },
      ],
    });

    // Act
    const resources = await elbv2Collector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: albArn,
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'elb:load-balancer',
        name: 'Shop ALB',
        state: 'active',
        tags: { Name: 'Shop ALB' },
        attributes: {
          kind: 'application',
          scheme: 'internal',
          dnsName: 'shop.eu-west-1.elb.amazonaws.com',
          vpcId: 'vpc-1',
          createdTime: '2025-03-04T05:06:07.000Z',
          securityGroupIds: ['sg-1'],
          targetGroupArns: [tgArn],
          instances: [],
        },
      },
      {
        id: tgArn,
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'elb:target-group',
        name: 'shop-web',
        state: 'active',
        tags: { tier: 'web' },
        attributes: {
          protocol: 'HTTP',
          port: 80,
          targetType: 'instance',
          loadBalancerArns: [albArn],
          targets: [
            { id: 'i-1', port: 80, health: 'healthy', reason: undefined },
            { id: 'i-2', port: 80, health: 'unhealthy', reason: 'Target.FailedHealthChecks' },
          ],
        },
      },
    ]);
    for (const resource of resources) expect(ResourceDataSchema.safeParse(resource).success).toBe(true);
    expect(elb).toHaveReceivedCommandWith(DescribeTargetHealthCommand, { TargetGroupArn: tgArn });
    expect(elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { PageSize: 400 });
  });

  it('tags load balancers and target groups together, 20 ARNs a call, across pages', async () => {
    // Prepare
    const arns = Array.from({ length: 25 }, (_, i) => `${prefix}:loadbalancer/net/nlb-${i}/0000000000000000`);
    const markers: (string | undefined)[] = [];
    elb.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersCommandInput) => {
      markers.push(input.Marker);
      const all = arns.map((arn, i) => loadBalancer(`nlb-${i}`, arn, 'network'));
      return input.Marker === undefined
        ? { LoadBalancers: all.slice(0, 10), NextMarker: 'p2' }
        : { LoadBalancers: all.slice(10) };
    });
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        { TargetGroupArn: tgArn, TargetGroupName: 'shop-web', TargetType: 'ip', LoadBalancerArns: [] },
      ],
    });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    const batches: string[][] = [];
    elb.on(DescribeTagsCommand).callsFake((input: DescribeTagsCommandInput) => {
      batches.push(input.ResourceArns ?? []);
      return {
        TagDescriptions: (input.ResourceArns ?? []).map((ResourceArn) => ({ ResourceArn, Tags: [] })),
      };
    });

    // Act
    const resources = await elbv2Collector.collect(clients);

    // Assess
    expect(markers).toEqual([undefined, 'p2']);
    expect(batches.map((b) => b.length)).toEqual([20, 6]);
    expect(batches.flat()).toContain(tgArn);
    expect(resources.filter((r) => r.type === 'elb:load-balancer')).toHaveLength(25);
    expect(resources.filter((r) => r.type === 'elb:target-group')).toHaveLength(1);
  });

  it('throws on a load balancer type the domain does not know', async () => {
    // Prepare
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('x', albArn, 'quantum')] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });

    // Act
    const collecting = elbv2Collector.collect(clients);

    // Assess
    await expect(collecting).rejects.toThrow('unknown load balancer type quantum');
  });
});
