import type { Inventory } from '../../../inventory';
import type { ResourceOf } from '../../../model';

/** Health of a load balancer's registered targets, counted the same way for ALB/NLB and classic. */
export interface TargetHealth {
  readonly registered: number;
  readonly healthy: number;
  readonly unhealthy: number;
  /** Target group ARNs the inventory does not hold (not collected yet): the count is incomplete. */
  readonly missingGroups: readonly string[];
  readonly unhealthyTargets: readonly string[];
}

/** ALB/NLB target states that mean "not serving because it fails": `initial`, `draining` and `unused` do not count. */
const FAILING = new Set(['unhealthy', 'unavailable']);
/** Classic load balancer instance states (DescribeInstanceHealth). */
const CLASSIC_FAILING = new Set(['OutOfService']);

export function targetHealthOf(lb: ResourceOf<'elb:load-balancer'>, inventory: Inventory): TargetHealth {
  const a = lb.attributes;
  if (a.kind === 'classic') {
    const failing = a.instances.filter((i) => CLASSIC_FAILING.has(i.state));
    return {
      registered: a.instances.length,
      healthy: a.instances.filter((i) => i.state === 'InService').length,
      unhealthy: failing.length,
      missingGroups: [],
      unhealthyTargets: failing.map((i) => i.instanceId),
    };
  }
  let registered = 0;
  let healthy = 0;
  const unhealthyTargets: string[] = [];
  const missingGroups: string[] = [];
  for (const arn of a.targetGroupArns) {
    const group = inventory.get(arn);
    if (group?.type !== 'elb:target-group') {
      missingGroups.push(arn);
      continue;
    }
    for (const target of group.attributes.targets) {
      registered++;
      if (target.health === 'healthy') healthy++;
      else if (FAILING.has(target.health)) unhealthyTargets.push(target.id);
    }
  }
  return { registered, healthy, unhealthy: unhealthyTargets.length, missingGroups, unhealthyTargets };
}
