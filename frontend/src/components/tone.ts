import type { SEVERITY_ORDER } from '../../../functions/domain/model';
import type { ScanStatus } from '../api/types';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

const GOOD = new Set(['running', 'available', 'in-use', 'active', 'ok', 'healthy', 'enabled', 'associated']);
const WARN = new Set([
  'pending',
  'stopping',
  'stopped',
  'shutting-down',
  'creating',
  'modifying',
  'backing-up',
  'rebooting',
  'starting',
  'provisioning',
  'draining',
  'initial',
  'disabled',
  'suspended',
]);
const BAD = new Set([
  'terminated',
  'deleted',
  'deleting',
  'failed',
  'error',
  'impaired',
  'unhealthy',
  'incompatible-parameters',
]);

/** The colour family of a lifecycle state as AWS reports it. */
export function stateTone(state: string): Tone {
  const s = state.toLowerCase();
  if (GOOD.has(s)) return 'good';
  if (BAD.has(s)) return 'bad';
  if (WARN.has(s)) return 'warn';
  return 'neutral';
}

export function scanTone(status: ScanStatus): Tone {
  return status === 'succeeded' ? 'good' : status === 'partial' ? 'warn' : 'bad';
}

const SCAN_RANK: Record<ScanStatus, number> = { succeeded: 0, partial: 1, failed: 2 };

/** The worst status among the scopes of an account: one failed region makes the account need attention. */
export function worstScanStatus(statuses: readonly ScanStatus[]): ScanStatus | undefined {
  let worst: ScanStatus | undefined;
  for (const status of statuses) {
    if (worst === undefined || SCAN_RANK[status] > SCAN_RANK[worst]) worst = status;
  }
  return worst;
}

/**
 * Severities from the most to the least urgent. The order is the domain's `SEVERITY_ORDER`; typed as
 * that tuple (the module itself cannot be bundled), a renamed or reordered severity fails to compile.
 */
export const SEVERITIES: typeof SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational'];
export type SeverityName = (typeof SEVERITIES)[number];

export function severityTone(severity: string): Tone {
  if (severity === 'critical' || severity === 'high') return 'bad';
  if (severity === 'medium') return 'warn';
  return 'neutral';
}

/** Sorts by severity, most urgent first; unknown severities last. */
export function severityRank(severity: string): number {
  const index = (SEVERITIES as readonly string[]).indexOf(severity);
  return index === -1 ? SEVERITIES.length : index;
}
