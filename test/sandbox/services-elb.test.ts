import {
  DescribeLoadBalancersCommand as DescribeClassicCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers as paginateClassic,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import { elbClassicCollector } from '../../functions/adapters/collectors/elb-classic';
import { elbv2Collector } from '../../functions/adapters/collectors/elbv2';
import type { ResourceData } from '../../functions/domain/model';
import { assumeMemberRole, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, type FleetResourceOf, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';
import { classicLoadBalancerArn } from './services/elb';
import { elbv2LoadBalancerArn, targetGroupArn } from './services/elbv2';

const MEMBER = '222233334444';
const REGION = 'us-east-1';
const albArn = elbv2LoadBalancerArn(MEMBER, REGION, 'application', 'shop');
const nlbArn = elbv2LoadBalancerArn(MEMBER, REGION, 'network', 'ingest');

function classic(id: string, instances: { instanceId: string; state: string }[]): FleetResource {
  return {
    id,
    region: REGION,
    type: 'elb:load-balancer',
    name: id,
    state: 'active',
    tags: { app: id },
    attributes: {
      kind: 'classic',
      scheme: 'internet-facing',
      dnsName: `${id}-123.${REGION}.elb.amazonaws.com`,
      vpcId: 'vpc-1',
      createdTime: '2019-04-05T06:07:08.000Z',
      securityGroupIds: ['sg-1'],
      targetGroupArns: [],
      instances,
    },
  };
}

function v2(id: string, kind: 'application' | 'network', targetGroupArns: string[]): FleetResource {
  return {
    id,
    region: REGION,
    type: 'elb:load-balancer',
    name: id,
    state: 'active',
    tags: {},
    attributes: {
      kind,
      scheme: 'internal',
      dnsName: `${id}.${REGION}.elb.amazonaws.com`,
      vpcId: 'vpc-1',
      createdTime: '2024-01-02T03:04:05.000Z',
      securityGroupIds: kind === 'application' ? ['sg-2'] : [],
      targetGroupArns,
      instances: [],
    },
  };
}

type Target = FleetResourceOf<'elb:target-group'>['attributes']['targets'][number];

function targetGroup(id: string, loadBalancerArns: string[], targets: Target[]): FleetResource {
  return {
    id,
    region: REGION,
    type: 'elb:target-group',
    name: id,
    state: 'active',
    tags: { tier: 'web' },
    attributes: {
      protocol: 'HTTP',
      port: 8080,
      targetType: 'instance',
      loadBalancerArns,
      targets,
    },
  };
}

// 25 classic load balancers: more than one DescribeTags batch of 20.
const classics = Array.from({ length: 25 }, (_, i) =>
  classic(
    `classic-${String(i).padStart(2, '0')}`,
    i === 0 ? [] : [{ instanceId: `i-${i}`, state: 'InService' }],
  ),
);
classics[3] = classic('classic-03', [
  { instanceId: 'i-3a', state: 'InService' },
  { instanceId: 'i-3b', state: 'OutOfService' },
]);
const tgWeb = targetGroupArn(MEMBER, REGION, 'shop-web');
const tgIngest = targetGroupArn(MEMBER, REGION, 'ingest-tcp');
const tgOrphan = targetGroupArn(MEMBER, REGION, 'orphan');
const v2s = [v2('shop', 'application', [tgWeb]), v2('ingest', 'network', [tgIngest])];
const targetGroups = [
  targetGroup(
    'shop-web',
    [albArn],
    [
      { id: 'i-1', port: 8080, health: 'healthy' },
      { id: 'i-2', port: 8080, health: 'unhealthy', reason: 'Target.FailedHealthChecks' },
    ],
  ),
  targetGroup('ingest-tcp', [nlbArn], [{ id: 'i-9', port: 8080, health: 'healthy' }]),
  targetGroup('orphan', [], [{ id: 'i-7', port: 8080, health: 'unused', reason: 'Target.NotInUse' }]),
];

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: '111122223333', hubAccountId: '111122223333' },
  regions: [REGION],
  accounts: [
    { id: '111122223333', name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: [REGION],
      externalId: 'hostmaster-local-external-id',
      resources: [...classics, ...v2s, ...targetGroups],
    },
  ],
});

