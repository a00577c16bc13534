import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;

export interface BatchWriteOptions {
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Rounds of `UnprocessedItems` retries before giving up. @default 12 */
  readonly maxRounds?: number;
  /** Base delay of the jittered exponential backoff between rounds, in ms. @default 50 */
  readonly baseDelayMs?: number;
  /** Longest delay between rounds, in ms. @default 3000 */
  readonly maxDelayMs?: number;
}

/** Some items were still unprocessed after every retry round: the write did not complete. */
export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  constructor(
    readonly table: string,
    readonly remaining: number,
  ) {
    super(`${remaining} item(s) were still unprocessed by ${table} after every retry`);
  }
}

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Puts every item in chunks of 25. DynamoDB may accept part of a batch and hand the rest back as
 * `UnprocessedItems` (throttling, partition limits): those are retried with full-jitter exponential
 * backoff until written; only a write that cannot complete after every round throws.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<number> {
  const chunks: PutRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    chunks.push(items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } })));
  }
  const maxRounds = options.maxRounds ?? 12;
  const base = options.baseDelayMs ?? 50;
  const cap = options.maxDelayMs ?? 3000;

  const writeChunk = async (chunk: PutRequest[]) => {
    let pending = chunk;
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) {
        if (round > maxRounds) throw new UnprocessedItemsError(table, pending.length);
        await sleep(Math.random() * Math.min(cap, base * 2 ** round));
      }
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (output.UnprocessedItems?.[table] ?? []) as PutRequest[];
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await writeChunk(chunk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return items.length;
}
