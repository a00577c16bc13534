/**
 * The inventory listing: every filter the API offers is a Query on a listing index (never a Scan),
 * pages come back in name order through cursors without gaps or duplicates even when a page is cut
 * short by the read budget, and the index attributes change only when the resource does.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import {
  DynamoDbResourceStore,
  indexAttributes,
  planResourceQuery,
  toItem,
} from '../../../functions/adapters/dynamodb/resource-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import type { Resource } from '../../../functions/domain/model';
import type { ResourceQuery, ResourceStore } from '../../../functions/domain/ports';
import { matchesQuery, resourceSortKey } from '../../../functions/domain/scan/resource-query';
import { TABLE } from '../../../functions/shared/contract/table';
import { InvalidCursorError } from '../../../functions/shared/cursor';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const SEEN = '2026-11-01T00:00:00.000Z';
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['eu-west-1', 'us-east-1', 'global'];
const NAMES = ['web', 'Web-api', 'db', 'cache', 'batch', 'api-gateway', 'zeta', 'alpha'];

function resource(n: number): Resource {
  const accountId = ACCOUNTS[n % 3]!;
  const region = REGIONS[Math.floor(n / 3) % 3]!;
  const volume = n % 2 === 0;
  return {
    id: volume
      ? `arn:aws:ec2:${region}:${accountId}:volume/vol-${String(n).padStart(4, '0')}`
      : `arn:aws:ec2:${region}:${accountId}:security-group/sg-${String(n).padStart(4, '0')}`,
    accountId,
    region,
    type: volume ? 'ec2:volume' : 'ec2:security-group',
    name: `${NAMES[n % NAMES.length]}-${n % 7}`,
    state: n % 5 === 0 ? 'available' : 'in-use',
    tags: n % 4 === 0 ? { team: 'core' } : { team: 'web', env: n % 3 === 0 ? 'prod' : 'dev' },
    attributes: volume
      ? {
          volumeType: 'gp3',
          sizeGiB: 10,
          encrypted: true,
          availabilityZone: `${region}a`,
          createTime: SEEN,
          attachments: [],
        }
      : { groupId: `sg-${n}`, vpcId: 'vpc-1', description: 'x', isDefault: false, ingress: [], egress: [] },
    firstSeen: SEEN,
    lastSeen: SEEN,
    contentHash: `h${n}`,
    ...(n % 11 === 0 ? { goneAt: SEEN } : {}),
  } as Resource;
}

const RESOURCES = Array.from({ length: 240 }, (_, n) => resource(n));

/** Every access pattern of `GET /resources` and `GET /cost/top-resources`. */
const PATTERNS: readonly (Omit<ResourceQuery, 'limit' | 'cursor'> & { readonly name: string })[] = [
  { name: 'everything' },
  { name: 'everything, newest name last', order: 'desc' },
  { name: 'gone included', includeGone: true },
  { name: 'one account', accountId: ACCOUNTS[1] },
  { name: 'one account and region', accountId: ACCOUNTS[0], region: 'eu-west-1' },
  { name: 'one region', region: 'us-east-1' },
  { name: 'one type', type: 'ec2:volume' },
  { name: 'one state', state: 'available' },
  { name: 'type and state', type: 'ec2:security-group', state: 'in-use' },
  { name: 'a tag key', tag: { key: 'env' } },
  { name: 'a tag value', tag: { key: 'team', value: 'core' } },
  { name: 'name prefix', search: { text: 'WEB', mode: 'prefix' } },
  { name: 'name contains', search: { text: 'api', mode: 'contains' } },
  {
    name: 'region, type, prefix, descending',
    region: 'eu-west-1',
    type: 'ec2:volume',
    search: { text: 'a', mode: 'prefix' },
    order: 'desc',
  },
  {
    name: 'account, state and tag',
    accountId: ACCOUNTS[2],
    state: 'in-use',
    tag: { key: 'team', value: 'web' },
  },
];

function expected(pattern: Omit<ResourceQuery, 'limit' | 'cursor'>): string[] {
  const sign = pattern.order === 'desc' ? -1 : 1;
  return RESOURCES.filter((r) => matchesQuery(r, pattern))
    .map(resourceSortKey)
    .sort((a, b) => sign * (a < b ? -1 : a > b ? 1 : 0));
}

