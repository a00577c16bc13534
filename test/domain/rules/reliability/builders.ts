/** Builders for reliability rule tests: load balancers and target groups, on top of the shared ones. */
import type { ResourceOf } from '../../../../functions/domain/model';
import { ACCOUNT, daysAgo, NOW, REGION } from '../security/builders';

export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/0123456789abcdef`;

function meta(id: string, name: string) {
  return {
    id,
    accountId: ACCOUNT,
    region: REGION,
    name,
    tags: {},
    firstSeen: daysAgo(30),
    lastSeen: NOW.toISOString(),
    contentHash: 'hash',
  };
}

export function targetGroup(healths: readonly string[], arn = TG_ARN): ResourceOf<'elb:target-group'> {
  return {
    ...meta(arn, 'web'),
    type: 'elb:target-group',
    state: 'active',
    attributes: {
      protocol: 'HTTP',
      port: 80,
      targetType: 'instance',
      loadBalancerArns: [],
      targets: healths.map((health, i) => ({ id: `i-00${i}`, port: 80, health })),
    },
  };
}

export function applicationLb(
  targetGroupArns: readonly string[] = [TG_ARN],
): ResourceOf<'elb:load-balancer'> {
  return {
    ...meta(`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/web/0123456789abcdef`, 'web'),
    type: 'elb:load-balancer',
    state: 'active',
    attributes: {
      kind: 'application',
      scheme: 'internet-facing',
      dnsName: 'web.elb.amazonaws.com',
      createdTime: daysAgo(100),
      securityGroupIds: [],
      targetGroupArns: [...targetGroupArns],
      instances: [],
    },
  };
}

export function classicLb(states: readonly string[]): ResourceOf<'elb:load-balancer'> {
  return {
    ...meta(`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/legacy`, 'legacy'),
    type: 'elb:load-balancer',
    state: 'active',
    attributes: {
      kind: 'classic',
      scheme: 'internet-facing',
      dnsName: 'legacy.elb.amazonaws.com',
      createdTime: daysAgo(100),
      securityGroupIds: [],
      targetGroupArns: [],
      instances: states.map((state, i) => ({ instanceId: `i-10${i}`, state })),
    },
  };
}
