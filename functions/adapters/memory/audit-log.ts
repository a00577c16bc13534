import type { AuditLog, Page } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema } from '../../domain/posture/audit-event';
import { offsetCursor } from '../../shared/cursor';

/** Anything that keeps audit events in memory, oldest first (MemoryExceptionStore does). */
export interface AuditSource {
  readonly auditLog: readonly AuditEvent[];
}

/**
 * The AuditLog in memory (the CLI and tests): the events it recorded and every source's, merged,
 * newest first.
 */
export class MemoryAuditLog implements AuditLog, AuditSource {
  /** The events `record` kept, oldest first. */
  readonly auditLog: AuditEvent[] = [];
  private readonly sources: readonly AuditSource[];

  constructor(...sources: AuditSource[]) {
    this.sources = [this, ...sources];
  }

  async record(event: AuditEvent): Promise<void> {
    this.auditLog.push(AuditEventSchema.parse(event));
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<AuditEvent>> {
    const offset = offsetCursor.decode(query.cursor);
    // Oldest first within each source, so reversing keeps same-instant events newest first too.
    const events = this.sources
      .flatMap((source) => source.auditLog)
      .map((event, index) => ({ event, index }))
      .sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : b.index - a.index))
      .map(({ event }) => event);
    const items = events.slice(offset, offset + query.limit);
    const next = offset + items.length;
    return next < events.length ? { items, nextCursor: offsetCursor.encode(next) } : { items };
  }
}