async function everyPage(store: ResourceStore, query: Omit<ResourceQuery, 'cursor'>) {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.query({ ...query, ...(cursor ? { cursor } : {}) });
    keys.push(...page.items.map(resourceSortKey));
    cursor = page.nextCursor;
    pages++;
    if (pages > 500) throw new Error('the cursor does not advance');
  } while (cursor);
  return keys;
}

describe('inventory listing on dynalite', () => {
  let dynamo: LocalDynamoDb;
  let store: DynamoDbResourceStore;
  let tight: DynamoDbResourceStore;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    const client = createDocumentClient(dynamo.clientConfig);
    store = new DynamoDbResourceStore(client, dynamo.tableName);
    // A read budget smaller than the page, so pages are cut short and shards stop at different places.
    tight = new DynamoDbResourceStore(client, dynamo.tableName, { readBudget: 5 });
    await store.putMany(RESOURCES);
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it.each(PATTERNS)('lists $name in name order, every match once, through cursors', async (pattern) => {
    // Act
    const keys = await everyPage(store, { ...pattern, limit: 7 });
    const cutShort = await everyPage(tight, { ...pattern, limit: 7 });

    // Assess
    expect(keys).toEqual(expected(pattern));
    expect(cutShort).toEqual(expected(pattern));
  });

  it('refuses a cursor issued for other filters', async () => {
    // Prepare
    const page = await store.query({ type: 'ec2:volume', limit: 3 });

    // Act
    const attempt = store.query({ accountId: ACCOUNTS[0], limit: 3, cursor: page.nextCursor });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('inventory listing in memory', () => {
  it.each(PATTERNS)('lists $name in the same order as DynamoDB', async (pattern) => {
    // Prepare
    const store = new MemoryResourceStore();
    await store.putMany(RESOURCES);

    // Act
    const keys = await everyPage(store, { ...pattern, limit: 7 });

    // Assess
    expect(keys).toEqual(expected(pattern));
  });
});

describe('inventory access patterns', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const mock = mockClient(documentClient);

  it.each(PATTERNS)('serve $name with Query only, never Scan', async (pattern) => {
    // Prepare
    mock.reset();
    mock.on(QueryCommand).resolves({ Items: [], ScannedCount: 0 });
    mock.on(GetCommand).resolves({});
    const store = new DynamoDbResourceStore(documentClient, 'hostmaster');

    // Act
    await store.query({ ...pattern, limit: 100 });

    // Assess
    expect(mock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(mock.calls().every((call) => call.args[0] instanceof QueryCommand)).toBe(true);
    const indexes = mock.commandCalls(QueryCommand).map((call) => call.args[0].input.IndexName);
    expect(new Set(indexes)).toEqual(new Set([planResourceQuery({ ...pattern, limit: 1 }).index.indexName]));
  });

  it('reads one resource with a Query on gsi1 and a GetItem, and a scope with a Query', async () => {
    // Prepare
    mock.reset();
    const item = toItem(RESOURCES[1]!);
    mock.on(QueryCommand).resolves({ Items: [item] });
    mock.on(GetCommand).resolves({ Item: item });
    const store = new DynamoDbResourceStore(documentClient, 'hostmaster');

    // Act
    await store.get(RESOURCES[1]!.id);
    await store.listScope(ACCOUNTS[0]!, 'eu-west-1');

    // Assess
    expect(mock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(mock.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'QueryCommand',
      'GetCommand',
      'QueryCommand',
    ]);
  });
});

describe('index attributes', () => {
  it('are a function of the resource alone, so an unchanged rescan writes the same item', () => {
    // Prepare
    const original = RESOURCES[4]!;
    const rescanned = structuredClone(original);

    // Act
    const before = toItem(original);
    const after = toItem(rescanned);

    // Assess
    expect(after).toEqual(before);
    expect(indexAttributes(rescanned)).toEqual(indexAttributes(original));
  });

  it('move a resource to its new partitions when its state or name changes', () => {
    // Prepare
    const original = RESOURCES[4]!;

    // Act
    const stopped = indexAttributes({ ...original, state: 'stopped', name: 'Renamed' });

    // Assess
    expect(stopped[TABLE.resourceIndexes.byState.partitionKey]).toMatch(/^S#stopped#\d$/);
    expect(stopped[TABLE.resourceIndexes.all.sortKey]).toBe(`renamed#${original.id.toLowerCase()}`);
    expect(stopped[TABLE.resourceIndexes.all.partitionKey]).toBe(
      indexAttributes(original)[TABLE.resourceIndexes.all.partitionKey],
    );
  });
});
