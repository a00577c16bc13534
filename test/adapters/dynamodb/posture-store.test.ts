import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import {
  CorruptPostureSnapshotError,
  DynamoDbPostureStore,
  POSTURE_PK,
} from '../../../functions/adapters/dynamodb/posture-store';
import { MemoryPostureStore } from '../../../functions/adapters/memory/posture-store';
import type { PostureStore } from '../../../functions/domain/ports';
import type { PostureSnapshot } from '../../../functions/domain/posture/snapshot';
import { TABLE } from '../../../functions/shared/contract/table';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const snapshot = (accountId: string, over: Partial<PostureSnapshot> = {}): PostureSnapshot => ({
  accountId,
  analyzedAt: '2026-11-23T12:00:00.000Z',
  verdicts: {
    'ec2-imdsv1-allowed': { compliant: 4, nonCompliant: 1, insufficientData: 0 },
    'sg-admin-port-open-ipv4': { compliant: 9, nonCompliant: 0, insufficientData: 0 },
  },
  scores: [
    { framework: 'cis-aws-foundations-3.0.0', applicable: 2, passed: 1, failed: 1, score: 0.5 },
    { framework: 'aws-fsbp', applicable: 0, passed: 0, failed: 0, score: null },
  ],
  ...over,
});

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

/**
 * The same contract, against dynalite and in memory. Snapshots all live in one partition, so the
 * DynamoDB cases run in file order on one table; the corrupt item is written last, after listing.
 */
const stores: [string, () => PostureStore][] = [
  ['DynamoDbPostureStore', () => new DynamoDbPostureStore(client, dynamo.tableName)],
  ['MemoryPostureStore', () => new MemoryPostureStore()],
];

describe.each(stores)('%s', (name, makeStore) => {
  const [a, b] = name.startsWith('Dynamo')
    ? ['111111111111', '222222222222']
    : ['333333333333', '444444444444'];

  it('gets a snapshot back exactly as written, and nothing for an account never analysed', async () => {
    // Prepare
    const store = makeStore();
    const written = snapshot(a);

    // Act
    const count = await store.putMany([written]);

    // Assess
    expect(count).toBe(1);
    expect(await store.get(a)).toEqual(written);
    expect(await store.get('999999999999')).toBeUndefined();
  });

  it("replaces an account's snapshot and lists one per account, sorted by account", async () => {
    // Prepare
    const store = makeStore();
    const newer = snapshot(a, {
      analyzedAt: '2026-11-24T12:00:00.000Z',
      verdicts: {},
      scores: [{ framework: 'cis-aws-foundations-3.0.0', applicable: 0, passed: 0, failed: 0, score: null }],
    });

    // Act
    await store.putMany([snapshot(b), snapshot(a)]);
    await store.putMany([newer]);
    const listed = await store.list();

    // Assess
    expect(listed.map((s) => s.accountId)).toEqual([a, b]);
    expect(listed[0]).toEqual(newer);
  });

  it('refuses to write a snapshot that does not parse', async () => {
    // Prepare
    const store = makeStore();
    const invalid = snapshot('12345', {});

    // Act
    const write = store.putMany([invalid]);

    // Assess
    await expect(write).rejects.toThrow();
    expect(await store.get('12345')).toBeUndefined();
  });
});

describe('DynamoDbPostureStore items', () => {
  it('keys one item per account under the POSTURE partition', async () => {
    // Prepare
    const store = new DynamoDbPostureStore(client, dynamo.tableName);

    // Act
    await store.putMany([snapshot('555555555555')]);

    // Assess
    const { Item } = await client.send(
      new GetCommand({
        TableName: dynamo.tableName,
        Key: { [TABLE.partitionKey]: POSTURE_PK, [TABLE.sortKey]: '555555555555' },
      }),
    );
    expect(Item).toMatchObject({ accountId: '555555555555', analyzedAt: '2026-11-23T12:00:00.000Z' });
    expect(Item?.[TABLE.ttlAttribute]).toBeUndefined();
  });

  it('names the item when a stored one does not parse back', async () => {
    // Prepare
    const store = new DynamoDbPostureStore(client, dynamo.tableName);
    await client.send(
      new PutCommand({
        TableName: dynamo.tableName,
        Item: { [TABLE.partitionKey]: POSTURE_PK, [TABLE.sortKey]: '666666666666', accountId: 'nope' },
      }),
    );

    // Act
    const read = store.get('666666666666');

    // Assess
    await expect(read).rejects.toBeInstanceOf(CorruptPostureSnapshotError);
    await expect(store.get('666666666666')).rejects.toThrow('POSTURE / 666666666666');
  });
});
