import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPutAll, UnprocessedItemsError } from '../../../functions/adapters/dynamodb/batch-write';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../../functions/adapters/dynamodb/resource-store';
import { DynamoDbScanRunStore } from '../../../functions/adapters/dynamodb/scan-run-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import type { Resource, ScanRun } from '../../../functions/domain/model';
import type { ResourceStore } from '../../../functions/domain/ports';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const SEEN = '2026-11-01T00:00:00.000Z';

function volume(
  n: number,
  account = '123456789012',
  region = 'eu-west-1',
  extra: Partial<Resource> = {},
): Resource {
  return {
    id: `arn:aws:ec2:${region}:${account}:volume/vol-${String(n).padStart(4, '0')}`,
    accountId: account,
    region,
    type: 'ec2:volume',
    name: `data-${n}`,
    state: n % 2 === 0 ? 'available' : 'in-use',
    tags: n % 3 === 0 ? { team: 'core' } : { team: 'web' },
    attributes: {
      volumeType: 'gp3',
      sizeGiB: 10,
      encrypted: true,
      availabilityZone: `${region}a`,
      createTime: SEEN,
      attachments: [],
    },
    firstSeen: SEEN,
    lastSeen: SEEN,
    contentHash: `h${n}`,
    ...extra,
  } as Resource;
}

async function all(store: ResourceStore, query: Parameters<ResourceStore['query']>[0]): Promise<Resource[]> {
  const items: Resource[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.query({ ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return items;
}

let dynamo: LocalDynamoDb;
let dynamoStore: DynamoDbResourceStore;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
  dynamoStore = new DynamoDbResourceStore(createDocumentClient(dynamo.clientConfig), dynamo.tableName);
  const items = [
    ...Array.from({ length: 60 }, (_, i) => volume(i)),
    volume(100, '123456789012', 'us-east-1'),
    volume(200, '210987654321', 'eu-west-1'),
    volume(300, '123456789012', 'eu-west-1', { goneAt: SEEN, expiresAt: 1_900_000_000 }),
  ];
  await dynamoStore.putMany(items);
});

afterAll(async () => {
  await dynamo?.stop();
});

describe.each([
  ['DynamoDbResourceStore', () => dynamoStore],
  [
    'MemoryResourceStore',
    () => {
      const memory = new MemoryResourceStore();
      void memory.putMany([
        ...Array.from({ length: 60 }, (_, i) => volume(i)),
        volume(100, '123456789012', 'us-east-1'),
        volume(200, '210987654321', 'eu-west-1'),
        volume(300, '123456789012', 'eu-west-1', { goneAt: SEEN, expiresAt: 1_900_000_000 }),
      ]);
      return memory;
    },
  ],
])('%s', (_name, storeOf) => {
  it('lists a whole scope, gone resources included, parsed back to domain objects', async () => {
    // Act
    const scope = await storeOf().listScope('123456789012', 'eu-west-1');

    // Assess
    expect(scope).toHaveLength(61);
    expect(scope.find((r) => r.id.endsWith('vol-0300'))?.expiresAt).toBe(1_900_000_000);
    expect(scope[0]).not.toHaveProperty('pk');
  });

  it('pages through a filtered query with cursors, without duplicates or gone items', async () => {
    // Act
    const items = await all(storeOf(), {
      accountId: '123456789012',
      region: 'eu-west-1',
      state: 'available',
      limit: 7,
    });

    // Assess
    expect(items).toHaveLength(30);
    expect(new Set(items.map((r) => r.id)).size).toBe(30);
    expect(items.every((r) => r.state === 'available' && r.goneAt === undefined)).toBe(true);
  });

  it('filters across accounts and regions by type and tag', async () => {
    // Act
    const tagged = await all(storeOf(), {
      type: 'ec2:volume',
      tag: { key: 'team', value: 'core' },
      limit: 5,
    });
    const anyRegion = await all(storeOf(), { accountId: '123456789012', includeGone: true, limit: 50 });

    // Assess
    expect(tagged.map((r) => r.tags.team)).toEqual(Array(tagged.length).fill('core'));
    expect(tagged.length).toBe(20);
    expect(anyRegion).toHaveLength(62);
  });

  it('gets a resource by its id', async () => {
    // Act
    const found = await storeOf().get('arn:aws:ec2:us-east-1:123456789012:volume/vol-0100');
    const missing = await storeOf().get('arn:aws:ec2:us-east-1:123456789012:volume/vol-9999');

    // Assess
    expect(found?.name).toBe('data-100');
    expect(missing).toBeUndefined();
  });
});

describe('DynamoDbScanRunStore', () => {
  it('keeps the newest run per scope and lists runs newest first', async () => {
    // Prepare
    const store = new DynamoDbScanRunStore(createDocumentClient(dynamo.clientConfig), dynamo.tableName);
    const run = (startedAt: string, status: ScanRun['status']): ScanRun => ({
      scanId: startedAt,
      accountId: '123456789012',
      region: 'eu-west-1',
      startedAt,
      finishedAt: startedAt,
      durationMs: 1,
      status,
      counts: { 'ec2:volume': 3 },
      changes: { added: 1, updated: 0, gone: 0, unchanged: 2 },
      apiCalls: 4,
      retries: 0,
      errors: [],
    });

    // Act
    await store.put(run('2026-11-02T00:00:00.000Z', 'succeeded'));
    await store.put(run('2026-11-01T00:00:00.000Z', 'failed'));
    const latest = await store.latestPerScope();
    const first = await store.list({ limit: 1 });
    const second = await store.list({ limit: 1, cursor: first.nextCursor });

    // Assess
    expect(latest.map((r) => r.status)).toEqual(['succeeded']);
    expect(first.items[0]?.startedAt).toBe('2026-11-02T00:00:00.000Z');
    expect(second.items[0]?.startedAt).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('batchPutAll', () => {
  it('writes in chunks of 25 and retries UnprocessedItems until every item is written', async () => {
    // Prepare
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
    const mock = mockClient(documentClient);
    const sizes: number[] = [];
    let first = true;
    mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      const requests = input.RequestItems.t!;
      sizes.push(requests.length);
      if (first) {
        first = false;
        return { UnprocessedItems: { t: requests.slice(20) } };
      }
      return { UnprocessedItems: {} };
    });

    // Act
    const written = await batchPutAll(
      documentClient,
      't',
      Array.from({ length: 30 }, (_, i) => ({ pk: `p${i}`, sk: 's' })),
      { concurrency: 1, baseDelayMs: 1 },
    );

    // Assess
    expect(written).toBe(30);
    expect(sizes).toEqual([25, 5, 5]);
  });

  it('gives up with a typed error when items stay unprocessed', async () => {
    // Prepare
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
    mockClient(documentClient)
      .on(BatchWriteCommand)
      .callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
        UnprocessedItems: input.RequestItems,
      }));

    // Act / Assess
    await expect(
      batchPutAll(documentClient, 't', [{ pk: 'p', sk: 's' }], { maxRounds: 2, baseDelayMs: 1 }),
    ).rejects.toBeInstanceOf(UnprocessedItemsError);
  });
});
