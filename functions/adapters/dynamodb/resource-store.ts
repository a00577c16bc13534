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
 *
 * Listing indexes (TABLE.resourceIndexes), all sorted by `rsk` = lower-cased name + id:
 * | index        | partition key                        |
 * |--------------|--------------------------------------|
 * | resByScope   | `pk` (account + scope)               |
 * | resByAccount | `rAcct` = `A#<accountId>`            |
 * | resByRegion  | `rReg`  = `R#<region>#<shard>`       |
 * | resByType    | `rType` = `T#<type>#<shard>`         |
 * | resByState   | `rState` = `S#<state>#<shard>`       |
 * | resAll       | `rAll`  = `ALL#<shard>`              |
 *
 * The query takes the narrowest index its filters allow and filters the rest (tag, gone, name
 * contains) in DynamoDB; a name prefix narrows the sort key. Partitions that can hold a large share
 * of a million resources are split into {@link SHARDS} by a hash of the id, so a first scan's writes
 * spread over partitions, and a page is the merge of the shards in name order. Every index attribute
 * is derived from the resource alone, so an unchanged resource has unchanged attributes.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Resource, ResourceSchema } from '../../domain/model';
import type { Page, ResourceQuery, ResourceStore } from '../../domain/ports';
import { resourceSortKey } from '../../domain/scan/resource-query';
import { TABLE } from '../../shared/contract/table';
import { cursorKeyValue, schemaCursor } from '../../shared/cursor';
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

/** Partitions of the listing indexes that can each hold a large share of the inventory. */
export const SHARDS = 8;
const INDEX = TABLE.resourceIndexes;
const SEARCH_ATTRIBUTE = 'rName';

/** A stable shard of an id (FNV-1a), so a resource always lands in the same partition. */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SHARDS;
}

/** The listing index attributes of a resource: a function of the resource alone. */
export function indexAttributes(resource: Resource): Record<string, string> {
  const shard = shardOf(resource.id);
  return {
    [INDEX.byScope.sortKey]: resourceSortKey(resource),
    [INDEX.byAccount.partitionKey]: `A#${resource.accountId}`,
    [INDEX.byRegion.partitionKey]: `R#${resource.region}#${shard}`,
    [INDEX.byType.partitionKey]: `T#${resource.type}#${shard}`,
    [INDEX.byState.partitionKey]: `S#${resource.state}#${shard}`,
    [INDEX.all.partitionKey]: `ALL#${shard}`,
    // The same text as the sort key, outside every key: DynamoDB filters only non-key attributes.
    [SEARCH_ATTRIBUTE]: resourceSortKey(resource),
  };
}

export function toItem(resource: Resource): Record<string, unknown> {
  return {
    ...resource,
    [TABLE.partitionKey]: resourcePk(resource.accountId, resource.region),
    [TABLE.sortKey]: resourceSk(resource.type, resource.id),
    [TABLE.gsi1.partitionKey]: resourceGsi1pk(resource.id),
    [TABLE.gsi1.sortKey]: 'RES',
    ...indexAttributes(resource),
  };
}

const shards = (prefix: string) => Array.from({ length: SHARDS }, (_, shard) => `${prefix}#${shard}`);

interface QueryPlan {
  readonly index: { readonly indexName: string; readonly partitionKey: string; readonly sortKey: string };
  readonly partitions: readonly string[];
}

/** The narrowest index the filters allow; the other filters are applied to what it reads. */
export function planResourceQuery(query: ResourceQuery): QueryPlan {
  if (query.accountId !== undefined && query.region !== undefined) {
    return { index: INDEX.byScope, partitions: [resourcePk(query.accountId, query.region)] };
  }
  if (query.accountId !== undefined) return { index: INDEX.byAccount, partitions: [`A#${query.accountId}`] };
  if (query.type !== undefined) return { index: INDEX.byType, partitions: shards(`T#${query.type}`) };
  if (query.region !== undefined) return { index: INDEX.byRegion, partitions: shards(`R#${query.region}`) };
  if (query.state !== undefined) return { index: INDEX.byState, partitions: shards(`S#${query.state}`) };
  return { index: INDEX.all, partitions: shards('ALL') };
}