function expected(resource: FleetResource, arn: string): ResourceData {
  const { id: _id, usage: _usage, ...rest } = resource;
  return { ...rest, id: arn, accountId: MEMBER } as ResourceData;
}

describe('sandbox ELB and ELBv2 with the load balancer collectors', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  let clients: ClientFactory;
  const made: { destroy(): void }[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    credentials = await assumeMemberRole(sandbox.endpoint, fleet, MEMBER);
    clients = {
      accountId: MEMBER,
      region: REGION,
      get: (ctor) => {
        const client = new ctor(sandboxClientConfig(sandbox.endpoint, REGION, credentials));
        made.push(client as unknown as { destroy(): void });
        return client;
      },
    };
  });
  afterAll(async () => {
    for (const client of made) client.destroy();
    await sandbox.stop();
  });

  it('gives back exactly the fleet classic load balancers, with instance health and tags', async () => {
    // Act
    const collected = await elbClassicCollector.collect(clients);

    // Assess
    expect(collected).toEqual(
      classics.map((lb) => expected(lb, classicLoadBalancerArn(MEMBER, REGION, lb.id))),
    );
  });

  it('gives back exactly the fleet ELBv2 load balancers and target groups, linked both ways', async () => {
    // Act
    const collected = await elbv2Collector.collect(clients);

    // Assess
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect([...collected].sort(byId)).toEqual(
      [
        expected(v2s[0] as FleetResource, albArn),
        expected(v2s[1] as FleetResource, nlbArn),
        expected(targetGroups[0] as FleetResource, tgWeb),
        expected(targetGroups[1] as FleetResource, tgIngest),
        expected(targetGroups[2] as FleetResource, tgOrphan),
      ].sort(byId),
    );
  });

  it('pages classic load balancers and target groups with small pages', async () => {
    // Prepare
    const classicClient = clients.get(ElasticLoadBalancingClient);
    const v2Client = clients.get(ElasticLoadBalancingV2Client);

    // Act
    const classicPages: number[] = [];
    for await (const page of paginateClassic({ client: classicClient }, { PageSize: 10 })) {
      classicPages.push(page.LoadBalancerDescriptions?.length ?? 0);
    }
    const groupPages: number[] = [];
    for await (const page of paginateDescribeTargetGroups({ client: v2Client }, { PageSize: 2 })) {
      groupPages.push(page.TargetGroups?.length ?? 0);
    }

    // Assess
    expect(classicPages).toEqual([10, 10, 5]);
    expect(groupPages).toEqual([2, 1]);
  });

  it('rejects page sizes and tag batches beyond the ELB limits', async () => {
    // Prepare
    const classicClient = clients.get(ElasticLoadBalancingClient);
    const v2Client = clients.get(ElasticLoadBalancingV2Client);

    // Act
    const bigPage = v2Client.send(new DescribeLoadBalancersCommand({ PageSize: 401 }));
    const bigClassicPage = classicClient.send(new DescribeClassicCommand({ PageSize: 401 }));
    const bigBatch = classicClient.send(
      new DescribeClassicTagsCommand({ LoadBalancerNames: classics.slice(0, 21).map((lb) => lb.id) }),
    );

    // Assess
    await expect(bigPage).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(bigClassicPage).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(bigBatch).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('answers TargetGroupNotFound for an unknown target group', async () => {
    // Prepare
    const v2Client = clients.get(ElasticLoadBalancingV2Client);

    // Act
    const describing = v2Client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn(MEMBER, REGION, 'ghost') }),
    );

    // Assess
    await expect(describing).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });
});
