import type { Page } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema } from '../../domain/posture/audit-event';
import type { RemediationStore, StoredRemediationSettings } from '../../domain/remediation/ports';
import {
  type Remediation,
  type RemediationItem,
  RemediationItemSchema,
  RemediationSchema,
} from '../../domain/remediation/remediation';
import { offsetCursor } from '../../shared/cursor';

/** The RemediationStore in memory (tests and the CLI), with the same conditional updates as DynamoDB's. */
export class MemoryRemediationStore implements RemediationStore {
  private readonly requests = new Map<string, Remediation>();
  private readonly itemsById = new Map<string, Map<string, RemediationItem>>();
  private readonly tokens = new Map<string, string>();
  private stored: StoredRemediationSettings = {};
  /** Every audit event written, oldest first. */
  readonly auditLog: AuditEvent[] = [];

  async create(remediation: Remediation, items: readonly RemediationItem[]): Promise<void> {
    if (this.requests.has(remediation.id)) throw new Error(`remediation ${remediation.id} exists`);
    this.itemsById.set(
      remediation.id,
      new Map(items.map((item) => [item.itemId, RemediationItemSchema.parse(item)])),
    );
    this.requests.set(remediation.id, RemediationSchema.parse(remediation));
  }

  async get(id: string): Promise<Remediation | undefined> {
    return this.requests.get(id);
  }

  async items(id: string): Promise<readonly RemediationItem[]> {
    return [...(this.itemsById.get(id)?.values() ?? [])].sort((a, b) => Number(a.itemId) - Number(b.itemId));
  }

  async item(id: string, itemId: string): Promise<RemediationItem | undefined> {
    return this.itemsById.get(id)?.get(itemId);
  }

  async update(remediation: Remediation, expected: readonly Remediation['status'][]): Promise<boolean> {
    const current = this.requests.get(remediation.id);
    if (!current || !expected.includes(current.status)) return false;
    this.requests.set(remediation.id, RemediationSchema.parse(remediation));
    return true;
  }

  async putItem(item: RemediationItem): Promise<void> {
    const items = this.itemsById.get(item.remediationId) ?? new Map<string, RemediationItem>();
    items.set(item.itemId, RemediationItemSchema.parse(item));
    this.itemsById.set(item.remediationId, items);
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<Remediation>> {
    const all = [...this.requests.values()].sort((a, b) =>
      a.requestedAt === b.requestedAt ? (a.id < b.id ? 1 : -1) : a.requestedAt < b.requestedAt ? 1 : -1,
    );
    const start = offsetCursor.decode(query.cursor);
    const items = all.slice(start, start + query.limit);
    const next = start + items.length;
    return next < all.length ? { items, nextCursor: offsetCursor.encode(next) } : { items };
  }

  async putApprovalToken(id: string, token: string): Promise<void> {
    this.tokens.set(id, token);
  }

  async approvalToken(id: string): Promise<string | undefined> {
    return this.tokens.get(id);
  }

  async settings(): Promise<StoredRemediationSettings> {
    return this.stored;
  }

  async putSettings(settings: StoredRemediationSettings): Promise<void> {
    this.stored = { ...settings };
  }

  async audit(event: AuditEvent): Promise<void> {
    this.auditLog.push(AuditEventSchema.parse(event));
  }
}
