/**
 * Utilization summaries in the single HostMaster table.
 *
 * Key layout:
 * | item        | pk                   | sk     | gsi1pk        | gsi1sk                               |
 * |-------------|----------------------|--------|---------------|--------------------------------------|
 * | utilization | `UTIL#<resourceId>`  | `UTIL` | `UTILIZATION` | `<accountId>#<region>#<resourceId>`  |
 *
 * One item per resource holds all its metric summaries of the latest refresh (the window slides
 * daily, so every refresh rewrites them). gsi1 lists them all for the analyzer. Items expire
 * (`expiresAt`) a few days after their refresh, so a resource that disappeared stops being judged
 * on old metrics; reads skip expired items because TTL deletion is lazy.
 */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AccountIdSchema, RegionSchema } from '../../domain/model';
import type { ResourceUtilization, UtilizationStore } from '../../domain/ports';
import { TABLE } from '../../shared/contract/table';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const utilizationPk = (resourceId: string) => `UTIL#${resourceId}`;
export const UTILIZATION_SK = 'UTIL';
export const UTILIZATION_GSI1PK = 'UTILIZATION';

export const MetricSummarySchema = z.object({
  resourceId: z.string(),
  metric: z.string(),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  periodSeconds: z.number().int().positive(),
  datapoints: z.number().int().nonnegative(),
  average: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  maximum: z.number(),
  sum: z.number(),
  hourOfWeekAverage: z.array(z.number()).length(168).optional(),
});

export const ResourceUtilizationSchema = z.object({
  resourceId: z.string(),
  accountId: AccountIdSchema,
  region: RegionSchema,
  collectedAt: z.iso.datetime({ offset: true }),
  summaries: z.array(MetricSummarySchema),
});

/** A stored item that does not parse as a ResourceUtilization. */
export class CorruptUtilizationItemError extends Error {
  override readonly name = 'CorruptUtilizationItemError';
  constructor(pk: unknown, cause: unknown) {
    super(`Item ${String(pk)} is not a valid utilization item`, { cause });
  }
}

export interface DynamoDbUtilizationStoreOptions {
  /** Days a resource's summaries outlive their refresh. @default 3 */
  readonly retentionDays?: number;
  readonly batch?: BatchWriteOptions;
}

export class DynamoDbUtilizationStore implements UtilizationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbUtilizationStoreOptions = {},
  ) {}

  async putMany(entries: readonly ResourceUtilization[]): Promise<number> {
    const retention = (this.options.retentionDays ?? 3) * 86_400;
    return batchPutAll(
      this.client,
      this.tableName,
      entries.map((e) => ({
        ...e,
        [TABLE.partitionKey]: utilizationPk(e.resourceId),
        [TABLE.sortKey]: UTILIZATION_SK,
        [TABLE.gsi1.partitionKey]: UTILIZATION_GSI1PK,
        [TABLE.gsi1.sortKey]: `${e.accountId}#${e.region}#${e.resourceId}`,
        [TABLE.ttlAttribute]: Math.floor(Date.parse(e.collectedAt) / 1000) + retention,
      })),
      this.options.batch,
    );
  }

  async listAll(now: Date): Promise<readonly ResourceUtilization[]> {
    const entries: ResourceUtilization[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#ttl > :now',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey, '#ttl': TABLE.ttlAttribute },
        ExpressionAttributeValues: { ':pk': UTILIZATION_GSI1PK, ':now': Math.floor(now.getTime() / 1000) },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const parsed = ResourceUtilizationSchema.safeParse(item);
        if (!parsed.success) throw new CorruptUtilizationItemError(item[TABLE.partitionKey], parsed.error);
        entries.push(parsed.data);
      }
    }
    return entries;
  }
}
