import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import {
  CorruptLedgerEntryError,
  DynamoDbSavingsLedgerStore,
  ledgerPk,
} from '../../../functions/adapters/dynamodb/savings-ledger-store';
import { MemorySavingsLedgerStore } from '../../../functions/adapters/memory/savings-ledger-store';
import type { SavingsLedgerStore } from '../../../functions/domain/remediation/ports';
import { TABLE } from '../../../functions/shared/contract/table';
import { InvalidCursorError } from '../../../functions/shared/cursor';
import { ledgerEntry } from '../../domain/remediation/savings-ledger.fixtures';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

let dynamo: LocalDynamoDb;
let client: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
  client = createDocumentClient(dynamo.clientConfig);
});
afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

const A = '111111111111';
const B = '222222222222';
/** Five entries in two accounts, acted on days 1..5 of November (item ids up to 12 test the padding). */
const ENTRIES = [1, 2, 3, 4, 5].map((n) =>
  ledgerEntry({
    accountId: n % 2 === 0 ? B : A,
    remediationId: `rem-2026110${n}-aaaa000${n}`,
    itemId: String(n * 3),
    actedAt: `2026-11-0${n}T12:00:00.000Z`,
    lastConfirmedAt: `2026-11-0${n}T12:00:05.000Z`,
  }),
);

describe.each<[string, () => SavingsLedgerStore]>([
  ['DynamoDbSavingsLedgerStore', () => new DynamoDbSavingsLedgerStore(client, dynamo.tableName)],
  ['MemorySavingsLedgerStore', () => new MemorySavingsLedgerStore()],
])('%s', (_name, storeOf) => {
  it('keeps entries per account, replaces one by its item, and lists every entry newest act first in pages', async () => {
    // Prepare
    const store = storeOf();
    for (const entry of ENTRIES) await store.put(entry);
    const [first] = ENTRIES;
    if (!first) throw new Error('no entry');
    const confirmed = { ...first, lastConfirmedAt: '2026-11-09T00:00:00.000Z' };
    // Act
    await store.put(confirmed);
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 2, cursor });
      pages.push(page.items.map((e) => e.actedAt.slice(0, 10)));
      cursor = page.nextCursor;
    } while (cursor);
    // Assess
    expect((await store.byAccount(A)).map((e) => e.itemId).sort()).toEqual(['15', '3', '9']);
    expect((await store.byAccount(B)).map((e) => e.itemId).sort()).toEqual(['12', '6']);
    expect(await store.byAccount('333333333333')).toEqual([]);
    expect(await store.get(A, first.remediationId, first.itemId)).toEqual(confirmed);
    expect(await store.get(B, first.remediationId, first.itemId)).toBeUndefined();
    expect(pages.flat()).toEqual(['2026-11-05', '2026-11-04', '2026-11-03', '2026-11-02', '2026-11-01']);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect((await store.all()).map((e) => e.actedAt.slice(0, 10))).toEqual(pages.flat());
    expect((await store.all())[0]).not.toHaveProperty(TABLE.partitionKey);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(storeOf().list({ limit: 2, cursor: 'not-a-cursor!' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe('DynamoDbSavingsLedgerStore', () => {
  it('refuses to return a stored entry that does not parse', async () => {
    // Prepare
    await client.send(
      new PutCommand({
        TableName: dynamo.tableName,
        Item: {
          [TABLE.partitionKey]: ledgerPk('444444444444'),
          [TABLE.sortKey]: 'ENTRY#rem-x#00000',
          status: 'kept',
        },
      }),
    );
    // Act + Assess
    await expect(
      new DynamoDbSavingsLedgerStore(client, dynamo.tableName).byAccount('444444444444'),
    ).rejects.toBeInstanceOf(CorruptLedgerEntryError);
  });
});
