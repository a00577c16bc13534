import { compliant, defineRule, insufficientData, notApplicable } from '../rule';
import { targetHealthOf } from './support/targets';

export const elbNoHealthyTargets = defineRule<'elb:load-balancer'>({
  id: 'elb-no-healthy-targets',
  title: 'Load balancer has no healthy target',
  category: 'reliability',
  severity: 'critical',
  rationale:
    'A load balancer whose registered targets all fail their health checks answers every request with a 503: the service behind it is down for its users.',
  remediation:
    'Look at the targets’ health check reasons (describe-target-health or describe-instance-health), fix or replace the failing instances, and check that the health check path and port are right.',
  references: [],
  appliesTo: ['elb:load-balancer'],
  evaluate(lb, context) {
    const health = targetHealthOf(lb, context.inventory);
    if (health.missingGroups.length > 0 && health.registered === 0) {
      return insufficientData(`target groups not in the inventory: ${health.missingGroups.join(', ')}`);
    }
    // No target at all is an idle load balancer (a cost question), not an outage.
    if (health.registered === 0) return notApplicable;
    if (health.healthy > 0 || health.unhealthy === 0) return compliant;
    return {
      kind: 'non-compliant',
      evidence: {
        registeredTargets: health.registered,
        healthyTargets: 0,
        unhealthyTargets: health.unhealthyTargets.slice(0, 10),
      },
    };
  },
});
