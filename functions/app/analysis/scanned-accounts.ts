import type { ScanRunStore } from '../../domain/ports';

/** Every account a scan has covered (any region), sorted: the accounts the analysis walks. */
export async function scannedAccountIds(scanRuns: Pick<ScanRunStore, 'latestPerScope'>): Promise<string[]> {
  const runs = await scanRuns.latestPerScope();
  return [...new Set(runs.map((run) => run.accountId))].sort();
}
