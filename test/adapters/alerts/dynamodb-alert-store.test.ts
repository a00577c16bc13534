import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertPk,
  DynamoDbAlertStore,
  DynamoDbDeliveryLedgerStore,
  DynamoDbDigestMarkStore,
  DynamoDbExpectedChangeStore,
} from '../../../functions/adapters/dynamodb/alert-store';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import type { Alert } from '../../../functions/domain/alerts/alert';
import { decide } from '../../../functions/domain/alerts/decide';
import { expectChange } from '../../../functions/domain/alerts/expected-change';
import { EMPTY_LEDGER } from '../../../functions/domain/alerts/ledger';
import { AlertConflictError } from '../../../functions/domain/alerts/ports';
import { crash, POLICY, T0 } from '../../domain/alerts/fixtures';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

describe('DynamoDB alert stores (dynalite)', () => {
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

  const open = (key: string, severity: Alert['severity'] = 'critical'): Alert =>
    decide({ ledger: EMPTY_LEDGER }, crash({ dedupeKey: key, severity }), T0, POLICY).alert!;

  it('writes a new alert once and refuses a stale version', async () => {
    // Prepare
    const store = new DynamoDbAlertStore(client, dynamo.tableName);
    const alert = open('k-1');
    // Act
    await store.put(alert);
    const duplicate = await store.put(alert).catch((error: unknown) => error);
    await store.put({ ...alert, occurrences: 2, version: 2 });
    const stale = await store.put({ ...alert, occurrences: 9, version: 2 }).catch((error: unknown) => error);
    // Assess
    expect(duplicate).toBeInstanceOf(AlertConflictError);
    expect(stale).toBeInstanceOf(AlertConflictError);
    expect(await store.get(alert.id)).toMatchObject({ occurrences: 2, version: 2, dedupeKey: 'k-1' });
  });

  it('counts repeats atomically and refuses them once resolved', async () => {
    // Prepare
    const store = new DynamoDbAlertStore(client, dynamo.tableName);
    const alert = open('k-2');
    await store.put(alert);
    // Act
    const counted = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.recordRepeat(
          alert.id,
          `2026-11-23T12:${String(i + 1).padStart(2, '0')}:00.000Z`,
          T0.toISOString(),
        ),
      ),
    );
    const stored = await store.get(alert.id);
    await store.put({
      ...stored!,
      status: 'resolved',
      resolvedAt: T0.toISOString(),
      version: stored!.version + 1,
    });
    const afterResolve = await store.recordRepeat(alert.id, T0.toISOString(), T0.toISOString());
    // Assess
    expect(counted.every(Boolean)).toBe(true);
    expect(stored).toMatchObject({ occurrences: 21, version: 21, lastSeen: '2026-11-23T12:20:00.000Z' });
    expect(afterResolve).toBe(false);
  });

  it('lists by filters, newest change first, and sets a TTL on resolved alerts', async () => {
    // Prepare
    const store = new DynamoDbAlertStore(client, dynamo.tableName);
    const high = { ...open('k-3', 'high'), updatedAt: '2026-11-23T12:10:00.000Z' };
    const resolved: Alert = {
      ...open('k-4'),
      status: 'resolved',
      resolvedAt: '2026-11-23T12:20:00.000Z',
      updatedAt: '2026-11-23T12:20:00.000Z',
    };
    await store.put(high);
    await store.put(resolved);
    // Act
    const highs = await store.list({ severity: 'high' });
    const resolvedOnes = await store.list({ status: 'resolved' });
    const changed = await store.list({ changedSince: '2026-11-23T12:15:00.000Z' });
    const { Item } = await client.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: alertPk(resolved.id), sk: 'ALERT' } }),
    );
    // Assess
    expect(highs.map((a) => a.dedupeKey)).toEqual(['k-3']);
    expect(resolvedOnes.map((a) => a.dedupeKey)).toContain('k-4');
    expect(changed.map((a) => a.dedupeKey)).toEqual(['k-4']);
    expect(Item?.expiresAt).toBe(Math.floor(Date.parse('2026-11-23T12:20:00.000Z') / 1000) + 90 * 86_400);
  });

  it('keeps the last hour of deliveries and a monthly SMS count', async () => {
    // Prepare
    const ledger = new DynamoDbDeliveryLedgerStore(client, dynamo.tableName);
    // Act
    await ledger.record([
      { at: '2026-11-23T10:30:00.000Z', channel: 'sms', resourceId: 'r', alertId: 'a' },
      { at: '2026-11-23T11:30:00.000Z', channel: 'sms', resourceId: 'r', alertId: 'a' },
      { at: '2026-11-23T11:30:00.000Z', channel: 'email', resourceId: 'r', alertId: 'a' },
    ]);
    const loaded = await ledger.load(new Date('2026-11-23T12:00:00.000Z'));
    const nextMonth = await ledger.load(new Date('2026-12-01T00:10:00.000Z'));
    // Assess
    expect(loaded.recent.map((d) => `${d.at} ${d.channel}`).sort()).toEqual([
      '2026-11-23T11:30:00.000Z email',
      '2026-11-23T11:30:00.000Z sms',
    ]);
    expect(loaded.smsThisMonth).toBe(2);
    expect(nextMonth.smsThisMonth).toBe(0);
  });

  it('records expected changes and digest marks', async () => {
    // Prepare
    const expected = new DynamoDbExpectedChangeStore(client, dynamo.tableName);
    const marks = new DynamoDbDigestMarkStore(client, dynamo.tableName);
    const change = expectChange('arn:i', 'stop', 'remediation:r-1', T0);
    // Act
    await expected.record(change);
    await marks.markSent('daily', T0.toISOString());
    // Assess
    expect(await expected.find('arn:i')).toEqual(change);
    expect(await expected.find('arn:other')).toBeUndefined();
    expect(await marks.lastSent('daily')).toBe(T0.toISOString());
    expect(await marks.lastSent('weekly')).toBeUndefined();
  });
});
