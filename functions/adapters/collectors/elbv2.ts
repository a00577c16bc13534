import {
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, required, tagRecord, UnexpectedResponseError } from './sdk-shared';

/** DescribeLoadBalancers and DescribeTargetGroups accept 1 to 400 a page. */
const PAGE_SIZE = 400;
/** DescribeTags accepts at most 20 ARNs a call (load balancers and target groups may be mixed). */
const TAG_BATCH = 20;

type LoadBalancerResource = Extract<ResourceData, { type: 'elb:load-balancer' }>;
type TargetGroupResource = Extract<ResourceData, { type: 'elb:target-group' }>;
type Target = TargetGroupResource['attributes']['targets'][number];

type V2Kind = 'application' | 'network' | 'gateway';

function isV2Kind(kind: string): kind is V2Kind {
  return kind === 'application' || kind === 'network' || kind === 'gateway';
}

/**
 * Application, network and gateway load balancers and their target groups in one region. Both come
 * from one collector because a load balancer's `targetGroupArns` are read from the target groups'
 * `LoadBalancerArns` (ELBv2 has no per-load-balancer listing of them without a call per load balancer).
 * Calls: pages of 400 of each, DescribeTags for 20 ARNs of either kind a call, and DescribeTargetHealth
 * per target group (the only way to read targets).
 *
 * `elb:load-balancer` is also reported by the `elb-classic` collector: a type is complete in a region
 * only when both succeeded.
 */
export const elbv2Collector: Collector = {
  name: 'elbv2',
  resourceTypes: ['elb:load-balancer', 'elb:target-group'],
  scope: 'regional',
  async collect(clients) {
    const elb = clients.get(ElasticLoadBalancingV2Client);
    const loadBalancers: LoadBalancer[] = [];
    const targetGroups: TargetGroup[] = [];
    await Promise.all([
      (async () => {
        for await (const page of paginateDescribeLoadBalancers({ client: elb }, { PageSize: PAGE_SIZE })) {
          loadBalancers.push(...(page.LoadBalancers ?? []));
        }
      })(),
      (async () => {
        for await (const page of paginateDescribeTargetGroups({ client: elb }, { PageSize: PAGE_SIZE })) {
          targetGroups.push(...(page.TargetGroups ?? []));
        }
      })(),
    ]);
    const lbArns = loadBalancers.map((lb) =>
      required(lb.LoadBalancerArn, 'DescribeLoadBalancers', 'LoadBalancerArn'),
    );
    const tgArns = targetGroups.map((tg) =>
      required(tg.TargetGroupArn, 'DescribeTargetGroups', 'TargetGroupArn'),
    );
    const [tags, targets] = await Promise.all([
      describeTags(elb, [...lbArns, ...tgArns]),
      Promise.all(tgArns.map((arn) => describeTargets(elb, arn))),
    ]);

    const targetGroupsByLb = new Map<string, string[]>();
    for (const [i, tg] of targetGroups.entries()) {
      for (const lbArn of tg.LoadBalancerArns ?? []) {
        const list = targetGroupsByLb.get(lbArn) ?? [];
        list.push(tgArns[i] ?? '');
        targetGroupsByLb.set(lbArn, list);
      }
    }
    const { accountId, region } = clients;
    return [
      ...loadBalancers.map((lb, i) => {
        const arn = lbArns[i] ?? '';
        return toLoadBalancer(
          lb,
          arn,
          tags.get(arn) ?? {},
          targetGroupsByLb.get(arn) ?? [],
          accountId,
          region,
        );
      }),
      ...targetGroups.map((tg, i) => {
        const arn = tgArns[i] ?? '';
        return toTargetGroup(tg, arn, tags.get(arn) ?? {}, targets[i] ?? [], accountId, region);
      }),
    ];
  },
};

async function describeTags(
  elb: ElasticLoadBalancingV2Client,
  arns: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const batches: string[][] = [];
  for (let i = 0; i < arns.length; i += TAG_BATCH) batches.push(arns.slice(i, i + TAG_BATCH));
  const responses = await Promise.all(
    batches.map((batch) => elb.send(new DescribeTagsCommand({ ResourceArns: batch }))),
  );
  const tags = new Map<string, Record<string, string>>();
  for (const response of responses) {
    for (const description of response.TagDescriptions ?? []) {
      if (description.ResourceArn) tags.set(description.ResourceArn, tagRecord(description.Tags));
    }
  }
  return tags;
}

async function describeTargets(elb: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<Target[]> {
  const response = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (response.TargetHealthDescriptions ?? []).map((d) => ({
    id: required(d.Target?.Id, 'DescribeTargetHealth', 'Target.Id'),
    port: d.Target?.Port,
    health: d.TargetHealth?.State ?? 'unavailable',
    reason: d.TargetHealth?.Reason,
  }));
}

function toLoadBalancer(
  lb: LoadBalancer,
  arn: string,
  tags: Record<string, string>,
  targetGroupArns: string[],
  accountId: string,
  region: string,
): LoadBalancerResource {
  const operation = 'DescribeLoadBalancers';
  const kind = required(lb.Type, operation, 'Type');
  if (!isV2Kind(kind)) throw new UnexpectedResponseError(operation, `an unknown load balancer type ${kind}`);
  return {
    id: arn,
    accountId,
    region,
    type: 'elb:load-balancer',
    name: nameOf(tags, required(lb.LoadBalancerName, operation, 'LoadBalancerName')),
    state: lb.State?.Code ?? 'active',
    tags,
    attributes: {
      kind,
      scheme: lb.Scheme ?? 'internet-facing',
      dnsName: lb.DNSName ?? '',
      vpcId: lb.VpcId,
      createdTime: required(isoDate(lb.CreatedTime), operation, 'CreatedTime'),
      securityGroupIds: lb.SecurityGroups ?? [],
      targetGroupArns,
      instances: [],
    },
  };
}

function toTargetGroup(
  tg: TargetGroup,
  arn: string,
  tags: Record<string, string>,
  targets: Target[],
  accountId: string,
  region: string,
): TargetGroupResource {
  const operation = 'DescribeTargetGroups';
  return {
    id: arn,
    accountId,
    region,
    type: 'elb:target-group',
    name: nameOf(tags, required(tg.TargetGroupName, operation, 'TargetGroupName')),
    state: 'active',
    tags,
    attributes: {
      protocol: tg.Protocol,
      port: tg.Port,
      targetType: required(tg.TargetType, operation, 'TargetType'),
      loadBalancerArns: tg.LoadBalancerArns ?? [],
      targets,
    },
  };
}
