/**
 * The alert stores in memory (the CLI and tests): the same contracts as the DynamoDB ones, optimistic
 * locking included, with parsed copies so callers cannot mutate what is stored.
 */
import { type Alert, AlertSchema } from '../../domain/alerts/alert';
import type { ExpectedChange } from '../../domain/alerts/expected-change';
import { type Delivery, type DeliveryLedger, HOUR_MS, monthOf } from '../../domain/alerts/ledger';
import {
  AlertConflictError,
  type AlertQuery,
  type AlertStore,
  type DeliveryLedgerStore,
  type DigestKind,
  type DigestMarkStore,
  type ExpectedChangeStore,
} from '../../domain/alerts/ports';

export class MemoryAlertStore implements AlertStore {
  private readonly items = new Map<string, Alert>();
  /** Number of writes so far. */
  writes = 0;

  async get(id: string): Promise<Alert | undefined> {
    return this.items.get(id);
  }

  async put(alert: Alert): Promise<void> {
    const stored = this.items.get(alert.id);
    if ((stored?.version ?? 0) !== alert.version - 1) throw new AlertConflictError(alert.id);
    this.items.set(alert.id, AlertSchema.parse(alert));
    this.writes++;
  }

  async recordRepeat(id: string, seenAt: string, updatedAt: string): Promise<boolean> {
    const stored = this.items.get(id);
    if (!stored || stored.status === 'resolved') return false;
    this.items.set(id, {
      ...stored,
      occurrences: stored.occurrences + 1,
      lastSeen: seenAt > stored.lastSeen ? seenAt : stored.lastSeen,
      version: stored.version + 1,
      updatedAt,
    });
    this.writes++;
    return true;
  }

  async list(query: AlertQuery): Promise<readonly Alert[]> {
    return [...this.items.values()]
      .filter(
        (a) =>
          (query.status === undefined || a.status === query.status) &&
          (query.severity === undefined || a.severity === query.severity) &&
          (query.accountId === undefined || a.accountId === query.accountId) &&
          (query.resourceId === undefined || a.resourceId === query.resourceId) &&
          (query.changedSince === undefined || a.updatedAt >= query.changedSince),
      )
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }
}

export class MemoryDeliveryLedgerStore implements DeliveryLedgerStore {
  private readonly deliveries: Delivery[] = [];
  private readonly smsPerMonth = new Map<string, number>();

  async load(now: Date): Promise<DeliveryLedger> {
    const from = now.getTime() - HOUR_MS;
    return {
      recent: this.deliveries.filter((d) => Date.parse(d.at) >= from),
      smsThisMonth: this.smsPerMonth.get(monthOf(now)) ?? 0,
    };
  }

  async record(deliveries: readonly Delivery[]): Promise<void> {
    for (const d of deliveries) {
      this.deliveries.push(d);
      if (d.channel === 'sms')
        this.smsPerMonth.set(monthOf(d.at), (this.smsPerMonth.get(monthOf(d.at)) ?? 0) + 1);
    }
  }
}

export class MemoryExpectedChangeStore implements ExpectedChangeStore {
  private readonly changes = new Map<string, ExpectedChange>();

  async record(change: ExpectedChange): Promise<void> {
    this.changes.set(change.resourceId, change);
  }

  async find(resourceId: string): Promise<ExpectedChange | undefined> {
    return this.changes.get(resourceId);
  }
}

export class MemoryDigestMarkStore implements DigestMarkStore {
  private readonly marks = new Map<DigestKind, string>();

  async lastSent(kind: DigestKind): Promise<string | undefined> {
    return this.marks.get(kind);
  }

  async markSent(kind: DigestKind, at: string): Promise<void> {
    this.marks.set(kind, at);
  }
}
