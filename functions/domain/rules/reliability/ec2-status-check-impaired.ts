import { compliant, defineRule, insufficientData, notApplicable } from '../rule';

export const ec2StatusCheckImpaired = defineRule<'ec2:instance'>({
  id: 'ec2-status-check-impaired',
  title: 'EC2 status check failing',
  category: 'reliability',
  severity: 'high',
  rationale:
    'A failed system status check means the underlying host has a problem AWS will not fix in place; a failed instance check means the operating system is not responding. Either way the instance is not serving.',
  remediation:
    'System check: stop and start the instance (it moves to healthy hardware) or enable EC2 auto-recovery. Instance check: read the system log and screenshot, then reboot or repair the OS.',
  references: [],
  appliesTo: ['ec2:instance'],
  evaluate(instance) {
    const checks = instance.attributes.statusChecks;
    if (instance.state !== 'running' || !checks) return notApplicable;
    if (checks.system === 'impaired' || checks.instance === 'impaired') {
      const system = checks.system === 'impaired';
      return {
        kind: 'non-compliant',
        title: system ? 'EC2 system status check failing' : 'EC2 instance status check failing',
        severity: system ? 'critical' : 'high',
        evidence: { systemStatus: checks.system, instanceStatus: checks.instance },
      };
    }
    if (checks.system === 'ok' && checks.instance === 'ok') return compliant;
    if (checks.system === 'initializing' || checks.instance === 'initializing') return compliant;
    return insufficientData(`status checks report ${checks.system}/${checks.instance}`);
  },
});
