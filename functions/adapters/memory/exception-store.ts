import type { AuditContext, ExceptionStore } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema, auditActor } from '../../domain/posture/audit-event';
import { type Exception, ExceptionSchema } from '../../domain/posture/exceptions';

const target = (id: string) => `exception/${id}`;

/** The ExceptionStore in memory (the CLI and tests), auditing every write like the DynamoDB one. */
export class MemoryExceptionStore implements ExceptionStore {
  private readonly exceptions = new Map<string, Exception>();
  /** Every audit event written, oldest first. */
  readonly auditLog: AuditEvent[] = [];

  async put(exception: Exception, audit: AuditContext): Promise<void> {
    const parsed = ExceptionSchema.parse(exception);
    const existing = this.exceptions.get(parsed.id);
    this.auditLog.push(
      AuditEventSchema.parse({
        at: audit.at,
        ...auditActor(audit.actor),
        action: existing ? 'exception.updated' : 'exception.created',
        target: target(parsed.id),
        reason: audit.reason ?? parsed.reason,
        detail: { exception: parsed, ...(existing ? { previous: existing } : {}) },
      }),
    );
    this.exceptions.set(parsed.id, parsed);
  }

  async get(id: string): Promise<Exception | undefined> {
    return this.exceptions.get(id);
  }

  async list(): Promise<readonly Exception[]> {
    return [...this.exceptions.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async revoke(id: string, audit: AuditContext): Promise<boolean> {
    const existing = this.exceptions.get(id);
    if (!existing) return false;
    this.auditLog.push(
      AuditEventSchema.parse({
        at: audit.at,
        ...auditActor(audit.actor),
        action: 'exception.revoked',
        target: target(id),
        ...(audit.reason === undefined ? {} : { reason: audit.reason }),
        detail: { previous: existing },
      }),
    );
    this.exceptions.delete(id);
    return true;
  }

  async history(id: string): Promise<readonly AuditEvent[]> {
    return this.auditLog
      .filter((e) => e.target === target(id))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}
