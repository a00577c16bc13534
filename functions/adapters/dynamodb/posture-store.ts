/**
 * Posture snapshots in the single HostMaster table.
 *
 * Key layout:
 * | item     | pk        | sk            |
 * |----------|-----------|---------------|
 * | snapshot | `POSTURE` | `<accountId>` |
 *
 * One small item per account (a verdict tally per posture rule and a score per framework, a few KB),
 * replaced by every analysis of the account. Accounts number in the hundreds at most, so one
 * partition lists them all in a single query, already sorted by account id.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { PostureStore } from '../../domain/ports';
import { type PostureSnapshot, PostureSnapshotSchema } from '../../domain/posture/snapshot';
import { TABLE } from '../../shared/contract/table';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const POSTURE_PK = 'POSTURE';

/** A stored item that does not parse as a snapshot: the table holds something this code did not write. */
export class CorruptPostureSnapshotError extends Error {
  override readonly name = 'CorruptPostureSnapshotError';
  constructor(sk: unknown, cause: unknown) {
    super(`Item ${POSTURE_PK} / ${String(sk)} is not a valid posture snapshot`, { cause });
  }
}

export interface DynamoDbPostureStoreOptions {
  readonly batch?: BatchWriteOptions;
}

export class DynamoDbPostureStore implements PostureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbPostureStoreOptions = {},
  ) {}

  async putMany(snapshots: readonly PostureSnapshot[]): Promise<number> {
    const items = snapshots.map((snapshot) => ({
      ...PostureSnapshotSchema.parse(snapshot),
      [TABLE.partitionKey]: POSTURE_PK,
      [TABLE.sortKey]: snapshot.accountId,
    }));
    return batchPutAll(this.client, this.tableName, items, this.options.batch);
  }

  async get(accountId: string): Promise<PostureSnapshot | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: POSTURE_PK, [TABLE.sortKey]: accountId },
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(): Promise<readonly PostureSnapshot[]> {
    const snapshots: PostureSnapshot[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':pk': POSTURE_PK },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) snapshots.push(fromItem(item));
    }
    return snapshots;
  }
}

function fromItem(item: Record<string, unknown>): PostureSnapshot {
  const parsed = PostureSnapshotSchema.safeParse(item);
  if (!parsed.success) throw new CorruptPostureSnapshotError(item[TABLE.sortKey], parsed.error);
  return parsed.data;
}
