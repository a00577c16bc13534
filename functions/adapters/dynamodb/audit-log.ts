/**
 * The whole audit log, newest first, read from gsi1 (`gsi1pk = AUDIT`, `gsi1sk = <at>#<target>`),
 * where every audited write (DynamoDbExceptionStore, and `record` for everything else) indexes
 * its event. Pages follow DynamoDB's own: the cursor is the LastEvaluatedKey, opaque to callers.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditLog, Page } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema } from '../../domain/posture/audit-event';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';
import { AUDIT_GSI1PK, auditItem, CorruptExceptionItemError } from './exception-store';

export interface DynamoDbAuditLogOptions {
  /** Largest page returned, whatever the caller asks. @default 200 */
  readonly maxPageSize?: number;
}

/** Pages resume from a gsi1 key: the index's attributes plus the table's. */
const AUDIT_CURSOR = keyCursor([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
]);

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
        ...(query.cursor === undefined
          ? {}
          : {
              ExclusiveStartKey: AUDIT_CURSOR.decode(query.cursor, {
                [TABLE.gsi1.partitionKey]: AUDIT_GSI1PK,
              }),
            }),
      }),
    );
    const items = (output.Items ?? []).map((item) => {
      const parsed = AuditEventSchema.safeParse(item);
      if (!parsed.success) {
        throw new CorruptExceptionItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
      }
      return parsed.data;
    });
    return output.LastEvaluatedKey
      ? { items, nextCursor: AUDIT_CURSOR.encode(output.LastEvaluatedKey) }
      : { items };
  }
}
