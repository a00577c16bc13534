/**
 * Schedules, assignments, overrides, per-resource scheduler records and the scheduler's activity in
 * the single HostMaster table.
 *
 * Key layout:
 * | item       | pk                                   | sk                          | gsi1pk                         | gsi1sk |
 * |------------|--------------------------------------|-----------------------------|--------------------------------|--------|
 * | schedule   | `SCHEDULE`                           | `<name>`                    | –                              | –      |
 * | assignment | `SCHEDULE#ASSIGNMENT`                | `<resourceId>`              | –                              | –      |
 * | override   | `SCHEDULE#OVERRIDE`                  | `<id>`                      | –                              | –      |
 * | record     | `SCHEDULE#RECORD#<account>#<region>` | `<resourceId>`              | –                              | –      |
 * | activity   | `SCHEDULE#ACTIVITY#<YYYY-MM-DD>`     | `<at>#<resourceId>#<action>`| `SCHEDULE#ACTIVITY#<resourceId>` | `<at>` |
 *
 * Schedules, assignments and overrides are few (people write them) and are read whole by every tick.
 * Records are one partition per (account, region), the tick's unit. Activity is partitioned per day so
 * a fleet-wide 08:00 start does not land on one partition, and indexed per resource for its page.
 * Overrides and activity carry a TTL; writes by people are audited like exceptions (`AUDIT#<target>`).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditContext } from '../../domain/ports';
import { type AuditEvent, AuditEventSchema, auditActor } from '../../domain/posture/audit-event';
import { isActive, type Override, OverrideSchema, overrideTargetOf } from '../../domain/schedules/override';
import type {
  Assignment,
  ScheduleActivity,
  ScheduleRecordStore,
  ScheduleStore,
} from '../../domain/schedules/ports';
import { type Schedule, ScheduleSchema } from '../../domain/schedules/schedule';
import { type ScheduleRecord, ScheduleRecordSchema } from '../../domain/schedules/schedule-record';
import { TABLE } from '../../shared/contract/table';
import { batchPutAll } from './batch-write';
import { AUDIT_GSI1PK, auditPk } from './exception-store';

const SCHEDULE_PK = 'SCHEDULE';
const ASSIGNMENT_PK = 'SCHEDULE#ASSIGNMENT';
const OVERRIDE_PK = 'SCHEDULE#OVERRIDE';
const recordPk = (accountId: string, region: string) => `SCHEDULE#RECORD#${accountId}#${region}`;
const activityPk = (date: string) => `SCHEDULE#ACTIVITY#${date}`;
const activityGsi = (resourceId: string) => `SCHEDULE#ACTIVITY#${resourceId}`;
/** Expired overrides and old activity stay visible this long before TTL removes them. */
const RETENTION_SECONDS = 90 * 86_400;
/** Days of activity partitions read for "newest first" without a resource. */
const ACTIVITY_DAYS = 14;

/** A stored item that does not parse back: the table holds something this code did not write. */
export class CorruptScheduleItemError extends Error {
  override readonly name = 'CorruptScheduleItemError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid schedule item`, { cause });
  }
}

function parseItem<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: unknown } },
  item: Record<string, unknown>,
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CorruptScheduleItemError(item[TABLE.partitionKey], item[TABLE.sortKey], parsed.error);
  return parsed.data;
}

const AssignmentShape = {
  safeParse(value: unknown) {
    const v = value as Partial<Assignment> | undefined;
    return v &&
      typeof v.resourceId === 'string' &&
      typeof v.schedule === 'string' &&
      typeof v.by === 'string' &&
      typeof v.at === 'string'
      ? {
          success: true as const,
          data: { resourceId: v.resourceId, schedule: v.schedule, by: v.by, at: v.at },
        }
      : { success: false as const, error: new Error('not an assignment') };
  },
};

