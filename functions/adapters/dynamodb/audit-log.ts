/**
 * The whole audit log, newest first, read from gsi1 (`gsi1pk = AUDIT`, `gsi1sk = <at>#<target>`),
 * where every audited write (DynamoDbExceptionStore, and `record` for everything else) indexes
 * its event. Pages follow DynamoDB's own: the cursor is the LastEvaluatedKey, opaque to callers.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditLog, Page } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema } from '../../domain/posture/audit-event';
import { TABLE } from '../../shared/contract/table';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../shared/cursor';
import { AUDIT_GSI1PK, auditItem, CorruptExceptionItemError } from './exception-store';

export interface DynamoDbAuditLogOptions {
  /** Largest page returned, whatever the caller asks. @default 200 */
  readonly maxPageSize?: number;
}

const KEY_ATTRIBUTES = [TABLE.partitionKey, TABLE.sortKey, TABLE.gsi1.partitionKey, TABLE.gsi1.sortKey];

export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbAuditLogOptions = {},
  ) {}

  async record(event: AuditEvent): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: auditItem(event) }));
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<AuditEvent>> {
    const limit = Math.max(1, Math.min(query.limit, this.options.maxPageSize ?? 200));
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': AUDIT_GSI1PK },
        ScanIndexForward: false,
        Limit: limit,
        ...(query.cursor === undefined ? {} : { ExclusiveStartKey: startKey(query.cursor) }),
      }),
    );
    const items = (output.Items ?? []).map((item) => {
      const parsed = AuditEventSchema.safeParse(item);
      if (!parsed.success) {
        throw new CorruptExceptionItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
      }
      return parsed.data;
    });
    return output.LastEvaluatedKey ? { items, nextCursor: encodeCursor(output.LastEvaluatedKey) } : { items };
  }
}

/** A cursor must decode to an audit index key, or DynamoDB would be asked to start anywhere. */
function startKey(cursor: string): Record<string, string> {
  const decoded = decodeCursor(cursor);
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded))
    throw new InvalidCursorError();
  const key = decoded as Record<string, unknown>;
  const valid =
    Object.keys(key).length === KEY_ATTRIBUTES.length &&
    KEY_ATTRIBUTES.every((name) => typeof key[name] === 'string') &&
    key[TABLE.gsi1.partitionKey] === AUDIT_GSI1PK;
  if (!valid) throw new InvalidCursorError();
  return key as Record<string, string>;
}
