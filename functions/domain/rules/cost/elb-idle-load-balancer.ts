import { HOURS_PER_MONTH, metricWindow, round2, WELL_ARCHITECTED } from '../../cost/savings';
import type { ResourceOf } from '../../model';
import type { RuleContext, Verdict } from '../rule';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'elb-idle-load-balancer';

type HealthyTargets =
  | { readonly known: true; readonly healthy: number }
  | { readonly known: false; readonly missing: string };

/** Healthy targets behind a load balancer, from the target groups (or Classic instances) in the inventory. */
function healthyTargets(lb: ResourceOf<'elb:load-balancer'>, context: RuleContext): HealthyTargets {
  if (lb.attributes.kind === 'classic') {
    return { known: true, healthy: lb.attributes.instances.filter((i) => i.state === 'InService').length };
  }
  let healthy = 0;
  for (const arn of lb.attributes.targetGroupArns) {
    const group = context.inventory.get(arn);
    if (group?.type !== 'elb:target-group') return { known: false, missing: arn };
    healthy += group.attributes.targets.filter((t) => t.health === 'healthy').length;
  }
  return { known: true, healthy };
}

/**
 * A load balancer with no healthy targets, or with no traffic over `minimumDays` (default 14):
 * RequestCount (ALB, Classic) or ProcessedBytes (NLB) summing to at most `maxTraffic` (default 0).
 * Saving: the hourly charge; LCU usage charges are extra and not counted.
 */
export const elbIdleLoadBalancer = defineRule({
  id: RULE_ID,
  title: 'Load balancer is idle',
  category: 'cost',
  severity: 'low',
  rationale: 'A load balancer bills every hour it exists, whether or not anything is behind it or calls it.',
  remediation: 'Confirm nothing resolves its DNS name any more, then delete it and its unused target groups.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['elb:load-balancer'],
  evaluate(lb, context): Verdict {
    const kind = lb.attributes.kind;
    if (kind === 'gateway' || (lb.state !== 'active' && lb.state !== 'active_impaired')) return notApplicable;
    const targets = healthyTargets(lb, context);
    let reason: Record<string, unknown> | undefined;
    if (targets.known && targets.healthy === 0) {
      reason = { reason: 'no healthy targets', healthyTargets: 0 };
    } else {
      const metric = kind === 'network' ? 'ProcessedBytes' : 'RequestCount';
      const window = metricWindow(context, RULE_ID, lb.id, [metric]);
      if (!window.ok) {
        return insufficientData(
          targets.known ? window.reason : `target group ${targets.missing} not in inventory`,
        );
      }
      const traffic = window.summaries[metric]!.sum;
      if (traffic > threshold(context, RULE_ID, 'maxTraffic', 0)) return compliant;
      reason = { reason: `no traffic in ${Math.floor(window.days)} days`, metric, sum: traffic };
    }
    const hourly = context.prices.loadBalancerHourly(lb.region, kind);
    if (hourly === undefined) return insufficientData(`no ${kind} load balancer price in ${lb.region}`);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * HOURS_PER_MONTH,
      evidence: {
        ...reason,
        loadBalancerKind: kind,
        hourlyUsd: hourly,
        monthlyUsd: round2(hourly * HOURS_PER_MONTH),
        excludes: 'LCU usage charges',
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
