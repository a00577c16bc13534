/** Data shaping for the overview: one row per account, alerts counted per severity. */
import type { AccountHealth, AccountSummary, ScanStatus, Severity } from '../api/types';
import { SEVERITIES, worstScanStatus } from '../components/tone';

export interface HealthRow {
  readonly accountId: string;
  readonly health?: AccountHealth['health'];
  readonly openAlerts?: Readonly<Record<Severity, number>>;
  readonly lastScanStatus?: ScanStatus;
  readonly lastScanAt?: string;
}

/**
 * Every account the health overview or the scans know, sorted by id: health from the overview, and
 * the scan status from the overview or, for an account it does not list, from the accounts' scans.
 */
export function healthRows(
  health: readonly AccountHealth[],
  accounts: readonly AccountSummary[],
): HealthRow[] {
  const rows = new Map<string, HealthRow>();
  for (const account of accounts) {
    const statuses = account.scopes.map((s) => s.lastScan.status);
    const finished = account.scopes
      .map((s) => s.lastScan.finishedAt)
      .sort()
      .at(-1);
    const worst = worstScanStatus(statuses);
    rows.set(account.accountId, {
      accountId: account.accountId,
      ...(worst ? { lastScanStatus: worst } : {}),
      ...(finished ? { lastScanAt: finished } : {}),
    });
  }
  for (const h of health) {
    const previous = rows.get(h.accountId);
    rows.set(h.accountId, {
      ...previous,
      accountId: h.accountId,
      health: h.health,
      openAlerts: h.openAlerts,
      ...(h.lastScanStatus ? { lastScanStatus: h.lastScanStatus } : {}),
      ...(h.lastScanAt ? { lastScanAt: h.lastScanAt } : {}),
    });
  }
  return [...rows.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/** Open alerts per severity over every account. */
export function openBySeverity(health: readonly AccountHealth[]): Record<Severity, number> {
  const totals = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const h of health) for (const s of SEVERITIES) totals[s] += h.openAlerts[s] ?? 0;
  return totals;
}
