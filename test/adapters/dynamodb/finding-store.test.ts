import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbFindingStore, findingPk } from '../../../functions/adapters/dynamodb/finding-store';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import type { Finding } from '../../../functions/domain/model';
import type { FindingStore } from '../../../functions/domain/ports';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const finding = (n: number, over: Partial<Finding> = {}): Finding => ({
  id: `ebs-volume-unencrypted|vol-${n}`,
  ruleId: 'ebs-volume-unencrypted',
  resourceId: `vol-${n}`,
  resourceType: 'ec2:volume',
  accountId: '111111111111',
  region: 'eu-west-1',
  category: 'security',
  severity: 'medium',
  title: 'EBS volume is not encrypted',
  evidence: { encrypted: false, sizeGiB: n },
  references: [{ framework: 'aws-fsbp', control: 'EC2.3' }],
  status: 'open',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-23T00:00:00.000Z',
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

/** The same contract, against dynalite and in memory. Each case uses its own ids so the table can be shared. */
const stores: [string, () => FindingStore][] = [
  ['DynamoDbFindingStore', () => new DynamoDbFindingStore(client, dynamo.tableName)],
  ['MemoryFindingStore', () => new MemoryFindingStore()],
];

describe.each(stores)('%s', (name, makeStore) => {
  // One table serves both suites and every case: each case writes under accounts of its own.
  const [account, other] = name.startsWith('Dynamo')
    ? ['333333333333', '555555555555']
    : ['444444444444', '666666666666'];

  it('gets a finding back by id exactly as written', async () => {
    // Prepare
    const store = makeStore();
    const written = finding(1, { accountId: '999999999999', resourceName: 'data' });
    // Act
    await store.putMany([written]);
    // Assess
    expect(await store.get(written.id)).toEqual(written);
    expect(await store.get('no-such|finding')).toBeUndefined();
  });

  it('lists by category and by account, across categories', async () => {
    const store = makeStore();
    const security = Array.from({ length: 30 }, (_, n) => finding(100 + n, { accountId: account }));
    const cost = finding(200, {
      id: `ebs-unattached-volume|vol-200-${account}`,
      ruleId: 'ebs-unattached-volume',
      category: 'cost',
      accountId: account,
      monthlySavingsUsd: 4.5,
    });
    const elsewhere = finding(300, { id: `ebs-volume-unencrypted|vol-300-${other}`, accountId: other });
    expect(await store.putMany([...security, cost, elsewhere])).toBe(32);

    const byAccount = await store.listByAccount(account);
    expect(byAccount.map((f) => f.id).sort()).toEqual([...security, cost].map((f) => f.id).sort());
    const costs = await store.listByCategory('cost');
    expect(costs.map((f) => f.id)).toContain(cost.id);
    expect(costs.every((f) => f.category === 'cost')).toBe(true);
    expect((await store.listByCategory('security')).map((f) => f.id)).toContain(elsewhere.id);
  });

  it('replaces a finding when it is written again', async () => {
    const store = makeStore();
    const first = finding(400, { accountId: other });
    await store.putMany([first]);
    const suppressed: Finding = {
      ...first,
      status: 'suppressed',
      suppression: { reason: 'accepted', expiresAt: '2026-12-01T00:00:00.000Z', by: 'admin@example.com' },
    };
    await store.putMany([suppressed]);
    expect(await store.get(first.id)).toEqual(suppressed);
  });
});

describe('DynamoDbFindingStore item layout', () => {
  it('keys findings by id, indexes them by category then account, and sets a TTL on resolved ones', async () => {
    // Prepare
    const store = new DynamoDbFindingStore(client, dynamo.tableName, { resolvedRetentionDays: 30 });
    const resolved = finding(500, {
      accountId: '777777777777',
      status: 'resolved',
      resolvedAt: '2026-11-20T00:00:00.000Z',
    });
    // Act
    await store.putMany([resolved, finding(501, { accountId: '777777777777' })]);
    // Assess
    const read = async (id: string) =>
      (
        await client.send(
          new GetCommand({ TableName: dynamo.tableName, Key: { pk: findingPk(id), sk: 'FINDING' } }),
        )
      ).Item;
    expect(await read(resolved.id)).toMatchObject({
      gsi1pk: 'FINDINGS#security',
      gsi1sk: `777777777777#${resolved.id}`,
      expiresAt: Date.parse('2026-11-20T00:00:00.000Z') / 1000 + 30 * 86_400,
    });
    expect((await read('ebs-volume-unencrypted|vol-501'))?.expiresAt).toBeUndefined();
  });
});