const ActivityShape = {
  safeParse(value: unknown) {
    const v = value as Partial<ScheduleActivity> | undefined;
    const ok =
      v &&
      typeof v.at === 'string' &&
      typeof v.resourceId === 'string' &&
      typeof v.accountId === 'string' &&
      typeof v.region === 'string' &&
      typeof v.schedule === 'string' &&
      (v.action === 'start' || v.action === 'stop') &&
      (v.outcome === 'succeeded' || v.outcome === 'failed') &&
      typeof v.reason === 'string';
    return ok
      ? { success: true as const, data: v as ScheduleActivity }
      : { success: false as const, error: new Error('not a schedule activity entry') };
  },
};

export class DynamoDbScheduleStore implements ScheduleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listSchedules(): Promise<readonly Schedule[]> {
    const items = await this.queryAll(SCHEDULE_PK);
    return items.map((item) => parseItem(ScheduleSchema, item, item.schedule));
  }

  async getSchedule(name: string): Promise<Schedule | undefined> {
    const item = await this.getItem(SCHEDULE_PK, name);
    return item ? parseItem(ScheduleSchema, item, item.schedule) : undefined;
  }

  async putSchedule(schedule: Schedule, audit: AuditContext): Promise<void> {
    const parsed = ScheduleSchema.parse(schedule);
    const previous = await this.getSchedule(parsed.name);
    await this.writeAudit(
      audit,
      previous ? 'schedule.updated' : 'schedule.created',
      `schedule/${parsed.name}`,
      {
        schedule: parsed,
        ...(previous ? { previous } : {}),
      },
    );
    await this.put({ [TABLE.partitionKey]: SCHEDULE_PK, [TABLE.sortKey]: parsed.name, schedule: parsed });
  }

  async deleteSchedule(name: string, audit: AuditContext): Promise<boolean> {
    const previous = await this.getSchedule(name);
    if (!previous) return false;
    await this.writeAudit(audit, 'schedule.deleted', `schedule/${name}`, { previous });
    await this.delete(SCHEDULE_PK, name);
    return true;
  }

  async listAssignments(): Promise<readonly Assignment[]> {
    const items = await this.queryAll(ASSIGNMENT_PK);
    return items.map((item) => parseItem(AssignmentShape, item, item.assignment));
  }

  async putAssignment(assignment: Assignment, audit: AuditContext): Promise<void> {
    await this.writeAudit(audit, 'schedule.assigned', assignment.resourceId, {
      schedule: assignment.schedule,
    });
    await this.put({
      [TABLE.partitionKey]: ASSIGNMENT_PK,
      [TABLE.sortKey]: assignment.resourceId,
      assignment,
    });
  }

  async deleteAssignment(resourceId: string, audit: AuditContext): Promise<boolean> {
    const item = await this.getItem(ASSIGNMENT_PK, resourceId);
    if (!item) return false;
    const previous = parseItem(AssignmentShape, item, item.assignment);
    await this.writeAudit(audit, 'schedule.unassigned', resourceId, { schedule: previous.schedule });
    await this.delete(ASSIGNMENT_PK, resourceId);
    return true;
  }

  async listOverrides(now: Date): Promise<readonly Override[]> {
    const items = await this.queryAll(OVERRIDE_PK);
    // dynalite never expires TTL items, and DynamoDB may take a while: filter here.
    return items
      .map((item) => parseItem(OverrideSchema, item, item.override))
      .filter((o) => isActive(o, now) || Date.parse(o.from) > now.getTime());
  }

  async putOverride(override: Override, audit: AuditContext): Promise<void> {
    const parsed = OverrideSchema.parse(override);
    await this.writeAudit(
      { ...audit, reason: parsed.reason },
      'schedule.override.created',
      overrideTargetOf(parsed),
      {
        override: parsed,
      },
    );
    await this.put({
      [TABLE.partitionKey]: OVERRIDE_PK,
      [TABLE.sortKey]: parsed.id,
      override: parsed,
      [TABLE.ttlAttribute]: Math.floor(Date.parse(parsed.until) / 1000) + RETENTION_SECONDS,
    });
  }

  async deleteOverride(id: string, audit: AuditContext): Promise<boolean> {
    const item = await this.getItem(OVERRIDE_PK, id);
    if (!item) return false;
    const previous = parseItem(OverrideSchema, item, item.override);
    await this.writeAudit(audit, 'schedule.override.ended', overrideTargetOf(previous), {
      override: previous,
    });
    await this.delete(OVERRIDE_PK, id);
    return true;
  }

  private async writeAudit(
    audit: AuditContext,
    action: string,
    target: string,
    detail: Record<string, unknown>,
  ) {
    const event: AuditEvent = AuditEventSchema.parse({
      at: audit.at,
      ...auditActor(audit.actor),
      action,
      target,
      ...(audit.reason === undefined ? {} : { reason: audit.reason }),
      detail,
    });
    await this.put({
      ...event,
      [TABLE.partitionKey]: auditPk(target),
      [TABLE.sortKey]: `${event.at}#${event.action}`,
      [TABLE.gsi1.partitionKey]: AUDIT_GSI1PK,
      [TABLE.gsi1.sortKey]: `${event.at}#${target}`,
    });
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  private async delete(pk: string, sk: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: pk, [TABLE.sortKey]: sk },
      }),
    );
  }

  private async getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [TABLE.partitionKey]: pk, [TABLE.sortKey]: sk } }),
    );
    return Item;
  }

  private queryAll(pk: string): Promise<Record<string, unknown>[]> {
    return queryPartition(this.client, this.tableName, pk);
  }
}

