/**
 * Findings in the single HostMaster table.
 *
 * Key layout:
 * | item    | pk             | sk        | gsi1pk                | gsi1sk             |
 * |---------|----------------|-----------|-----------------------|--------------------|
 * | finding | `FINDING#<id>` | `FINDING` | `FINDINGS#<category>` | `<accountId>#<id>` |
 *
 * A finding's id (`<ruleId>|<resourceId>`) is its key, so `get` is one GetItem. gsi1 groups findings
 * by category (reconciliation reads a whole category) and orders them by account inside it, so one
 * account's findings are a `begins_with` query per category. Fields are top-level attributes;
 * resolved findings get `expiresAt` (epoch seconds) so the table's TTL forgets them after the
 * retention period instead of growing forever.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type Finding, type FindingCategory, FindingCategorySchema, FindingSchema } from '../../domain/model';
import type { FindingStore } from '../../domain/ports';
import { TABLE } from '../../shared/contract/table';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const findingPk = (id: string) => `FINDING#${id}`;
export const FINDING_SK = 'FINDING';
export const findingGsi1pk = (category: FindingCategory) => `FINDINGS#${category}`;
export const findingGsi1sk = (accountId: string, id: string) => `${accountId}#${id}`;

/** A stored item that does not parse as a Finding: the table holds something this code did not write. */
export class CorruptFindingError extends Error {
  override readonly name = 'CorruptFindingError';
  constructor(pk: unknown, cause: unknown) {
    super(`Item ${String(pk)} is not a valid finding`, { cause });
  }
}

export interface DynamoDbFindingStoreOptions {
  /** Days a resolved finding is kept before TTL removes it. @default 90 */
  readonly resolvedRetentionDays?: number;
  readonly batch?: BatchWriteOptions;
}

export class DynamoDbFindingStore implements FindingStore {
  private readonly retentionSeconds: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbFindingStoreOptions = {},
  ) {
    this.retentionSeconds = (options.resolvedRetentionDays ?? 90) * 86_400;
  }

  async listByCategory(category: FindingCategory): Promise<readonly Finding[]> {
    return this.queryGsi1(findingGsi1pk(category));
  }

  async listByAccount(accountId: string): Promise<readonly Finding[]> {
    const perCategory = await Promise.all(
      FindingCategorySchema.options.map((category) =>
        this.queryGsi1(findingGsi1pk(category), `${accountId}#`),
      ),
    );
    return perCategory.flat();
  }

  async putMany(findings: readonly Finding[]): Promise<number> {
    return batchPutAll(
      this.client,
      this.tableName,
      findings.map((f) => this.toItem(f)),
      this.options.batch,
    );
  }

  async get(id: string): Promise<Finding | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: findingPk(id), [TABLE.sortKey]: FINDING_SK },
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  private toItem(finding: Finding): Record<string, unknown> {
    const expiresAt =
      finding.status === 'resolved' && finding.resolvedAt !== undefined
        ? Math.floor(Date.parse(finding.resolvedAt) / 1000) + this.retentionSeconds
        : undefined;
    return {
      ...finding,
      [TABLE.partitionKey]: findingPk(finding.id),
      [TABLE.sortKey]: FINDING_SK,
      [TABLE.gsi1.partitionKey]: findingGsi1pk(finding.category),
      [TABLE.gsi1.sortKey]: findingGsi1sk(finding.accountId, finding.id),
      ...(expiresAt === undefined ? {} : { [TABLE.ttlAttribute]: expiresAt }),
    };
  }

  private async queryGsi1(pk: string, skPrefix?: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    const pages = paginateQuery(
      { client: this.client, pageSize: 1000 },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression:
          skPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: {
          '#pk': TABLE.gsi1.partitionKey,
          ...(skPrefix === undefined ? {} : { '#sk': TABLE.gsi1.sortKey }),
        },
        ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) findings.push(fromItem(item));
    }
    return findings;
  }
}

function fromItem(item: Record<string, unknown>): Finding {
  const parsed = FindingSchema.safeParse(item);
  if (!parsed.success) throw new CorruptFindingError(item[TABLE.partitionKey], parsed.error);
  return parsed.data;
}