/** Where each partition of a listing resumes: after this item key, or exhausted. */
interface ListingCursor {
  readonly ix: string;
  readonly o: 'asc' | 'desc';
  readonly p: readonly (Record<string, string> | null | 'done')[];
}

/**
 * The cursor codec for one query plan: the index and order it was issued for, and per partition
 * either `null` (not read yet), `done`, or an exclusive start key holding exactly the table's and
 * the index's key attributes, with the index partition pinned to that partition (DynamoDB refuses a
 * start key outside the key condition).
 */
function listingCursor(plan: QueryPlan, order: 'asc' | 'desc') {
  const names = [
    ...new Set([TABLE.partitionKey, TABLE.sortKey, plan.index.partitionKey, plan.index.sortKey]),
  ];
  const startKey = (partition: string) =>
    z.strictObject(
      Object.fromEntries(
        names.map((name) => [name, name === plan.index.partitionKey ? z.literal(partition) : cursorKeyValue]),
      ),
    );
  return schemaCursor<ListingCursor>(
    z.strictObject({
      ix: z.literal(plan.index.indexName),
      o: z.literal(order),
      p: z.tuple(
        plan.partitions.map((partition) =>
          z.union([
            z.null(),
            z.literal('done'),
            startKey(partition).transform((key) => key as Record<string, string>),
          ]),
        ) as unknown as [z.ZodType<ListingCursor['p'][number]>],
      ),
    }) as unknown as z.ZodType<ListingCursor>,
  );
}

interface Candidate {
  readonly partition: number;
  readonly sortKey: string;
  readonly key: Record<string, string>;
  readonly item: Record<string, unknown>;
}

interface PartitionRead {
  readonly matched: Candidate[];
  /** The key DynamoDB stopped at and its sort key, when the partition is not exhausted. */
  readonly frontier?: { readonly key: Record<string, string>; readonly sortKey: string };
}

function fromItem(item: Record<string, unknown>): Resource {
  const parsed = ResourceSchema.safeParse(item);
  if (!parsed.success)
    throw new CorruptItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  return parsed.data;
}

export interface DynamoDbResourceStoreOptions {
  /** Largest page `query` returns, whatever limit is asked. @default 500 */
  readonly maxPageSize?: number;
  readonly batch?: BatchWriteOptions;
  /** Items one partition of a listing reads per request before the page is cut short. @default 2000 */
  readonly readBudget?: number;
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
   * One page in name order (or its reverse): Queries on the narrowest listing index, one per
   * partition (shard), merged; never a Scan. A page may hold fewer than `limit` items when the
   * filters are selective (each partition reads at most {@link DynamoDbResourceStoreOptions.readBudget}
   * items a request); the cursor then continues where the reads stopped.
   */
  async query(query: ResourceQuery): Promise<Page<Resource>> {
    const limit = Math.max(1, Math.min(query.limit, this.maxPageSize));
    const order = query.order ?? 'asc';
    const plan = planResourceQuery(query);
    const codec = listingCursor(plan, order);
    const start = query.cursor ? codec.decode(query.cursor).p : plan.partitions.map((): null => null);
    const reads: PartitionRead[] = await Promise.all(
      plan.partitions.map((partition, index) => {
        const from = start[index];
        if (from === 'done') return Promise.resolve<PartitionRead>({ matched: [] });
        return this.readPartition(plan, index, partition, from ?? undefined, query, limit, order);
      }),
    );

    const sign = order === 'desc' ? -1 : 1;
    const compare = (a: string, b: string) => sign * (a < b ? -1 : a > b ? 1 : 0);
    // Items are final only up to the nearest frontier: a partition that stopped early may still hold
    // items that sort before another partition's later ones.
    const open = reads.filter((read) => read.frontier).map((read) => read.frontier!.sortKey);
    const bound = open.length > 0 ? open.reduce((a, b) => (compare(a, b) <= 0 ? a : b)) : undefined;
    const merged = reads
      .flatMap((read) => read.matched)
      .filter((candidate) => bound === undefined || compare(candidate.sortKey, bound) <= 0)
      .sort((a, b) => compare(a.sortKey, b.sortKey))
      .slice(0, limit);
    const full = merged.length === limit;
    const last = merged.at(-1)?.sortKey;
    const effectiveBound = full ? last : bound;

    const next = reads.map((read, index): Record<string, string> | null | 'done' => {
      const previous = start[index] ?? null;
      if (previous === 'done') return 'done';
      const emitted = merged.filter((candidate) => candidate.partition === index);
      const lastEmitted = emitted.at(-1)?.key ?? previous;
      if (emitted.length < read.matched.length) return lastEmitted;
      if (!read.frontier) return 'done';
      if (effectiveBound !== undefined && compare(read.frontier.sortKey, effectiveBound) <= 0) {
        return read.frontier.key;
      }
      return lastEmitted;
    });
    const items = merged.map((candidate) => fromItem(candidate.item));
    if (next.every((part) => part === 'done')) return { items };
    const cursor: ListingCursor = { ix: plan.index.indexName, o: order, p: next };
    return { items, nextCursor: codec.encode(cursor) };
  }

