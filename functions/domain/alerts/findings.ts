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
    resource: {
      id: finding.resourceId,
      name: finding.resourceName ?? finding.resourceId,
      type: finding.resourceType,
    },
    accountId: finding.accountId,
    region: finding.region,
    at,
  };
}

export function clearForFinding(finding: Finding, at: string): AlertSignal {
  return {
    kind: 'clear',
    dedupeKey: findingDedupeKey(finding),
    at,
    reason: finding.status === 'suppressed' ? 'finding suppressed' : 'check passed',
  };
}

/**
 * Signals that bring check alerts in line with the findings: raise for an open finding whose alert is
 * not active, clear an active check alert whose finding is no longer open. Steady state gives no
 * signal at all, so a scheduled check writes nothing when nothing changed, whoever opened the
 * findings (this check or the scan's analyzer).
 */
export function reconcileCheckAlerts(
  findings: readonly Finding[],
  activeAlerts: readonly { readonly dedupeKey: string; readonly source: string }[],
  at: string,
): AlertSignal[] {
  const active = new Set(activeAlerts.map((a) => a.dedupeKey));
  const open = new Map(
    findings.filter((f) => f.status === 'open').map((f) => [findingDedupeKey(f), f] as const),
  );
  const signals: AlertSignal[] = [];
  for (const [key, finding] of open) if (!active.has(key)) signals.push(raiseForFinding(finding, at));
  const byKey = new Map(findings.map((f) => [findingDedupeKey(f), f] as const));
  for (const alert of activeAlerts) {
    if (!alert.dedupeKey.startsWith('finding|') || open.has(alert.dedupeKey)) continue;
    const finding = byKey.get(alert.dedupeKey);
    // Only findings this reconciliation covers: an alert of another category's finding is left alone.
    if (finding) signals.push(clearForFinding(finding, at));
  }
  return signals;
}
