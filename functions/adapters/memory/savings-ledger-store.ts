import type { Page } from '../../domain/ports';
import type { SavingsLedgerStore } from '../../domain/remediation/ports';
import { type SavingsLedgerEntry, SavingsLedgerEntrySchema } from '../../domain/remediation/savings-ledger';
import { offsetCursor } from '../../shared/cursor';

const keyOf = (accountId: string, remediationId: string, itemId: string) =>
  `${accountId}#${remediationId}#${itemId}`;

/** The SavingsLedgerStore in memory (tests and the CLI), in the DynamoDB store's orders. */
export class MemorySavingsLedgerStore implements SavingsLedgerStore {
  private readonly entries = new Map<string, SavingsLedgerEntry>();

  async put(entry: SavingsLedgerEntry): Promise<void> {
    const parsed = SavingsLedgerEntrySchema.parse(entry);
    this.entries.set(keyOf(parsed.accountId, parsed.remediationId, parsed.itemId), parsed);
  }

  async get(
    accountId: string,
    remediationId: string,
    itemId: string,
  ): Promise<SavingsLedgerEntry | undefined> {
    return this.entries.get(keyOf(accountId, remediationId, itemId));
  }

  async byAccount(accountId: string): Promise<readonly SavingsLedgerEntry[]> {
    return [...this.entries.values()].filter((entry) => entry.accountId === accountId);
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<SavingsLedgerEntry>> {
    const all = await this.all();
    const start = offsetCursor.decode(query.cursor);
    const items = all.slice(start, start + query.limit);
    const next = start + items.length;
    return next < all.length ? { items, nextCursor: offsetCursor.encode(next) } : { items };
  }

  async all(): Promise<readonly SavingsLedgerEntry[]> {
    const order = (e: SavingsLedgerEntry) => `${e.actedAt}#${e.remediationId}#${e.itemId.padStart(5, '0')}`;
    return [...this.entries.values()].sort((a, b) =>
      order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0,
    );
  }
}
