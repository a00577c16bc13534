/**
 * Elastic Load Balancing, classic (awsQuery, 2012-06-01): the calls of the `elb-classic` collector.
 * Classic load balancers are the fleet's `elb:load-balancer` resources of kind `classic`, whose native
 * id is the load balancer name; their registered instances and health come from `attributes.instances`.
 *
 * Simplifications: no listeners, availability zones or health-check settings in the description.
 */
import type { FleetResourceOf } from '../fleet';
import {
  type SandboxContext,
  SandboxError,
  type SandboxService,
  toXml,
  type XmlObject,
  xmlList,
  xmlResult,
} from '../service';

type LoadBalancer = FleetResourceOf<'elb:load-balancer'>;

/** DescribeTags accepts at most 20 names. */
const MAX_TAG_NAMES = 20;

/** The ARN a classic load balancer has (IAM, tagging), though its description does not carry it. */
export function classicLoadBalancerArn(accountId: string, region: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${name}`;
}

function classics(context: SandboxContext): readonly LoadBalancer[] {
  return context.resources('elb:load-balancer').filter((lb) => lb.attributes.kind === 'classic');
}

function named(context: SandboxContext, name: string): LoadBalancer {
  const lb = context.find('elb:load-balancer', name);
  if (lb?.attributes.kind !== 'classic') {
    throw new SandboxError(400, 'LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
  }
  return lb;
}

function render(lb: LoadBalancer): XmlObject {
  const a = lb.attributes;
  return {
    LoadBalancerName: lb.id,
    DNSName: a.dnsName,
    Instances: xmlList(
      'member',
      a.instances.map((i) => ({ InstanceId: i.instanceId })),
    ),
    SecurityGroups: xmlList('member', a.securityGroupIds),
    VPCId: a.vpcId,
    Scheme: a.scheme,
    CreatedTime: a.createdTime,
  };
}

export const elbService: SandboxService = {
  name: 'elb',
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  apiVersion: '2012-06-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/',
  actions: {
    DescribeLoadBalancers: (request, context) => {
      const names = request.params.list('LoadBalancerNames');
      const list = names.length > 0 ? names.map((n) => named(context, n)) : classics(context);
      const page = context.page(list, {
        action: 'DescribeLoadBalancers',
        maxResults: request.params.int('PageSize'),
        nextToken: request.params.get('Marker'),
        min: 1,
        max: 400,
        rangeError: (value) =>
          new SandboxError(
            400,
            'ValidationError',
            `1 validation error detected: Value '${value}' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400`,
          ),
        tokenError: () => new SandboxError(400, 'InvalidNextToken', 'Invalid Marker'),
      });
      return xmlResult(
        toXml({
          LoadBalancerDescriptions: xmlList('member', page.items.map(render)),
          NextMarker: page.nextToken,
        }),
      );
    },
    DescribeInstanceHealth: (request, context) => {
      const lb = named(context, request.params.get('LoadBalancerName') ?? '');
      const asked = new Set(request.params.structs('Instances').map((i) => i.get('InstanceId')));
      const instances = lb.attributes.instances.filter((i) => asked.size === 0 || asked.has(i.instanceId));
      return xmlResult(
        toXml({
          InstanceStates: xmlList(
            'member',
            instances.map((i) => ({
              InstanceId: i.instanceId,
              State: i.state,
              ReasonCode: i.state === 'InService' ? 'N/A' : 'Instance',
              Description:
                i.state === 'InService' ? 'N/A' : 'Instance has failed at least the UnhealthyThreshold',
            })),
          ),
        }),
      );
    },
    DescribeTags: (request, context) => {
      const names = request.params.list('LoadBalancerNames');
      if (names.length === 0 || names.length > MAX_TAG_NAMES) {
        throw new SandboxError(
          400,
          'ValidationError',
          `1 validation error detected: Value at 'loadBalancerNames' failed to satisfy constraint: Member must have length between 1 and ${MAX_TAG_NAMES}`,
        );
      }
      return xmlResult(
        toXml({
          TagDescriptions: xmlList(
            'member',
            names.map((name) => ({
              LoadBalancerName: name,
              Tags: xmlList(
                'member',
                Object.entries(named(context, name).tags).map(([Key, Value]) => ({ Key, Value })),
              ),
            })),
          ),
        }),
      );
    },
  },
};