async function queryPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': pk },
    },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

export class DynamoDbScheduleRecordStore implements ScheduleRecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async records(accountId: string, region: string): Promise<ReadonlyMap<string, ScheduleRecord>> {
    const items = await queryPartition(this.client, this.tableName, recordPk(accountId, region));
    const records = items.map((item) => parseItem(ScheduleRecordSchema, item, item.record));
    return new Map(records.map((r) => [r.resourceId, r]));
  }

  async putRecords(accountId: string, region: string, records: readonly ScheduleRecord[]): Promise<void> {
    await batchPutAll(
      this.client,
      this.tableName,
      records.map((record) => ({
        [TABLE.partitionKey]: recordPk(accountId, region),
        [TABLE.sortKey]: record.resourceId,
        record: ScheduleRecordSchema.parse(record),
      })),
    );
  }

  async putActivity(entries: readonly ScheduleActivity[]): Promise<void> {
    await batchPutAll(
      this.client,
      this.tableName,
      entries.map((entry) => ({
        [TABLE.partitionKey]: activityPk(entry.at.slice(0, 10)),
        [TABLE.sortKey]: `${entry.at}#${entry.resourceId}#${entry.action}`,
        [TABLE.gsi1.partitionKey]: activityGsi(entry.resourceId),
        [TABLE.gsi1.sortKey]: entry.at,
        activity: entry,
        [TABLE.ttlAttribute]: Math.floor(Date.parse(entry.at) / 1000) + RETENTION_SECONDS,
      })),
    );
  }

  async activity(query: {
    readonly resourceId?: string;
    readonly limit: number;
  }): Promise<readonly ScheduleActivity[]> {
    if (query.resourceId !== undefined) {
      const { Items = [] } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE.gsi1.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
          ExpressionAttributeValues: { ':pk': activityGsi(query.resourceId) },
          ScanIndexForward: false,
          Limit: query.limit,
        }),
      );
      return Items.map((item) => parseItem(ActivityShape, item, item.activity));
    }
    const found: ScheduleActivity[] = [];
    const day = new Date();
    for (let i = 0; i < ACTIVITY_DAYS && found.length < query.limit; i++) {
      const date = new Date(day.getTime() - i * 86_400_000).toISOString().slice(0, 10);
      const { Items = [] } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': activityPk(date) },
          ScanIndexForward: false,
          Limit: query.limit - found.length,
        }),
      );
      found.push(...Items.map((item) => parseItem(ActivityShape, item, item.activity)));
    }
    return found;
  }
}
