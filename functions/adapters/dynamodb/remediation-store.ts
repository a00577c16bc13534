/**
 * Remediation requests, their items and their approval tokens in the single HostMaster table.
 *
 * Key layout:
 * | item     | pk                   | sk              | gsi1pk        | gsi1sk                 |
 * |----------|----------------------|-----------------|---------------|------------------------|
 * | request  | `REMEDIATION#<id>`   | `META`          | `REMEDIATION` | `<requestedAt>#<id>`   |
 * | item     | `REMEDIATION#<id>`   | `ITEM#<00042>`  | –             | –                      |
 * | token    | `REMEDIATION#<id>`   | `TOKEN`         | –             | –                      |
 * | settings | `REMEDIATION_SETTINGS` | `CURRENT`     | –             | –                      |
 * | audit    | `AUDIT#<target>`     | `<at>#<action>` | `AUDIT`       | `<at>#<target>`        |
 *
 * A request and its items share a partition, so a request with every item is one query. Items are
 * separate records (a 1,000-item request would not fit in one 400 KB item), each written by the one
 * step working on it. The request's `status` is a top-level attribute so that updates are
 * conditional on it (dynalite has no transactions; conditional writes are enough here). The task
 * token lives in its own record so that nothing returning a request can leak it. Audit events use
 * the audit log's keys (see exception-store.ts).
 */

import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Page } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema } from '../../domain/posture/audit-event';
import type { RemediationStore, StoredRemediationSettings } from '../../domain/remediation/ports';
import {
  type Remediation,
  type RemediationItem,
  RemediationItemSchema,
  RemediationSchema,
} from '../../domain/remediation/remediation';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';
import { batchPutAll } from './batch-write';
import { AUDIT_GSI1PK, auditPk } from './exception-store';

export const remediationPk = (id: string) => `REMEDIATION#${id}`;
export const REMEDIATION_GSI1PK = 'REMEDIATION';
const META = 'META';
const SETTINGS_KEY = { [TABLE.partitionKey]: 'REMEDIATION_SETTINGS', [TABLE.sortKey]: 'CURRENT' } as {
  pk: string;
  sk: string;
};
const SettingsSchema = z.object({
  allowedActions: z.array(z.string()).optional(),
  requireDistinctApprover: z.boolean().optional(),
});
const TOKEN = 'TOKEN';
const itemSk = (itemId: string) => `ITEM#${itemId.padStart(5, '0')}`;

/** A stored item that does not parse back: the table holds something this code did not write. */
export class CorruptRemediationItemError extends Error {
  override readonly name = 'CorruptRemediationItemError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid remediation record`, { cause });
  }
}

/** Thrown by `create` when the id is taken. */
export class RemediationExistsError extends Error {
  override readonly name = 'RemediationExistsError';
}

export class DynamoDbRemediationStore implements RemediationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(remediation: Remediation, items: readonly RemediationItem[]): Promise<void> {
    // Items first: a request is visible only once everything it names exists.
    await batchPutAll(
      this.client,
      this.tableName,
      items.map((item) => this.itemRecord(item)),
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.requestRecord(remediation),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new RemediationExistsError(`remediation ${remediation.id} exists`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<Remediation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(id, META), ConsistentRead: true }),
    );
    return Item ? parse(RemediationSchema, Item) : undefined;
  }

  async items(id: string): Promise<readonly RemediationItem[]> {
    const items: RemediationItem[] = [];
    for await (const page of paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :item)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: { ':pk': remediationPk(id), ':item': 'ITEM#' },
        ConsistentRead: true,
      },
    )) {
      for (const record of page.Items ?? []) items.push(parse(RemediationItemSchema, record));
    }
    return items;
  }

  async item(id: string, itemId: string): Promise<RemediationItem | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(id, itemSk(itemId)), ConsistentRead: true }),
    );
    return Item ? parse(RemediationItemSchema, Item) : undefined;
  }

  async update(remediation: Remediation, expected: readonly Remediation['status'][]): Promise<boolean> {
    const values = Object.fromEntries(expected.map((status, i) => [`:s${i}`, status]));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.requestRecord(remediation),
          ConditionExpression: `#status IN (${Object.keys(values).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async putItem(item: RemediationItem): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.itemRecord(item) }));
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<Remediation>> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': REMEDIATION_GSI1PK },
        ScanIndexForward: false,
        Limit: Math.max(1, Math.min(query.limit, 200)),
        ...(query.cursor === undefined
          ? {}
          : {
              ExclusiveStartKey: REMEDIATION_CURSOR.decode(query.cursor, {
                [TABLE.gsi1.partitionKey]: REMEDIATION_GSI1PK,
              }),
            }),
      }),
    );
    const items = (output.Items ?? []).map((record) => parse(RemediationSchema, record));
    return output.LastEvaluatedKey
      ? { items, nextCursor: REMEDIATION_CURSOR.encode(output.LastEvaluatedKey) }
      : { items };
  }

  async putApprovalToken(id: string, token: string): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...this.key(id, TOKEN), token } }),
    );
  }

  async approvalToken(id: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(id, TOKEN), ConsistentRead: true }),
    );
    return typeof Item?.token === 'string' ? Item.token : undefined;
  }

  async settings(): Promise<StoredRemediationSettings> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: SETTINGS_KEY, ConsistentRead: true }),
    );
    const parsed = SettingsSchema.safeParse(Item?.settings ?? {});
    if (!parsed.success)
      throw new CorruptRemediationItemError(SETTINGS_KEY.pk, SETTINGS_KEY.sk, parsed.error);
    return parsed.data;
  }

  async putSettings(settings: StoredRemediationSettings): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...SETTINGS_KEY, settings: SettingsSchema.parse(settings) },
      }),
    );
  }

  async audit(event: AuditEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...AuditEventSchema.parse(event),
          [TABLE.partitionKey]: auditPk(event.target),
          [TABLE.sortKey]: `${event.at}#${event.action}`,
          [TABLE.gsi1.partitionKey]: AUDIT_GSI1PK,
          [TABLE.gsi1.sortKey]: `${event.at}#${event.target}`,
        },
      }),
    );
  }

  private key(id: string, sk: string): Record<string, string> {
    return { [TABLE.partitionKey]: remediationPk(id), [TABLE.sortKey]: sk };
  }

  private requestRecord(remediation: Remediation): Record<string, unknown> {
    const parsed = RemediationSchema.parse(remediation);
    return {
      ...parsed,
      ...this.key(parsed.id, META),
      [TABLE.gsi1.partitionKey]: REMEDIATION_GSI1PK,
      [TABLE.gsi1.sortKey]: `${parsed.requestedAt}#${parsed.id}`,
    };
  }

  private itemRecord(item: RemediationItem): Record<string, unknown> {
    return { ...RemediationItemSchema.parse(item), ...this.key(item.remediationId, itemSk(item.itemId)) };
  }
}

/** Pages of the request list resume from a gsi1 key of the remediation partition. */
const REMEDIATION_CURSOR = keyCursor([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
]);

function parse<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } },
  record: Record<string, unknown>,
): T {
  const result = schema.safeParse(record);
  if (!result.success) {
    throw new CorruptRemediationItemError(record[TABLE.partitionKey], record[TABLE.sortKey], result.error);
  }
  return result.data;
}
