import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../../functions/adapters/dynamodb/audit-log';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../../functions/adapters/dynamodb/exception-store';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log';
import { MemoryExceptionStore } from '../../../functions/adapters/memory/exception-store';
import type { AuditLog, ExceptionStore } from '../../../functions/domain/ports';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { InvalidCursorError } from '../../../functions/shared/cursor';
import { person } from '../../domain/identity/fixtures';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const exception = (id: string): Exception => ({
  id,
  ruleId: 'ec2-imdsv1-allowed',
  scope: { kind: 'resource', resourceId: `arn:aws:ec2:eu-west-1:111111111111:instance/${id}` },
  reason: 'vendor agent needs IMDSv1',
  expiresAt: '2027-01-01T00:00:00.000Z',
  createdBy: 'ada@example.com',
  createdAt: '2026-11-23T10:00:00.000Z',
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

const logs: [string, () => { store: ExceptionStore; log: AuditLog }][] = [
  [
    'DynamoDbAuditLog',
    () => ({
      store: new DynamoDbExceptionStore(client, dynamo.tableName),
      log: new DynamoDbAuditLog(client, dynamo.tableName),
    }),
  ],
  [
    'MemoryAuditLog',
    () => {
      const store = new MemoryExceptionStore();
      return { store, log: new MemoryAuditLog(store) };
    },
  ],
];

describe.each(logs)('%s', (_name, make) => {
  it('pages through every exception change, newest first, with the actor of each', async () => {
    // Prepare
    const { store, log } = make();
    await store.put(exception('ex-1'), { actor: person('ada@example.com'), at: '2026-11-23T10:00:00.000Z' });
    await store.put(exception('ex-2'), { actor: person('ada@example.com'), at: '2026-11-23T10:01:00.000Z' });
    await store.revoke('ex-1', { actor: person('grace@example.com'), at: '2026-11-23T10:02:00.000Z' });

    // Act
    const first = await log.list({ limit: 2 });
    const second = await log.list({ limit: 2, cursor: first.nextCursor! });

    // Assess
    expect(first.items.map((e) => [e.action, e.target, e.actor])).toEqual([
      ['exception.revoked', 'exception/ex-1', 'grace@example.com'],
      ['exception.created', 'exception/ex-2', 'ada@example.com'],
    ]);
    expect(second.items.map((e) => [e.action, e.target])).toEqual([['exception.created', 'exception/ex-1']]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('rejects a cursor it did not issue', async () => {
    // Prepare
    const { log } = make();

    // Act
    const garbage = log.list({ limit: 5, cursor: 'not-base64-json' });
    const foreign = log.list({
      limit: 5,
      cursor: Buffer.from(JSON.stringify({ pk: 'RESOURCE#x', sk: 'y' })).toString('base64url'),
    });

    // Assess
    await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(foreign).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('recording events of other targets', () => {
  it.each([
    [
      'DynamoDbAuditLog',
      async () => {
        const own = await startLocalDynamoDb();
        const ownClient = createDocumentClient(own.clientConfig);
        return {
          store: new DynamoDbExceptionStore(ownClient, own.tableName),
          log: new DynamoDbAuditLog(ownClient, own.tableName),
          stop: async (): Promise<void> => {
            ownClient.destroy();
            await own.stop();
          },
        };
      },
    ],
    [
      'MemoryAuditLog',
      async () => {
        const store = new MemoryExceptionStore();
        return { store, log: new MemoryAuditLog(store), stop: async (): Promise<void> => undefined };
      },
    ],
  ] as const)(
    '%s lists a recorded event among the exception changes, with its actor identity',
    async (_name, make) => {
      // Prepare
      const { store, log, stop } = await make();
      const ada = person('ada@example.com');
      try {
        await store.put(exception('ex-1'), { actor: ada, at: '2026-11-23T10:00:00.000Z' });

        // Act
        await log.record({
          at: '2026-11-23T10:01:00.000Z',
          actor: 'ada@example.com',
          actorIdentity: { sub: ada.sub, username: ada.username },
          action: 'subscription.created',
          target: 'subscription/sms:+14155550100',
          detail: { protocol: 'sms', endpoint: '+14155550100' },
        });
        const page = await log.list({ limit: 10 });

        // Assess
        expect(page.items.map((e) => [e.action, e.target, e.actorIdentity?.sub])).toEqual([
          ['subscription.created', 'subscription/sms:+14155550100', ada.sub],
          ['exception.created', 'exception/ex-1', ada.sub],
        ]);
      } finally {
        await stop();
      }
    },
  );
});
