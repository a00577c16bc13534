import { HOURS_PER_MONTH, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData } from '../rule';

/** An Elastic IP associated with nothing still bills the idle public IPv4 rate ($0.005/h in 2025). */
export const ec2UnassociatedElasticIp = defineRule({
  id: 'ec2-unassociated-elastic-ip',
  title: 'Elastic IP is not associated',
  category: 'cost',
  severity: 'low',
  rationale: 'Every public IPv4 address is billed by the hour, and an unassociated one serves nothing.',
  remediation: 'Release the address, unless a DNS record or an allow list elsewhere depends on it.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:elastic-ip'],
  evaluate(address, context) {
    const a = address.attributes;
    if (a.associationId || a.instanceId || a.networkInterfaceId) return compliant;
    const hourly = context.prices.elasticIpHourly(address.region);
    if (hourly === undefined) return insufficientData(`no public IPv4 price in ${address.region}`);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: hourly * HOURS_PER_MONTH,
      evidence: {
        publicIp: a.publicIp,
        allocationId: a.allocationId,
        hourlyUsd: hourly,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
