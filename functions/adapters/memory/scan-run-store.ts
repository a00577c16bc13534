import { type ScanRun, ScanRunSchema } from '../../domain/model';
import type { Page, ScanRunStore } from '../../domain/ports';
import { type CollectedAt, mergeCollected, type ScopeCollection } from '../../domain/scan/last-collected';
import { offsetCursor } from '../../shared/cursor';

const newestFirst = (a: ScanRun, b: ScanRun) =>
  a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.region < b.region ? -1 : 1;

/** The ScanRunStore in memory (the CLI and tests): newest runs first, like the DynamoDB one. */
export class MemoryScanRunStore implements ScanRunStore {
  private readonly runs: ScanRun[] = [];

  async put(run: ScanRun): Promise<void> {
    this.runs.push(ScanRunSchema.parse(run));
  }

  async latestPerScope(): Promise<readonly ScanRun[]> {
    const latest = new Map<string, ScanRun>();
    for (const run of this.runs) {
      const key = `${run.accountId}|${run.region}`;
      const current = latest.get(key);
      if (!current || current.startedAt <= run.startedAt) latest.set(key, run);
    }
    return [...latest.values()];
  }

  async lastCollected(): Promise<readonly ScopeCollection[]> {
    const byScope = new Map<string, { accountId: string; region: string; types: CollectedAt }>();
    for (const run of this.runs) {
      const key = `${run.accountId}|${run.region}`;
      const current = byScope.get(key) ?? { accountId: run.accountId, region: run.region, types: {} };
      byScope.set(key, { ...current, types: mergeCollected(current.types, run) });
    }
    return [...byScope.values()];
  }

  async list(query: { accountId?: string; limit: number; cursor?: string }): Promise<Page<ScanRun>> {
    const offset = offsetCursor.decode(query.cursor);
    const matching = this.runs
      .filter((r) => query.accountId === undefined || r.accountId === query.accountId)
      .sort(newestFirst);
    const items = matching.slice(offset, offset + query.limit);
    const next = offset + items.length;
    return next < matching.length ? { items, nextCursor: offsetCursor.encode(next) } : { items };
  }
}
