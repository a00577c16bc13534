import { compliant, defineRule, insufficientData, notApplicable } from '../rule';
import { targetHealthOf } from './support/targets';

export const elbUnhealthyTargets = defineRule<'elb:load-balancer'>({
  id: 'elb-unhealthy-targets',
  title: 'Load balancer has unhealthy targets',
  category: 'reliability',
  severity: 'medium',
  rationale:
    'Some targets fail their health checks: the remaining ones carry all the traffic, and one more failure may take the service down.',
  remediation:
    'Find the failing targets (describe-target-health or describe-instance-health) and fix or replace them; check the health check settings if they fail together.',
  references: [],
  appliesTo: ['elb:load-balancer'],
  evaluate(lb, context) {
    const health = targetHealthOf(lb, context.inventory);
    if (health.missingGroups.length > 0) {
      return insufficientData(`target groups not in the inventory: ${health.missingGroups.join(', ')}`);
    }
    if (health.registered === 0) return notApplicable;
    // With no healthy target left, elb-no-healthy-targets reports the outage instead.
    if (health.unhealthy === 0 || health.healthy === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `${health.unhealthy} of ${health.registered} load balancer targets unhealthy`,
      evidence: {
        registeredTargets: health.registered,
        healthyTargets: health.healthy,
        unhealthyTargets: health.unhealthyTargets.slice(0, 10),
      },
    };
  },
});
