/**
 * Scans as a whole, and the claim that lets one run at a time, in the single HostMaster table.
 *
 * Key layout:
 * | item   | pk              | sk         | gsi1pk  | gsi1sk                    |
 * |--------|-----------------|------------|---------|---------------------------|
 * | scan   | `SCAN#<scanId>` | `SCAN`     | `SCANS` | `<plannedAt>#<scanId>`    |
 * | claim  | `SCANCLAIM`     | `SCANCLAIM`|         |                           |
 *
 * The claim is a conditional put (free, expired, or already this scan's), so two concurrent starts
 * cannot both win without a transaction. A job's report is one UpdateItem that sets
 * `reported.<account>#<region>`, idempotent under Step Functions' retries. The scan item holds the
 * plan (regions per account) and the reports: about 40 bytes a job, so a single item serves
 * organizations of several thousand (account, region) jobs within DynamoDB's 400 KB item limit.
 * Scans expire after `retentionDays` through `expiresAt`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page, ScanRecordStore } from '../../domain/ports';
import { jobKey, type ScanRecord, ScanRecordSchema } from '../../domain/scan/scan';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';
import { ScanInProgressError } from '../../shared/errors';

const CLAIM_KEY = { [TABLE.partitionKey]: 'SCANCLAIM', [TABLE.sortKey]: 'SCANCLAIM' };
const ALL_SCANS = 'SCANS';
const scanKey = (scanId: string) => ({ [TABLE.partitionKey]: `SCAN#${scanId}`, [TABLE.sortKey]: 'SCAN' });
const SCANS_CURSOR = keyCursor([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
]);

const conditionFailed = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/** A stored item that does not parse as a scan record. */
export class CorruptScanRecordError extends Error {
  override readonly name = 'CorruptScanRecordError';
  constructor(pk: unknown, cause: unknown) {
    super(`Item ${String(pk)} is not a valid scan record`, { cause });
  }
}

export interface DynamoDbScanRecordStoreOptions {
  /** Days a scan record is kept. @default 90 */
  readonly retentionDays?: number;
}

export class DynamoDbScanRecordStore implements ScanRecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbScanRecordStoreOptions = {},
  ) {}

  async claim(claim: { readonly scanId: string; readonly at: Date; readonly until: Date }): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...CLAIM_KEY, scanId: claim.scanId, until: claim.until.toISOString() },
          ConditionExpression: 'attribute_not_exists(#pk) OR #until < :now OR #scanId = :scanId',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#until': 'until', '#scanId': 'scanId' },
          ExpressionAttributeValues: { ':now': claim.at.toISOString(), ':scanId': claim.scanId },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const held = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: CLAIM_KEY, ConsistentRead: true }),
      );
      throw new ScanInProgressError(String(held.Item?.scanId ?? 'unknown'), String(held.Item?.until ?? ''));
    }
  }

  async release(scanId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: CLAIM_KEY,
          ConditionExpression: '#scanId = :scanId',
          ExpressionAttributeNames: { '#scanId': 'scanId' },
          ExpressionAttributeValues: { ':scanId': scanId },
        }),
      );
    } catch (error) {
      // Someone else's claim (or none): nothing of ours to release.
      if (!conditionFailed(error)) throw error;
    }
  }

  async plan(scan: ScanRecord): Promise<void> {
    const expiresAt =
      Math.floor(Date.parse(scan.plannedAt) / 1000) + (this.options.retentionDays ?? 90) * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...scan,
          ...scanKey(scan.scanId),
          [TABLE.gsi1.partitionKey]: ALL_SCANS,
          [TABLE.gsi1.sortKey]: `${scan.plannedAt}#${scan.scanId}`,
          [TABLE.ttlAttribute]: expiresAt,
        },
      }),
    );
  }

  async report(run: { scanId: string; accountId: string; region: string; status: string }): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: scanKey(run.scanId),
          UpdateExpression: 'SET #reported.#job = :status',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#reported': 'reported',
            '#job': jobKey(run.accountId, run.region),
          },
          ExpressionAttributeValues: { ':status': run.status },
        }),
      );
    } catch (error) {
      // A scan nobody planned (a job invoked by hand): its run is recorded, there is no scan to update.
      if (!conditionFailed(error)) throw error;
    }
  }

  async finish(scanId: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: scanKey(scanId),
          UpdateExpression: 'SET #finishedAt = :at',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#finishedAt': 'finishedAt' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    await this.release(scanId);
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<ScanRecord>> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': ALL_SCANS },
        ScanIndexForward: false,
        Limit: Math.max(1, Math.min(query.limit, 100)),
        ...(query.cursor === undefined
          ? {}
          : {
              ExclusiveStartKey: SCANS_CURSOR.decode(query.cursor, { [TABLE.gsi1.partitionKey]: ALL_SCANS }),
            }),
      }),
    );
    const items = (output.Items ?? []).map((item) => {
      const parsed = ScanRecordSchema.safeParse(item);
      if (!parsed.success) throw new CorruptScanRecordError(item[TABLE.partitionKey], parsed.error);
      return parsed.data;
    });
    return output.LastEvaluatedKey
      ? { items, nextCursor: SCANS_CURSOR.encode(output.LastEvaluatedKey) }
      : { items };
  }
}
