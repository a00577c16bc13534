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

/** The ScheduleStore in memory (tests, the benchmark), auditing every write like the DynamoDB one. */
export class MemoryScheduleStore implements ScheduleStore {
  /** Every audit event written, oldest first. */
  readonly auditLog: AuditEvent[] = [];
  private readonly schedules = new Map<string, Schedule>();
  private readonly assignments = new Map<string, Assignment>();
  private readonly overrides = new Map<string, Override>();

  private audit(audit: AuditContext, action: string, target: string, detail: Record<string, unknown>): void {
    this.auditLog.push(
      AuditEventSchema.parse({
        at: audit.at,
        ...auditActor(audit.actor),
        action,
        target,
        ...(audit.reason === undefined ? {} : { reason: audit.reason }),
        detail,
      }),
    );
  }

  async listSchedules(): Promise<readonly Schedule[]> {
    return [...this.schedules.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async getSchedule(name: string): Promise<Schedule | undefined> {
    return this.schedules.get(name);
  }

  async putSchedule(schedule: Schedule, audit: AuditContext): Promise<void> {
    const parsed = ScheduleSchema.parse(schedule);
    const previous = this.schedules.get(parsed.name);
    this.audit(audit, previous ? 'schedule.updated' : 'schedule.created', `schedule/${parsed.name}`, {
      schedule: parsed,
      ...(previous ? { previous } : {}),
    });
    this.schedules.set(parsed.name, parsed);
  }

  async deleteSchedule(name: string, audit: AuditContext): Promise<boolean> {
    const previous = this.schedules.get(name);
    if (!previous) return false;
    this.audit(audit, 'schedule.deleted', `schedule/${name}`, { previous });
    this.schedules.delete(name);
    return true;
  }

  async listAssignments(): Promise<readonly Assignment[]> {
    return [...this.assignments.values()];
  }

  async putAssignment(assignment: Assignment, audit: AuditContext): Promise<void> {
    this.audit(audit, 'schedule.assigned', assignment.resourceId, { schedule: assignment.schedule });
    this.assignments.set(assignment.resourceId, assignment);
  }

  async deleteAssignment(resourceId: string, audit: AuditContext): Promise<boolean> {
    const previous = this.assignments.get(resourceId);
    if (!previous) return false;
    this.audit(audit, 'schedule.unassigned', resourceId, { schedule: previous.schedule });
    this.assignments.delete(resourceId);
    return true;
  }

  async listOverrides(now: Date): Promise<readonly Override[]> {
    return [...this.overrides.values()].filter((o) => isActive(o, now) || Date.parse(o.from) > now.getTime());
  }

  async putOverride(override: Override, audit: AuditContext): Promise<void> {
    const parsed = OverrideSchema.parse(override);
    this.audit({ ...audit, reason: parsed.reason }, 'schedule.override.created', overrideTargetOf(parsed), {
      override: parsed,
    });
    this.overrides.set(parsed.id, parsed);
  }

  async deleteOverride(id: string, audit: AuditContext): Promise<boolean> {
    const previous = this.overrides.get(id);
    if (!previous) return false;
    this.audit(audit, 'schedule.override.ended', overrideTargetOf(previous), { override: previous });
    this.overrides.delete(id);
    return true;
  }
}

/** The ScheduleRecordStore in memory. */
export class MemoryScheduleRecordStore implements ScheduleRecordStore {
  private readonly byScope = new Map<string, Map<string, ScheduleRecord>>();
  /** Oldest first. */
  readonly log: ScheduleActivity[] = [];
  /** Record writes, for tests that a quiet tick writes nothing. */
  writes = 0;

  async records(accountId: string, region: string): Promise<ReadonlyMap<string, ScheduleRecord>> {
    return new Map(this.byScope.get(`${accountId}|${region}`) ?? []);
  }

  async putRecords(accountId: string, region: string, records: readonly ScheduleRecord[]): Promise<void> {
    const key = `${accountId}|${region}`;
    const scope = this.byScope.get(key) ?? new Map<string, ScheduleRecord>();
    for (const record of records) scope.set(record.resourceId, ScheduleRecordSchema.parse(record));
    this.byScope.set(key, scope);
    this.writes += records.length;
  }

  async putActivity(entries: readonly ScheduleActivity[]): Promise<void> {
    this.log.push(...entries);
  }

  async activity(query: {
    readonly resourceId?: string;
    readonly limit: number;
  }): Promise<readonly ScheduleActivity[]> {
    return this.log
      .filter((e) => query.resourceId === undefined || e.resourceId === query.resourceId)
      .slice()
      .reverse()
      .slice(0, query.limit);
  }
}
