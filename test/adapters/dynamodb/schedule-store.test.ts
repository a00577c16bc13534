import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../../functions/adapters/dynamodb/audit-log';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import {
  DynamoDbScheduleRecordStore,
  DynamoDbScheduleStore,
} from '../../../functions/adapters/dynamodb/schedule-store';
import { ScheduleSchema } from '../../../functions/domain/schedules/schedule';
import { person } from '../../domain/identity/fixtures';
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

const AT = '2026-11-23T10:00:00.000Z';
const ID = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1';

describe('DynamoDbScheduleStore', () => {
  it('keeps schedules, assignments and overrides, parses them back and audits each write', async () => {
    // Prepare
    const store = new DynamoDbScheduleStore(client, dynamo.tableName);
    const audit = new DynamoDbAuditLog(client, dynamo.tableName);
    const actor = person('ada@example.com');
    const schedule = ScheduleSchema.parse({
      name: 'office',
      timeZone: 'Europe/Berlin',
      periods: [{ weekdays: ['mon'], begin: '08:00', end: '18:00' }],
      holidays: { behaviour: 'stopped', dates: ['2026-12-25'] },
    });
    // Act
    await store.putSchedule(schedule, { actor, at: AT });
    await store.putAssignment({ resourceId: ID, schedule: 'office', by: 'ada', at: AT }, { actor, at: AT });
    await store.putOverride(
      {
        id: 'o-1',
        target: { kind: 'resource', resourceId: ID },
        state: 'running',
        from: AT,
        until: '2026-11-23T20:00:00.000Z',
        by: 'ada',
        reason: 'demo',
      },
      { actor, at: AT },
    );
    // Assess
    expect(await store.listSchedules()).toEqual([schedule]);
    expect(await store.listAssignments()).toEqual([
      { resourceId: ID, schedule: 'office', by: 'ada', at: AT },
    ]);
    expect((await store.listOverrides(new Date('2026-11-23T12:00:00Z'))).map((o) => o.id)).toEqual(['o-1']);
    expect(await store.listOverrides(new Date('2026-11-23T20:00:00Z'))).toEqual([]);
    expect(await store.deleteSchedule('missing', { actor, at: AT })).toBe(false);
    const actions = (await audit.list({ limit: 10 })).items.map((e) => e.action).sort();
    expect(actions).toEqual(['schedule.assigned', 'schedule.created', 'schedule.override.created']);
  });
});

describe('DynamoDbScheduleRecordStore', () => {
  it('keeps records per (account, region) and the activity newest first, per resource too', async () => {
    // Prepare
    const records = new DynamoDbScheduleRecordStore(client, dynamo.tableName);
    const entry = (at: string, action: 'start' | 'stop') => ({
      at,
      resourceId: ID,
      accountId: '111111111111',
      region: 'eu-west-1',
      schedule: 'office',
      action,
      outcome: 'succeeded' as const,
      reason: 'schedule office',
    });
    // Act
    await records.putRecords('111111111111', 'eu-west-1', [
      { resourceId: ID, schedule: 'office', lastDesired: 'stopped', lastAction: { action: 'stop', at: AT } },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    await records.putActivity([
      entry(`${today}T07:00:00.000Z`, 'start'),
      entry(`${today}T07:05:00.000Z`, 'stop'),
    ]);
    // Assess
    expect([...(await records.records('111111111111', 'eu-west-1')).keys()]).toEqual([ID]);
    expect((await records.records('111111111111', 'us-east-1')).size).toBe(0);
    expect((await records.activity({ limit: 10 })).map((e) => e.action)).toEqual(['stop', 'start']);
    expect((await records.activity({ resourceId: ID, limit: 1 })).map((e) => e.action)).toEqual(['stop']);
  });
});
