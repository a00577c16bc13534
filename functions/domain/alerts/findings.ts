/**
 * Scheduled checks feed the alert lifecycle through their findings: a finding opened (or still open)
 * raises its alert, a finding resolved clears it. The dedupe key is the finding id, so an alert
 * follows its finding exactly.
 */
import type { Finding } from '../model';
import type { AlertSignal } from './alert';

export const findingDedupeKey = (finding: Pick<Finding, 'id'>) => `finding|${finding.id}`;

export function raiseForFinding(finding: Finding, at: string): AlertSignal {
  const evidence = Object.entries(finding.evidence)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return {
    kind: 'raise',
    dedupeKey: findingDedupeKey(finding),
    source: finding.category === 'security' ? 'security-finding' : 'check',
    severity: finding.severity,
    title: finding.title,
    ...(evidence ? { detail: evidence } : {}),
    resource: { id: finding.resourceId, name: finding.resourceName ?? finding.resourceId, type: finding.resourceType },
    accountId: finding.accountId,
    region: finding.region,
    at,
  };
}

export function clearForFinding(finding: Finding, at: string): AlertSignal {
  return { kind: 'clear', dedupeKey: findingDedupeKey(finding), at, reason: 'check passed' };
}
