import {
  DescribeInstanceHealthCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, partitionOf, required, tagRecord } from './sdk-shared';

/** DescribeLoadBalancers accepts 1 to 400 a page. */
const PAGE_SIZE = 400;
/** DescribeTags accepts at most 20 load balancer names a call. */
const TAG_BATCH = 20;
const OPERATION = 'DescribeLoadBalancers';

type LoadBalancerResource = Extract<ResourceData, { type: 'elb:load-balancer' }>;
type Instance = LoadBalancerResource['attributes']['instances'][number];

/**
 * Classic load balancers of one region: DescribeLoadBalancers (400 a page), DescribeTags for 20 names
 * a call, and DescribeInstanceHealth only for load balancers with registered instances (the health of
 * an empty one is known without asking).
 *
 * `elb:load-balancer` is also reported by the `elbv2` collector: a type is complete in a region only
 * when both succeeded.
 */
export const elbClassicCollector: Collector = {
  name: 'elb-classic',
  resourceTypes: ['elb:load-balancer'],
  scope: 'regional',
  async collect(clients) {
    const elb = clients.get(ElasticLoadBalancingClient);
    const descriptions: LoadBalancerDescription[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: elb }, { PageSize: PAGE_SIZE })) {
      descriptions.push(...(page.LoadBalancerDescriptions ?? []));
    }
    const names = descriptions.map((d) => required(d.LoadBalancerName, OPERATION, 'LoadBalancerName'));
    const [tagsByName, instancesByName] = await Promise.all([
      describeTags(elb, names),
      Promise.all(descriptions.map((d) => describeInstances(elb, d))),
    ]);
    return descriptions.map((description, i) => {
      const name = names[i] ?? '';
      const tags = tagsByName.get(name) ?? {};
      return toResource(description, name, tags, instancesByName[i] ?? [], clients.accountId, clients.region);
    });
  },
};

async function describeTags(
  elb: ElasticLoadBalancingClient,
  names: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += TAG_BATCH) batches.push(names.slice(i, i + TAG_BATCH));
  const responses = await Promise.all(
    batches.map((batch) => elb.send(new DescribeTagsCommand({ LoadBalancerNames: batch }))),
  );
  const tags = new Map<string, Record<string, string>>();
  for (const response of responses) {
    for (const description of response.TagDescriptions ?? []) {
      if (description.LoadBalancerName) tags.set(description.LoadBalancerName, tagRecord(description.Tags));
    }
  }
  return tags;
}

async function describeInstances(
  elb: ElasticLoadBalancingClient,
  description: LoadBalancerDescription,
): Promise<Instance[]> {
  if ((description.Instances ?? []).length === 0) return [];
  const response = await elb.send(
    new DescribeInstanceHealthCommand({ LoadBalancerName: description.LoadBalancerName }),
  );
  return (response.InstanceStates ?? []).map((s) => ({
    instanceId: required(s.InstanceId, 'DescribeInstanceHealth', 'InstanceId'),
    state: s.State ?? 'Unknown',
  }));
}

function toResource(
  description: LoadBalancerDescription,
  name: string,
  tags: Record<string, string>,
  instances: Instance[],
  accountId: string,
  region: string,
): LoadBalancerResource {
  return {
    // Classic load balancers have no ARN in their description; this is the one IAM and tagging use.
    id: `arn:${partitionOf(region)}:elasticloadbalancing:${region}:${accountId}:loadbalancer/${name}`,
    accountId,
    region,
    type: 'elb:load-balancer',
    name: nameOf(tags, name),
    state: 'active',
    tags,
    attributes: {
      kind: 'classic',
      scheme: description.Scheme ?? 'internet-facing',
      dnsName: description.DNSName ?? '',
      vpcId: description.VPCId,
      createdTime: required(isoDate(description.CreatedTime), OPERATION, 'CreatedTime'),
      securityGroupIds: description.SecurityGroups ?? [],
      targetGroupArns: [],
      instances,
    },
  };
}
