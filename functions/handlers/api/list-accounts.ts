import type { ScanRun } from '../../domain/model';
import { type ScanProgress, scanProgress } from '../../domain/scan/scan';
import type { AccountSummary } from '../../shared/contract/api';
import type { Operation } from './operation';

const STATUS_RANK: Record<ScanRun['status'], number> = { succeeded: 0, partial: 1, failed: 2 };

/** Groups the latest run per (account, region) into accounts, sorted by id, regions by name. */
export function summarizeAccounts(latestRuns: readonly ScanRun[]): AccountSummary[] {
  const byAccount = new Map<string, ScanRun[]>();
  for (const run of latestRuns) {
    const runs = byAccount.get(run.accountId);
    if (runs) runs.push(run);
    else byAccount.set(run.accountId, [run]);
  }
  return [...byAccount.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, runs]) => {
      const regions = [...runs].sort((a, b) => a.region.localeCompare(b.region));
      const name = [...runs]
        .filter((run) => run.accountName !== undefined)
        .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
        .at(-1)?.accountName;
      return {
        accountId,
        ...(name ? { name } : {}),
        status: regions.reduce<ScanRun['status']>(
          (worst, run) => (STATUS_RANK[run.status] > STATUS_RANK[worst] ? run.status : worst),
          'succeeded',
        ),
        lastScannedAt:
          regions
            .map((run) => run.finishedAt)
            .sort()
            .at(-1) ?? '',
        scopes: regions.map((run) => ({ region: run.region, lastScan: run })),
      };
    });
}

/** Marks each account's jobs that the latest scan planned but that never ran (or are still to run). */
export function withLatestScan(accounts: readonly AccountSummary[], latest: ScanProgress | undefined) {
  if (!latest || (latest.status !== 'incomplete' && latest.status !== 'running')) return [...accounts];
  const status = latest.status;
  const missingByAccount = new Map<string, string[]>();
  for (const job of latest.missing)
    missingByAccount.set(job.accountId, [...(missingByAccount.get(job.accountId) ?? []), job.region]);
  const known = new Set(accounts.map((a) => a.accountId));
  const neverScanned: AccountSummary[] = [...missingByAccount.keys()]
    .filter((id) => !known.has(id))
    .map((accountId): AccountSummary => ({ accountId, status, lastScannedAt: '', scopes: [] }));
  return [...accounts, ...neverScanned]
    .sort((a, b) => a.accountId.localeCompare(b.accountId))
    .map((account) => {
      const regions = missingByAccount.get(account.accountId);
      if (!regions) return account;
      return {
        ...account,
        ...(status === 'incomplete' ? { status } : {}),
        notRun: { scanId: latest.scanId, status, regions: regions.sort() },
      };
    });
}

/**
 * `GET /accounts`: every scanned account with its last run per region, and the latest scan's
 * progress: where it is `incomplete`, each account says which of its jobs never ran.
 */
export const listAccounts: Operation<'listAccounts'> = async (_request, { scanRuns, scanRecords }) => {
  const [latestRuns, scans] = await Promise.all([scanRuns.latestPerScope(), scanRecords.list({ limit: 1 })]);
  const latest = scans.items[0] ? scanProgress(scans.items[0], new Date()) : undefined;
  return {
    body: { items: withLatestScan(summarizeAccounts(latestRuns), latest), latestScan: latest ?? null },
  };
};
