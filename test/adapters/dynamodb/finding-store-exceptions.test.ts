import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../../functions/adapters/dynamodb/exception-store';
import { MemoryExceptionStore } from '../../../functions/adapters/memory/exception-store';
import type { ExceptionStore } from '../../../functions/domain/ports';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { person } from '../../domain/identity/fixtures';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const exception = (id: string, over: Partial<Exception> = {}): Exception => ({
  id,
  ruleId: 'ebs-volume-unencrypted',
  scope: { kind: 'tag', key: 'team', value: 'legacy' },
  accountId: '111111111111',
  reason: 'Legacy workload, decommissioned in Q1',
  expiresAt: '2027-01-31T00:00:00.000Z',
  createdBy: 'admin@example.com',
  createdAt: '2026-11-23T00:00:00.000Z',
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

describe.each<[string, () => ExceptionStore]>([
  ['DynamoDbExceptionStore', () => new DynamoDbExceptionStore(client, dynamo.tableName)],
  ['MemoryExceptionStore', () => new MemoryExceptionStore()],
])('%s', (name, makeStore) => {
  const id = (suffix: string) => `${name}-${suffix}`;

  it('stores an exception and audits who created it and why', async () => {
    // Prepare
    const store = makeStore();
    const written = exception(id('create'));
    // Act
    await store.put(written, { actor: person('admin@example.com'), at: '2026-11-23T10:00:00.000Z' });
    // Assess
    expect(await store.get(written.id)).toEqual(written);
    expect((await store.list()).map((e) => e.id)).toContain(written.id);
    expect(await store.history(written.id)).toEqual([
      expect.objectContaining({
        at: '2026-11-23T10:00:00.000Z',
        actor: 'admin@example.com',
        actorIdentity: { sub: person('admin@example.com').sub, username: 'admin' },
        action: 'exception.created',
        target: `exception/${written.id}`,
        reason: 'Legacy workload, decommissioned in Q1',
      }),
    ]);
  });

  it('audits an update and a revocation, and forgets the revoked exception', async () => {
    const store = makeStore();
    const original = exception(id('revoke'));
    await store.put(original, { actor: person('alice@example.com'), at: '2026-11-23T10:00:00.000Z' });
    await store.put(
      { ...original, expiresAt: '2027-03-31T00:00:00.000Z' },
      { actor: person('bob@example.com'), at: '2026-11-24T10:00:00.000Z', reason: 'Migration slipped' },
    );
    expect(
      await store.revoke(original.id, {
        actor: person('carol@example.com'),
        at: '2026-11-25T10:00:00.000Z',
        reason: 'Done',
      }),
    ).toBe(true);
    expect(
      await store.revoke(original.id, { actor: person('carol@example.com'), at: '2026-11-25T11:00:00.000Z' }),
    ).toBe(false);
    expect(await store.get(original.id)).toBeUndefined();
    expect((await store.history(original.id)).map((e) => [e.actor, e.action, e.reason])).toEqual([
      ['alice@example.com', 'exception.created', 'Legacy workload, decommissioned in Q1'],
      ['bob@example.com', 'exception.updated', 'Migration slipped'],
      ['carol@example.com', 'exception.revoked', 'Done'],
    ]);
  });

  it('rejects an exception without a reason', async () => {
    const store = makeStore();
    await expect(
      store.put(exception(id('invalid'), { reason: '' }), {
        actor: person('a@example.com'),
        at: '2026-11-23T00:00:00.000Z',
      }),
    ).rejects.toThrow();
    expect(await store.get(id('invalid'))).toBeUndefined();
  });
});

describe('DynamoDbExceptionStore item layout', () => {
  it('sets a TTL after the expiry and indexes audit events by time', async () => {
    const store = new DynamoDbExceptionStore(client, dynamo.tableName, { expiredRetentionDays: 10 });
    await store.put(exception('layout'), {
      actor: person('admin@example.com'),
      at: '2026-11-23T12:00:00.000Z',
    });
    const { Items } = await client.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': 'EXCEPTION', ':sk': 'layout' },
      }),
    );
    expect(Items?.[0]?.expiresAt).toBe(Date.parse('2027-01-31T00:00:00.000Z') / 1000 + 10 * 86_400);
    const audit = await client.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :at)',
        ExpressionAttributeValues: { ':pk': 'AUDIT', ':at': '2026-11-23T12:00:00.000Z' },
      }),
    );
    expect(audit.Items?.map((i) => i.target)).toContain('exception/layout');
  });
});
