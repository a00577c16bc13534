import { HOURS_PER_MONTH, metricWindow, round2, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'nat-gateway-idle';
/** 100 MB over the whole window: a few health checks and package mirrors, not a workload. */
const DEFAULT_MAX_BYTES = 100_000_000;

/**
 * A NAT gateway whose BytesOutToDestination + BytesInFromSource over `minimumDays` (default 14) sum
 * to less than `maxBytes` (default 100,000,000). Saving: the hourly charge; per-GB processing on the
 * little traffic there is not counted.
 */
export const natGatewayIdle = defineRule({
  id: RULE_ID,
  title: 'NAT gateway carries no traffic',
  category: 'cost',
  severity: 'low',
  rationale: 'A NAT gateway bills every hour; one that carries no traffic is paid for nothing.',
  remediation: 'Check the route tables that point at it, then delete it and release its Elastic IP.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:nat-gateway'],
  evaluate(nat, context) {
    if (nat.state !== 'available') return notApplicable;
    const window = metricWindow(context, RULE_ID, nat.id, ['BytesOutToDestination', 'BytesInFromSource']);
    if (!window.ok) return insufficientData(window.reason);
    const bytes = window.summaries.BytesOutToDestination!.sum + window.summaries.BytesInFromSource!.sum;
    const maxBytes = threshold(context, RULE_ID, 'maxBytes', DEFAULT_MAX_BYTES);
    if (bytes >= maxBytes) return compliant;
    const hourly = context.prices.natGatewayHourly(nat.region);
    if (hourly === undefined) return insufficientData(`no NAT gateway price in ${nat.region}`);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * HOURS_PER_MONTH,
      evidence: {
        bytes,
        days: Math.floor(window.days),
        thresholdBytes: maxBytes,
        hourlyUsd: hourly,
        monthlyUsd: round2(hourly * HOURS_PER_MONTH),
        excludes: 'per-GB data processing',
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
