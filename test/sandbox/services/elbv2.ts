/**
 * Elastic Load Balancing v2 (awsQuery, 2015-12-01): the calls of the `elbv2` collector. Load balancers
 * are the fleet's `elb:load-balancer` resources of kind application, network or gateway; target
 * groups its `elb:target-group` resources. Their native id is either the ARN's resource part after
 * `loadbalancer/` or `targetgroup/` (`app/<name>/<16 hex>`, `<name>/<16 hex>`, as the generator
 * writes them) or just the name, in which case the sandbox composes a stable ARN with
 * {@link elbv2LoadBalancerArn} and {@link targetGroupArn}. A fleet's cross references
 * (`loadBalancerArns`, `targetGroupArns`) hold the full ARNs.
 *
 * Simplifications: no listeners, rules, availability zones or health-check settings.
 */
import { createHash } from 'node:crypto';
import type { FleetResourceOf } from '../fleet';
import {
  type PageOptions,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
  toXml,
  xmlList,
  xmlResult,
} from '../service';

type LoadBalancer = FleetResourceOf<'elb:load-balancer'>;
type TargetGroup = FleetResourceOf<'elb:target-group'>;

/** DescribeTags accepts at most 20 ARNs. */
const MAX_TAG_ARNS = 20;
const KIND_SEGMENT: Record<string, string> = { application: 'app', network: 'net', gateway: 'gwy' };

