/**
 * Cost Explorer data in the single HostMaster table.
 *
 * Key layout:
 * | item           | pk                  | sk                      | attributes                          |
 * |----------------|---------------------|-------------------------|-------------------------------------|
 * | day (chunk n)  | `COST#<seriesId>`   | `DAY#<date>#<nn>`       | `date`, `closed`, `records` (≤ 1000) |
 * | forecast       | `COSTFORECAST`      | `<YYYY-MM>`             | the StoredForecast                  |
 * | refresh log    | `COSTREFRESH`       | `<at>`                  | the CostRefreshLog, `expiresAt`     |
 *
 * A day's records are kept together (one item, or a few for organizations with thousands of
 * groups a day), so "which closed days are held" and "records between two days" are one range Query
 * on the series partition. Rewriting a day (an open day fetched again) replaces its chunks and
 * deletes chunks it no longer needs.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type CostRecord, CostRecordSchema } from '../../domain/cost/cost-record';
import type { CostDay, CostRefreshLog, CostStore, StoredForecast } from '../../domain/ports';
import { TABLE } from '../../shared/contract/table';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const costDayPk = (seriesId: string) => `COST#${seriesId}`;
export const costDaySk = (date: string, chunk: number) => `DAY#${date}#${String(chunk).padStart(2, '0')}`;
export const FORECAST_PK = 'COSTFORECAST';
export const REFRESH_PK = 'COSTREFRESH';
/** Records per day item: 1,000 records of ~150 bytes stay well under DynamoDB's 400 KB item limit. */
export const RECORDS_PER_ITEM = 1000;

const day = z.iso.date();
const DayItemSchema = z.object({ date: day, closed: z.boolean(), records: z.array(CostRecordSchema) });

export const StoredForecastSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  fetchedAt: z.iso.datetime({ offset: true }),
  totalUsd: z.number(),
  periods: z.array(
    z.object({
      start: day,
      end: day,
      meanUsd: z.number(),
      lowerUsd: z.number().optional(),
      upperUsd: z.number().optional(),
    }),
  ),
});

export const CostRefreshLogSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  today: day,
  costAndUsageRequests: z.number().int().nonnegative(),
  forecastRequests: z.number().int().nonnegative(),
  usd: z.number().nonnegative(),
  openDays: z.object({ from: day, to: day }),
  closedDaysFetched: z.number().int().nonnegative(),
  recordsWritten: z.number().int().nonnegative(),
  seriesIds: z.array(z.string()),
  error: z.string().optional(),
});

/** A stored item that does not parse: the table holds something this code did not write. */
export class CorruptCostItemError extends Error {
  override readonly name = 'CorruptCostItemError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid cost item`, { cause });
  }
}

function parse<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(item);
  if (!parsed.success)
    throw new CorruptCostItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  return parsed.data;
}

export interface DynamoDbCostStoreOptions {
  /** Days a refresh log entry is kept. @default 90 */
  readonly refreshRetentionDays?: number;
  readonly batch?: BatchWriteOptions;
}

export class DynamoDbCostStore implements CostStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbCostStoreOptions = {},
  ) {}

  async heldClosedDays(seriesId: string, from: string, to: string): Promise<ReadonlySet<string>> {
    const held = new Set<string>();
    for await (const item of this.dayItems(seriesId, from, to, true)) {
      if (item.closed === true && typeof item.date === 'string') held.add(item.date);
    }
    return held;
  }

  async putDays(seriesId: string, days: readonly CostDay[]): Promise<number> {
    if (days.length === 0) return 0;
    const items: Record<string, unknown>[] = [];
    const wanted = new Set<string>();
    for (const d of days) {
      const chunks = Math.max(1, Math.ceil(d.records.length / RECORDS_PER_ITEM));
      for (let n = 0; n < chunks; n++) {
        const sk = costDaySk(d.date, n);
        wanted.add(sk);
        items.push({
          [TABLE.partitionKey]: costDayPk(seriesId),
          [TABLE.sortKey]: sk,
          date: d.date,
          closed: d.closed,
          records: d.records.slice(n * RECORDS_PER_ITEM, (n + 1) * RECORDS_PER_ITEM),
        });
      }
    }
    const dates = days.map((d) => d.date).sort();
    const stale: string[] = [];
    for await (const item of this.dayItems(seriesId, dates[0]!, dates[dates.length - 1]!, true)) {
      const sk = String(item[TABLE.sortKey]);
      if (!wanted.has(sk) && dates.includes(String(item.date))) stale.push(sk);
    }
    await batchPutAll(this.client, this.tableName, items, this.options.batch);
    for (const sk of stale) {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: costDayPk(seriesId), [TABLE.sortKey]: sk },
        }),
      );
    }
    return items.length;
  }

  async records(seriesId: string, from: string, to: string): Promise<readonly CostRecord[]> {
    const records: CostRecord[] = [];
    for await (const item of this.dayItems(seriesId, from, to, false)) {
      records.push(...parse(DayItemSchema, item).records);
    }
    return records;
  }

  async putForecast(forecast: StoredForecast): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...forecast, [TABLE.partitionKey]: FORECAST_PK, [TABLE.sortKey]: forecast.month },
      }),
    );
  }

  async forecast(month: string): Promise<StoredForecast | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: FORECAST_PK, [TABLE.sortKey]: month },
      }),
    );
    return Item ? parse(StoredForecastSchema, Item) : undefined;
  }

  async putRefresh(log: CostRefreshLog): Promise<void> {
    const retention = (this.options.refreshRetentionDays ?? 90) * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...log,
          [TABLE.partitionKey]: REFRESH_PK,
          [TABLE.sortKey]: log.at,
          [TABLE.ttlAttribute]: Math.floor(Date.parse(log.at) / 1000) + retention,
        },
      }),
    );
  }

  async refreshes(limit: number): Promise<readonly CostRefreshLog[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':pk': REFRESH_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => parse(CostRefreshLogSchema, item));
  }

  private async *dayItems(
    seriesId: string,
    from: string,
    to: string,
    keysOnly: boolean,
  ): AsyncGenerator<Record<string, unknown>> {
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: {
          '#pk': TABLE.partitionKey,
          '#sk': TABLE.sortKey,
          ...(keysOnly ? { '#date': 'date', '#closed': 'closed' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': costDayPk(seriesId),
          ':from': `DAY#${from}#`,
          ':to': `DAY#${to}#~`,
        },
        ...(keysOnly ? { ProjectionExpression: '#pk, #sk, #date, #closed' } : {}),
        ConsistentRead: true,
      },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }
}
