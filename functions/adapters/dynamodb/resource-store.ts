/**
 * Resources in the single HostMaster table.
 *
 * Key layout:
 * | item     | pk                          | sk             | gsi1pk       | gsi1sk |
 * |----------|-----------------------------|----------------|--------------|--------|
 * | resource | `RES#<accountId>#<scope>`   | `<type>#<id>`  | `RESID#<id>` | `RES`  |
 *
 * `scope` is the region of the job that collected it, or `global` for IAM and account-level items,
 * so one Query reads the whole baseline a scan job diffs against. gsi1 finds a resource by its id
 * (the ARN). The resource's own fields are stored as top-level attributes; `expiresAt` (epoch
 * seconds) is set on gone resources, so the table's TTL forgets them after the retention period.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Resource, ResourceSchema } from '../../domain/model';
import type { Page, ResourceQuery, ResourceStore } from '../../domain/ports';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const resourcePk = (accountId: string, scope: string) => `RES#${accountId}#${scope}`;
export const resourceSk = (type: string, id: string) => `${type}#${id}`;
export const resourceGsi1pk = (id: string) => `RESID#${id}`;

/** A stored item that does not parse as a Resource: the table holds something this code did not write. */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid resource`, { cause });
  }
}

type Key = { pk: string; sk: string };

function toItem(resource: Resource): Record<string, unknown> {
  return {
    ...resource,
    [TABLE.partitionKey]: resourcePk(resource.accountId, resource.region),
    [TABLE.sortKey]: resourceSk(resource.type, resource.id),
    [TABLE.gsi1.partitionKey]: resourceGsi1pk(resource.id),
    [TABLE.gsi1.sortKey]: 'RES',
  };
}

function fromItem(item: Record<string, unknown>): Resource {
  const parsed = ResourceSchema.safeParse(item);
  if (!parsed.success)
    throw new CorruptItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  return parsed.data;
}

/** Pages of `query` resume from a table key (a Query of one partition, or a Scan). */
const RESOURCE_CURSOR = keyCursor([TABLE.partitionKey, TABLE.sortKey]);

export interface DynamoDbResourceStoreOptions {
  /** Largest page `query` returns, whatever limit is asked. @default 500 */
  readonly maxPageSize?: number;
  readonly batch?: BatchWriteOptions;
}

export class DynamoDbResourceStore implements ResourceStore {
  private readonly maxPageSize: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbResourceStoreOptions = {},
  ) {
    this.maxPageSize = options.maxPageSize ?? 500;
  }

  async listScope(accountId: string, region: string): Promise<readonly Resource[]> {
    const resources: Resource[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': resourcePk(accountId, region) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of output.Items ?? []) resources.push(fromItem(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return resources;
  }

  async putMany(resources: readonly Resource[]): Promise<number> {
    if (resources.length === 0) return 0;
    return batchPutAll(this.client, this.tableName, resources.map(toItem), this.options.batch);
  }

  async get(id: string): Promise<Resource | undefined> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': resourceGsi1pk(id) },
        Limit: 1,
      }),
    );
    const hit = output.Items?.[0];
    if (!hit) return undefined;
    // The index may project keys only: read the item itself from the table.
    const item = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: hit[TABLE.partitionKey], [TABLE.sortKey]: hit[TABLE.sortKey] },
      }),
    );
    return item.Item ? fromItem(item.Item) : undefined;
  }

  /**
   * One account and region: a Query on its partition (narrowed by type through the sort key).
   * Anything wider: a Scan of resource items. Other filters are applied by DynamoDB; pages are
   * read until `limit` items match, and the cursor is the key of the last item returned.
   */
  async query(query: ResourceQuery): Promise<Page<Resource>> {
    const limit = Math.max(1, Math.min(query.limit, this.maxPageSize));
    const names: Record<string, string> = { '#pk': TABLE.partitionKey };
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    const byPartition = query.accountId !== undefined && query.region !== undefined;
    let keyCondition: string | undefined;
    if (byPartition) {
      keyCondition = '#pk = :pk';
      values[':pk'] = resourcePk(query.accountId!, query.region!);
      if (query.type !== undefined) {
        keyCondition += ' AND begins_with(#sk, :skPrefix)';
        names['#sk'] = TABLE.sortKey;
        values[':skPrefix'] = `${query.type}#`;
      }
    } else {
      filters.push('begins_with(#pk, :resPrefix)');
      values[':resPrefix'] = 'RES#';
      const equal = (attribute: string, value: string | undefined) => {
        if (value === undefined) return;
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = value;
        filters.push(`#${attribute} = :${attribute}`);
      };
      equal('accountId', query.accountId);
      equal('region', query.region);
      equal('type', query.type);
    }
    if (query.state !== undefined) {
      names['#state'] = 'state';
      values[':state'] = query.state;
      filters.push('#state = :state');
    }
    if (!query.includeGone) {
      names['#goneAt'] = 'goneAt';
      filters.push('attribute_not_exists(#goneAt)');
    }
    if (query.tag) {
      names['#tags'] = 'tags';
      names['#tagKey'] = query.tag.key;
      if (query.tag.value === undefined) filters.push('attribute_exists(#tags.#tagKey)');
      else {
        values[':tagValue'] = query.tag.value;
        filters.push('#tags.#tagKey = :tagValue');
      }
    }

    const items: Resource[] = [];
    let startKey: Record<string, unknown> | undefined = query.cursor
      ? RESOURCE_CURSOR.decode(query.cursor, byPartition ? { pk: values[':pk'] as string } : {})
      : undefined;
    let lastReturned: Key | undefined;
    do {
      const common = {
        TableName: this.tableName,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
        ExclusiveStartKey: startKey,
        Limit: Math.max(limit, 100),
      };
      const output = await this.client.send(
        byPartition
          ? new QueryCommand({ ...common, KeyConditionExpression: keyCondition })
          : new ScanCommand(common),
      );
      for (const item of output.Items ?? []) {
        items.push(fromItem(item));
        lastReturned = { pk: String(item[TABLE.partitionKey]), sk: String(item[TABLE.sortKey]) };
        if (items.length === limit) break;
      }
      if (items.length === limit) {
        // More may follow unless this was the very last item of the last page.
        const lastOfPage = output.Items?.at(-1);
        const exhausted =
          !output.LastEvaluatedKey &&
          lastOfPage !== undefined &&
          String(lastOfPage[TABLE.sortKey]) === lastReturned?.sk &&
          String(lastOfPage[TABLE.partitionKey]) === lastReturned?.pk;
        return exhausted ? { items } : { items, nextCursor: RESOURCE_CURSOR.encode(lastReturned!) };
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return { items };
  }
}
