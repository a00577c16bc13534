/** Every account's health at a glance: open alerts by severity and the state of its latest scans. */
import { type ScanRun, type ScanStatus, type Severity, zeroPerSeverity } from '../model';
import { type Alert, isActive } from './alert';

export interface AccountHealth {
  readonly accountId: string;
  readonly openAlerts: Readonly<Record<Severity, number>>;
  readonly totalOpen: number;
  /** Worst status of the account's latest run per region; undefined when never scanned. */
  readonly lastScanStatus?: ScanStatus;
  readonly lastScanAt?: string;
  /** `critical` when a critical alert is open, `degraded` for other open alerts or a failed scan. */
  readonly health: 'ok' | 'degraded' | 'critical';
}

const STATUS_RANK: Readonly<Record<ScanStatus, number>> = { succeeded: 0, partial: 1, failed: 2 };

export function healthOverview(alerts: readonly Alert[], latestRuns: readonly ScanRun[]): AccountHealth[] {
  const accounts = new Set([...alerts.map((a) => a.accountId), ...latestRuns.map((r) => r.accountId)]);
  return [...accounts].sort().map((accountId) => {
    const counts = zeroPerSeverity();
    for (const alert of alerts)
      if (alert.accountId === accountId && isActive(alert)) counts[alert.severity]++;
    const runs = latestRuns.filter((r) => r.accountId === accountId);
    const worst = runs.reduce<ScanRun | undefined>(
      (w, r) => (!w || STATUS_RANK[r.status] > STATUS_RANK[w.status] ? r : w),
      undefined,
    );
    const lastScanAt = runs
      .map((r) => r.finishedAt)
      .sort()
      .at(-1);
    const totalOpen = Object.values(counts).reduce((a, b) => a + b, 0);
    const health =
      counts.critical > 0 ? 'critical' : totalOpen > 0 || worst?.status === 'failed' ? 'degraded' : 'ok';
    return {
      accountId,
      openAlerts: counts,
      totalOpen,
      ...(worst ? { lastScanStatus: worst.status } : {}),
      ...(lastScanAt ? { lastScanAt } : {}),
      health,
    };
  });
}