  private async readPartition(
    plan: QueryPlan,
    partitionIndex: number,
    partition: string,
    from: Record<string, string> | undefined,
    query: ResourceQuery,
    limit: number,
    order: 'asc' | 'desc',
  ): Promise<PartitionRead> {
    const { index } = plan;
    const names: Record<string, string> = { '#ipk': index.partitionKey };
    const values: Record<string, unknown> = { ':ipk': partition };
    let keyCondition = '#ipk = :ipk';
    const filters: string[] = [];
    if (query.search?.mode === 'prefix' && query.search.text !== '') {
      names['#isk'] = index.sortKey;
      values[':prefix'] = query.search.text.toLowerCase();
      keyCondition += ' AND begins_with(#isk, :prefix)';
    }
    if (query.search?.mode === 'contains' && query.search.text !== '') {
      names['#search'] = SEARCH_ATTRIBUTE;
      values[':contains'] = query.search.text.toLowerCase();
      filters.push('contains(#search, :contains)');
    }
    const equal = (attribute: string, value: string | undefined, served: boolean) => {
      if (value === undefined || served) return;
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      filters.push(`#${attribute} = :${attribute}`);
    };
    equal('accountId', query.accountId, index === INDEX.byScope || index === INDEX.byAccount);
    equal('region', query.region, index === INDEX.byScope || index === INDEX.byRegion);
    equal('type', query.type, index === INDEX.byType);
    equal('state', query.state, index === INDEX.byState);
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

    // A shard holds about 1/N of a page: reading a page from each would read N pages to return one.
    // Half again as many keeps the shards' frontiers close, so a merged page is nearly full.
    const target = plan.partitions.length > 1 ? Math.ceil((limit * 1.5) / plan.partitions.length) + 4 : limit;
    const matched: Candidate[] = [];
    let startKey: Record<string, unknown> | undefined = from;
    let examined = 0;
    const budget = this.options.readBudget ?? 2_000;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
          ExclusiveStartKey: startKey,
          ScanIndexForward: order === 'asc',
          Limit: Math.min(budget, Math.max(target, 25)),
        }),
      );
      examined += output.ScannedCount ?? output.Items?.length ?? 0;
      for (const item of output.Items ?? []) {
        matched.push({
          partition: partitionIndex,
          sortKey: String(item[index.sortKey]),
          key: keyOf(item, index),
          item,
        });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey && matched.length < target && examined < budget);
    if (!startKey) return { matched };
    const frontier = startKey as Record<string, string>;
    return { matched, frontier: { key: frontier, sortKey: String(frontier[index.sortKey]) } };
  }
}

/** The exclusive start key of an index item: the table's keys and the index's. */
function keyOf(item: Record<string, unknown>, index: QueryPlan['index']): Record<string, string> {
  return {
    [TABLE.partitionKey]: String(item[TABLE.partitionKey]),
    [TABLE.sortKey]: String(item[TABLE.sortKey]),
    [index.partitionKey]: String(item[index.partitionKey]),
    [index.sortKey]: String(item[index.sortKey]),
  };
}
