import { fsbp } from '../../posture/frameworks';
import { compliant, defineRule } from '../rule';
import { DATABASE_PORTS, exposedPorts, openToInternet } from './support/network';

export const sgDatabasePortOpen = defineRule<'ec2:security-group'>({
  id: 'sg-database-port-open',
  title: 'Security group exposes database ports to the internet',
  category: 'security',
  severity: 'high',
  rationale:
    'Databases and caches reachable from anywhere are found by internet-wide scans and attacked directly; many (Redis, Elasticsearch, MongoDB) have been mass-ransomed when exposed.',
  remediation:
    'Restrict the rule to the application security group or private CIDRs; databases belong in private subnets.',
  references: [fsbp('EC2.19')],
  appliesTo: ['ec2:security-group'],
  evaluate(group) {
    const exposed = exposedPorts(openToInternet(group.attributes.ingress), DATABASE_PORTS);
    if (exposed.length === 0) return compliant;
    return {
      kind: 'non-compliant',
      title: `Database ports open to the internet: ${exposed.map((p) => `${p.service} (${p.port})`).join(', ')}`,
      evidence: {
        groupId: group.attributes.groupId,
        vpcId: group.attributes.vpcId,
        ports: exposed,
      },
    };
  },
});
