import type { Page, ScanRecordStore } from '../../domain/ports';
import { jobKey, type ScanRecord, ScanRecordSchema } from '../../domain/scan/scan';
import { offsetCursor } from '../../shared/cursor';
import { ScanInProgressError } from '../../shared/errors';

/** The ScanRecordStore in memory (tests): the same claim rules as the DynamoDB one. */
export class MemoryScanRecordStore implements ScanRecordStore {
  private readonly scans = new Map<string, ScanRecord>();
  private held: { scanId: string; until: string } | undefined;

  async claim(claim: { readonly scanId: string; readonly at: Date; readonly until: Date }): Promise<void> {
    const held = this.held;
    if (held && held.scanId !== claim.scanId && Date.parse(held.until) > claim.at.getTime())
      throw new ScanInProgressError(held.scanId, held.until);
    this.held = { scanId: claim.scanId, until: claim.until.toISOString() };
  }

  async release(scanId: string): Promise<void> {
    if (this.held?.scanId === scanId) this.held = undefined;
  }

  async plan(scan: ScanRecord): Promise<void> {
    this.scans.set(scan.scanId, ScanRecordSchema.parse(scan));
  }

  async report(run: {
    scanId: string;
    accountId: string;
    region: string;
    status: ScanRecord['reported'][string];
  }) {
    const scan = this.scans.get(run.scanId);
    if (!scan) return;
    this.scans.set(run.scanId, {
      ...scan,
      reported: { ...scan.reported, [jobKey(run.accountId, run.region)]: run.status },
    });
  }

  async finish(scanId: string, at: Date): Promise<void> {
    const scan = this.scans.get(scanId);
    if (scan) this.scans.set(scanId, { ...scan, finishedAt: at.toISOString() });
    await this.release(scanId);
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<ScanRecord>> {
    const offset = offsetCursor.decode(query.cursor);
    const newestFirst = [...this.scans.values()].sort((a, b) =>
      a.plannedAt < b.plannedAt ? 1 : a.plannedAt > b.plannedAt ? -1 : 0,
    );
    const items = newestFirst.slice(offset, offset + query.limit);
    const next = offset + items.length;
    return next < newestFirst.length ? { items, nextCursor: offsetCursor.encode(next) } : { items };
  }
}
