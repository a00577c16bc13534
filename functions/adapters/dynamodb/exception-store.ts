/**
 * Exceptions (suppressions) and their audit trail in the single HostMaster table.
 *
 * Key layout:
 * | item      | pk                | sk                 | gsi1pk  | gsi1sk            |
 * |-----------|-------------------|--------------------|---------|-------------------|
 * | exception | `EXCEPTION`       | `<id>`             | –       | –                 |
 * | audit     | `AUDIT#<target>`  | `<at>#<action>`    | `AUDIT` | `<at>#<target>`   |
 *
 * Exceptions are few (an admin writes each by hand), so one partition lists them all in a single
 * query. The exception lives in an `exception` map attribute because its own `expiresAt` (an ISO
 * date) would collide with the table's TTL attribute; the item's `expiresAt` is the TTL, set a
 * retention period after the exception expires so expired ones stay visible for a while.
 * Audit events are keyed by target (an exception's history is one query) and indexed by time
 * (gsi1 `AUDIT`: the whole audit log, newest last). With no transactions available (dynalite has
 * none), the audit event is written before the change: an audit record may describe a write that
 * then failed, but a change is never left without its record.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { AuditContext, ExceptionStore } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema, auditActor } from '../../domain/posture/audit-event';
import { type Exception, ExceptionSchema } from '../../domain/posture/exceptions';
import { TABLE } from '../../shared/contract/table';

export const EXCEPTION_PK = 'EXCEPTION';
export const auditPk = (target: string) => `AUDIT#${target}`;
export const AUDIT_GSI1PK = 'AUDIT';
export const exceptionTarget = (id: string) => `exception/${id}`;

/** A stored item that does not parse back: the table holds something this code did not write. */
export class CorruptExceptionItemError extends Error {
  override readonly name = 'CorruptExceptionItemError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid exception or audit event`, { cause });
  }
}

export interface DynamoDbExceptionStoreOptions {
  /** Days an expired exception is kept before TTL removes it. @default 90 */
  readonly expiredRetentionDays?: number;
}

export class DynamoDbExceptionStore implements ExceptionStore {
  private readonly retentionSeconds: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbExceptionStoreOptions = {},
  ) {
    this.retentionSeconds = (options.expiredRetentionDays ?? 90) * 86_400;
  }

  async put(exception: Exception, audit: AuditContext): Promise<void> {
    const parsed = ExceptionSchema.parse(exception);
    const existing = await this.get(parsed.id);
    await this.writeAudit({
      at: audit.at,
      ...auditActor(audit.actor),
      action: existing ? 'exception.updated' : 'exception.created',
      target: exceptionTarget(parsed.id),
      reason: audit.reason ?? parsed.reason,
      detail: { exception: parsed, ...(existing ? { previous: existing } : {}) },
    });
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [TABLE.partitionKey]: EXCEPTION_PK,
          [TABLE.sortKey]: parsed.id,
          exception: parsed,
          [TABLE.ttlAttribute]: Math.floor(Date.parse(parsed.expiresAt) / 1000) + this.retentionSeconds,
        },
      }),
    );
  }

  async get(id: string): Promise<Exception | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: EXCEPTION_PK, [TABLE.sortKey]: id },
      }),
    );
    return Item ? exceptionFromItem(Item) : undefined;
  }

  async list(): Promise<readonly Exception[]> {
    const items = await this.query({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': EXCEPTION_PK },
    });
    return items.map(exceptionFromItem);
  }

  async revoke(id: string, audit: AuditContext): Promise<boolean> {
    const existing = await this.get(id);
    if (!existing) return false;
    await this.writeAudit({
      at: audit.at,
      ...auditActor(audit.actor),
      action: 'exception.revoked',
      target: exceptionTarget(id),
      ...(audit.reason === undefined ? {} : { reason: audit.reason }),
      detail: { previous: existing },
    });
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: EXCEPTION_PK, [TABLE.sortKey]: id },
      }),
    );
    return true;
  }

  async history(id: string): Promise<readonly AuditEvent[]> {
    const items = await this.query({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': auditPk(exceptionTarget(id)) },
    });
    return items.map((item) => {
      const parsed = AuditEventSchema.safeParse(item);
      if (!parsed.success) {
        throw new CorruptExceptionItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
      }
      return parsed.data;
    });
  }

  private async writeAudit(event: AuditEvent): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: auditItem(event) }));
  }

  private async query(
    input: Pick<
      Parameters<typeof paginateQuery>[1],
      'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery(
      { client: this.client },
      { TableName: this.tableName, ...input },
    )) {
      items.push(...(page.Items ?? []));
    }
    return items;
  }
}

/** The table item of an audit event: keyed by target, indexed by time in gsi1 (see the layout above). */
export function auditItem(event: AuditEvent): Record<string, unknown> {
  return {
    ...AuditEventSchema.parse(event),
    [TABLE.partitionKey]: auditPk(event.target),
    [TABLE.sortKey]: `${event.at}#${event.action}`,
    [TABLE.gsi1.partitionKey]: AUDIT_GSI1PK,
    [TABLE.gsi1.sortKey]: `${event.at}#${event.target}`,
  };
}

function exceptionFromItem(item: Record<string, unknown>): Exception {
  const parsed = ExceptionSchema.safeParse(item.exception);
  if (!parsed.success) {
    throw new CorruptExceptionItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  }
  return parsed.data;
}