/** The 16 hex digits AWS appends to ELBv2 ARNs: stable per (account, region, name) here. */
function suffix(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>` */
export function elbv2LoadBalancerArn(
  accountId: string,
  region: string,
  kind: 'application' | 'network' | 'gateway',
  name: string,
): string {
  return `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${KIND_SEGMENT[kind]}/${name}/${suffix(accountId, region, 'lb', name)}`;
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>` */
export function targetGroupArn(accountId: string, region: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/${name}/${suffix(accountId, region, 'tg', name)}`;
}

/** The load balancer's name: its id, or the middle of an `app/<name>/<hex>` id. */
function loadBalancerName(lb: LoadBalancer): string {
  const parts = lb.id.split('/');
  return parts.length === 3 ? (parts[1] ?? lb.id) : lb.id;
}

/** The target group's name: its id, or the head of a `<name>/<hex>` id. */
function targetGroupName(tg: TargetGroup): string {
  return tg.id.split('/')[0] ?? tg.id;
}

function arnOfLoadBalancer(lb: LoadBalancer, context: SandboxContext): string {
  const kind = lb.attributes.kind;
  if (kind === 'classic') throw new Error(`${lb.id} is a classic load balancer`);
  if (lb.id.includes('/'))
    return `arn:aws:elasticloadbalancing:${lb.region}:${context.account.id}:loadbalancer/${lb.id}`;
  return elbv2LoadBalancerArn(context.account.id, lb.region, kind, lb.id);
}

function arnOfTargetGroup(tg: TargetGroup, context: SandboxContext): string {
  if (tg.id.includes('/'))
    return `arn:aws:elasticloadbalancing:${tg.region}:${context.account.id}:targetgroup/${tg.id}`;
  return targetGroupArn(context.account.id, tg.region, tg.id);
}

/** The load balancer or target group an ARN of this account and region names (O(log n)). */
function byArn(context: SandboxContext, arn: string): LoadBalancer | TargetGroup | undefined {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] === 'targetgroup' && parts.length === 3) {
    const tg =
      context.find('elb:target-group', parts.slice(1).join('/')) ??
      context.find('elb:target-group', parts[1] ?? '');
    return tg && arnOfTargetGroup(tg, context) === arn ? tg : undefined;
  }
  if (parts[0] === 'loadbalancer' && parts.length === 4) {
    const lb =
      context.find('elb:load-balancer', parts.slice(1).join('/')) ??
      context.find('elb:load-balancer', parts[2] ?? '');
    return lb && lb.attributes.kind !== 'classic' && arnOfLoadBalancer(lb, context) === arn ? lb : undefined;
  }
  return undefined;
}

function loadBalancers(context: SandboxContext): readonly LoadBalancer[] {
  return context.resources('elb:load-balancer').filter((lb) => lb.attributes.kind !== 'classic');
}

function pageOptions(request: SandboxRequest, action: string): PageOptions {
  return {
    action,
    maxResults: request.params.int('PageSize'),
    nextToken: request.params.get('Marker'),
    min: 1,
    max: 400,
    rangeError: (value) =>
      new SandboxError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${value}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
      ),
    tokenError: () => new SandboxError(400, 'ValidationError', 'Invalid Marker'),
  };
}

const tags = (record: Record<string, string>) =>
  xmlList(
    'member',
    Object.entries(record).map(([Key, Value]) => ({ Key, Value })),
  );

function lbNotFound(): SandboxError {
  return new SandboxError(400, 'LoadBalancerNotFound', 'One or more load balancers not found');
}

function tgNotFound(): SandboxError {
  return new SandboxError(400, 'TargetGroupNotFound', 'One or more target groups not found');
}

export const elbv2Service: SandboxService = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  apiVersion: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  actions: {
    DescribeLoadBalancers: (request, context) => {
      let list = loadBalancers(context);
      const names = request.params.list('Names');
      const arns = request.params.list('LoadBalancerArns');
      if (names.length > 0 || arns.length > 0) {
        const wanted = new Set([...names, ...arns]);
        list = list.filter(
          (lb) => wanted.has(loadBalancerName(lb)) || wanted.has(arnOfLoadBalancer(lb, context)),
        );
        if (list.length < wanted.size) throw lbNotFound();
      }
      const page = context.page(list, pageOptions(request, 'DescribeLoadBalancers'));
      return xmlResult(
        toXml({
          LoadBalancers: xmlList(
            'member',
            page.items.map((lb) => ({
              LoadBalancerArn: arnOfLoadBalancer(lb, context),
              DNSName: lb.attributes.dnsName,
              CreatedTime: lb.attributes.createdTime,
              LoadBalancerName: loadBalancerName(lb),
              Scheme: lb.attributes.scheme,
              VpcId: lb.attributes.vpcId,
              State: { Code: lb.state },
              Type: lb.attributes.kind,
              SecurityGroups: xmlList('member', lb.attributes.securityGroupIds),
              IpAddressType: 'ipv4',
            })),
          ),
          NextMarker: page.nextToken,
        }),
      );
    },
    DescribeTargetGroups: (request, context) => {
      let list = context.resources('elb:target-group');
      const names = request.params.list('Names');
      const arns = request.params.list('TargetGroupArns');
      const lbArn = request.params.get('LoadBalancerArn');
      if (names.length > 0 || arns.length > 0) {
        const wanted = new Set([...names, ...arns]);
        list = list.filter(
          (tg) => wanted.has(targetGroupName(tg)) || wanted.has(arnOfTargetGroup(tg, context)),
        );
        if (list.length < wanted.size) throw tgNotFound();
      }
      if (lbArn !== undefined) list = list.filter((tg) => tg.attributes.loadBalancerArns.includes(lbArn));
      const page = context.page(list, pageOptions(request, 'DescribeTargetGroups'));
      return xmlResult(
        toXml({
          TargetGroups: xmlList(
            'member',
            page.items.map((tg) => ({
              TargetGroupArn: arnOfTargetGroup(tg, context),
              TargetGroupName: targetGroupName(tg),
              Protocol: tg.attributes.protocol,
              Port: tg.attributes.port,
              LoadBalancerArns: xmlList('member', tg.attributes.loadBalancerArns),
              TargetType: tg.attributes.targetType,
            })),
          ),
          NextMarker: page.nextToken,
        }),
      );
    },
    DescribeTargetHealth: (request, context) => {
      const arn = request.params.get('TargetGroupArn') ?? '';
      const tg = byArn(context, arn);
      if (tg?.type !== 'elb:target-group') throw tgNotFound();
      return xmlResult(
        toXml({
          TargetHealthDescriptions: xmlList(
            'member',
            tg.attributes.targets.map((t) => ({
              Target: { Id: t.id, Port: t.port },
              HealthCheckPort: t.port === undefined ? undefined : String(t.port),
              TargetHealth: { State: t.health, Reason: t.reason },
            })),
          ),
        }),
      );
    },
    DescribeTags: (request, context) => {
      const arns = request.params.list('ResourceArns');
      if (arns.length === 0 || arns.length > MAX_TAG_ARNS) {
        throw new SandboxError(
          400,
          'ValidationError',
          `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length between 1 and ${MAX_TAG_ARNS}`,
        );
      }
      return xmlResult(
        toXml({
          TagDescriptions: xmlList(
            'member',
            arns.map((ResourceArn) => {
              const found = byArn(context, ResourceArn);
              if (!found) throw ResourceArn.includes(':targetgroup/') ? tgNotFound() : lbNotFound();
              return { ResourceArn, Tags: tags(found.tags) };
            }),
          ),
        }),
      );
    },
  },
};
