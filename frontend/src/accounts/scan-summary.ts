import type { AccountSummary, ScanRun } from '../api/types';

/** Resources found by one run, over every collector that succeeded. */
export function resourceCount(run: ScanRun): number {
  let total = 0;
  for (const count of Object.values(run.counts)) total += count;
  return total;
}

/** `ec2:instance 12, ec2:volume 30`, the breakdown behind a count. */
export function countBreakdown(run: ScanRun): string {
  return Object.entries(run.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type}: ${count}`)
    .join('\n');
}

/**
 * True once the given scan is over: every scope of every account has a last scan from it, or the
 * API says some of its jobs never ran (the scan is incomplete).
 */
export function scanFinished(accounts: readonly AccountSummary[], scanId: string): boolean {
  if (accounts.some((a) => a.notRun?.scanId === scanId && a.notRun.status === 'incomplete')) return true;
  const scopes = accounts.flatMap((account) => account.scopes);
  return scopes.length > 0 && scopes.every((scope) => scope.lastScan.scanId === scanId);
}

/** The latest scan's jobs that never ran, over every account: `111111111111 eu-west-1`, ... */
export function jobsNotRun(
  accounts: readonly AccountSummary[],
): { scanId: string; jobs: string[] } | undefined {
  const incomplete = accounts.filter((a) => a.notRun?.status === 'incomplete');
  const scanId = incomplete[0]?.notRun?.scanId;
  if (scanId === undefined) return undefined;
  return {
    scanId,
    jobs: incomplete.flatMap((a) => (a.notRun?.regions ?? []).map((r) => `${a.name ?? a.accountId} ${r}`)),
  };
}

/** Accounts by name (or id), their regions alphabetically. */
export function sortAccounts(accounts: readonly AccountSummary[]): AccountSummary[] {
  return [...accounts]
    .sort((a, b) => (a.name ?? a.accountId).localeCompare(b.name ?? b.accountId))
    .map((account) => ({
      ...account,
      scopes: [...account.scopes].sort((a, b) => a.region.localeCompare(b.region)),
    }));
}
