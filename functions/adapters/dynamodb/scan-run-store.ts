/**
 * Scan runs in the single HostMaster table.
 *
 * Key layout:
 * | item              | pk                     | sk                                   | gsi1pk     | gsi1sk                                |
 * |-------------------|------------------------|--------------------------------------|------------|---------------------------------------|
 * | run               | `SCANRUN#<accountId>`  | `<startedAt>#<region>#<scanId>`      | `SCANRUNS` | `<startedAt>#<accountId>#<region>`    |
 * | latest per scope  | `SCANLATEST`           | `<accountId>#<region>`               |            |                                       |
 *
 * The latest item also carries `collected` (type → when its collection last succeeded in the scope),
 * merged from the previous latest item on every put, so a failed run keeps the earlier times.
 *
 * Runs of one account read newest first from its partition; runs of every account read newest
 * first from gsi1 (a few dozen items per scan, so one partition is ample). The latest item per
 * scope is overwritten only by a run that started later (a conditional put), so a late retry of an
 * older job cannot hide a newer result. Runs expire after `retentionDays` through `expiresAt`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type ScanRun, ScanRunSchema } from '../../domain/model';
import type { Page, ScanRunStore } from '../../domain/ports';
import { type CollectedAt, mergeCollected, type ScopeCollection } from '../../domain/scan/last-collected';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';

const LATEST_PK = 'SCANLATEST';
const CollectedSchema = z.record(z.string(), z.string());

/** One account's runs page by table key; every account's runs page by gsi1 key (which includes the table key). */
const ACCOUNT_RUNS_CURSOR = keyCursor([TABLE.partitionKey, TABLE.sortKey]);
const ALL_RUNS_CURSOR = keyCursor([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
]);
const ALL_RUNS = 'SCANRUNS';

/** A stored item that does not parse as a ScanRun. */
export class CorruptScanRunError extends Error {
  override readonly name = 'CorruptScanRunError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid scan run`, { cause });
  }
}

function fromItem(item: Record<string, unknown>): ScanRun {
  const parsed = ScanRunSchema.safeParse(item);
  if (!parsed.success)
    throw new CorruptScanRunError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  return parsed.data;
}

export interface DynamoDbScanRunStoreOptions {
  /** Days a run is kept before the TTL removes it. @default 90 */
  readonly retentionDays?: number;
  /** Largest page `list` returns. @default 200 */
  readonly maxPageSize?: number;
}

export class DynamoDbScanRunStore implements ScanRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbScanRunStoreOptions = {},
  ) {}

  async put(run: ScanRun): Promise<void> {
    const expiresAt =
      Math.floor(Date.parse(run.finishedAt) / 1000) + (this.options.retentionDays ?? 90) * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...run,
          [TABLE.partitionKey]: `SCANRUN#${run.accountId}`,
          [TABLE.sortKey]: `${run.startedAt}#${run.region}#${run.scanId}`,
          [TABLE.gsi1.partitionKey]: ALL_RUNS,
          [TABLE.gsi1.sortKey]: `${run.startedAt}#${run.accountId}#${run.region}`,
          [TABLE.ttlAttribute]: expiresAt,
        },
      }),
    );
    const latestKey = { [TABLE.partitionKey]: LATEST_PK, [TABLE.sortKey]: `${run.accountId}#${run.region}` };
    const previous = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: latestKey, ConsistentRead: true }),
    );
    const parsed = CollectedSchema.safeParse(previous.Item?.collected);
    const collected: CollectedAt = mergeCollected(parsed.success ? parsed.data : {}, run);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...run, ...latestKey, collected },
          ConditionExpression: 'attribute_not_exists(#pk) OR #startedAt <= :startedAt',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#startedAt': 'startedAt' },
          ExpressionAttributeValues: { ':startedAt': run.startedAt },
        }),
      );
    } catch (error) {
      // An older run arriving late: the newer latest item stays.
      if (
        !(error instanceof ConditionalCheckFailedException) &&
        (error as Error).name !== 'ConditionalCheckFailedException'
      )
        throw error;
    }
  }

  async latestPerScope(): Promise<readonly ScanRun[]> {
    const runs: ScanRun[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': LATEST_PK },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) runs.push(fromItem(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return runs;
  }

  async lastCollected(): Promise<readonly ScopeCollection[]> {
    const scopes: ScopeCollection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': LATEST_PK },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) {
        const run = fromItem(item);
        const collected = CollectedSchema.safeParse(item.collected);
        // Latest items written before `collected` existed: what their own run says.
        const types = collected.success ? collected.data : mergeCollected({}, run);
        scopes.push({ accountId: run.accountId, region: run.region, types });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return scopes;
  }

  async list(query: { accountId?: string; limit: number; cursor?: string }): Promise<Page<ScanRun>> {
    const limit = Math.max(1, Math.min(query.limit, this.options.maxPageSize ?? 200));
    const codec = query.accountId !== undefined ? ACCOUNT_RUNS_CURSOR : ALL_RUNS_CURSOR;
    const startKey =
      query.cursor === undefined
        ? undefined
        : query.accountId !== undefined
          ? codec.decode(query.cursor, { [TABLE.partitionKey]: `SCANRUN#${query.accountId}` })
          : codec.decode(query.cursor, { [TABLE.gsi1.partitionKey]: ALL_RUNS });
    const output = await this.client.send(
      query.accountId !== undefined
        ? new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
            ExpressionAttributeValues: { ':pk': `SCANRUN#${query.accountId}` },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          })
        : new QueryCommand({
            TableName: this.tableName,
            IndexName: TABLE.gsi1.indexName,
            KeyConditionExpression: '#g = :g',
            ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
            ExpressionAttributeValues: { ':g': ALL_RUNS },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
    );
    const items = (output.Items ?? []).map(fromItem);
    return output.LastEvaluatedKey ? { items, nextCursor: codec.encode(output.LastEvaluatedKey) } : { items };
  }
}
