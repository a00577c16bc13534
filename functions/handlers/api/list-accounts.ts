import type { ScanRun } from '../../domain/model';
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

/** `GET /accounts`: every scanned account with its last run per region. */
export const listAccounts: Operation<'listAccounts'> = async (_request, { scanRuns }) => {
  const latest = await scanRuns.latestPerScope();
  return { body: { items: summarizeAccounts(latest) } };
};
