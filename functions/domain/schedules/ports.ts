/**
 * Ports of the scheduler: where schedules, assignments, overrides and per-resource records live, and
 * how a tick observes and changes resources in one (account, region).
 */
import type { AuditContext } from '../ports';
import type { Override } from './override';
import type { PlannedAction } from './plan-tick';
import type { Schedule } from './schedule';
import type { ScheduleRecord } from './schedule-record';
import type { Observation, ScheduledTarget } from './target';

/** A resource put on a schedule from the dashboard (the tag is the other way). */
export interface Assignment {
  readonly resourceId: string;
  readonly schedule: string;
  readonly by: string;
  readonly at: string;
}

/** Schedules, assignments and overrides; every write is audited with its actor. */
export interface ScheduleStore {
  listSchedules(): Promise<readonly Schedule[]>;
  getSchedule(name: string): Promise<Schedule | undefined>;
  /** Creates or replaces; audited as `schedule.created` or `schedule.updated`. */
  putSchedule(schedule: Schedule, audit: AuditContext): Promise<void>;
  /** False when there was none; audited as `schedule.deleted`. */
  deleteSchedule(name: string, audit: AuditContext): Promise<boolean>;
  listAssignments(): Promise<readonly Assignment[]>;
  putAssignment(assignment: Assignment, audit: AuditContext): Promise<void>;
  deleteAssignment(resourceId: string, audit: AuditContext): Promise<boolean>;
  /** Overrides not yet expired at `now` (expired ones linger only until their TTL). */
  listOverrides(now: Date): Promise<readonly Override[]>;
  putOverride(override: Override, audit: AuditContext): Promise<void>;
  /** Ends an override early; false when there was none. */
  deleteOverride(id: string, audit: AuditContext): Promise<boolean>;
}

/** What the scheduler remembers per resource of one (account, region), and what it did. */
export interface ScheduleRecordStore {
  records(accountId: string, region: string): Promise<ReadonlyMap<string, ScheduleRecord>>;
  putRecords(accountId: string, region: string, records: readonly ScheduleRecord[]): Promise<void>;
  /** Appends what a tick did (actions and failures; never the no-ops) to the activity log. */
  putActivity(entries: readonly ScheduleActivity[]): Promise<void>;
  /** Newest first. */
  activity(query: {
    readonly resourceId?: string;
    readonly limit: number;
  }): Promise<readonly ScheduleActivity[]>;
}

/** One start, stop or failure the scheduler performed. */
export interface ScheduleActivity {
  readonly at: string;
  readonly resourceId: string;
  readonly accountId: string;
  readonly region: string;
  readonly schedule: string;
  readonly action: 'start' | 'stop';
  readonly outcome: 'succeeded' | 'failed';
  readonly reason: string;
  readonly error?: string;
}

/**
 * The outcome of one start or stop. Codes `PreFlight.*` (refused before calling AWS) and
 * `StartDidNotTake` (accepted, then back to stopped) are held: not retried until the schedule changes.
 */
export type ActionOutcome =
  | { readonly ok: true; readonly state: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Reads and changes the scheduled resources of one (account, region) through the member role. */
export interface ScheduleExecutor {
  /** The live state of each target (absent: the service does not know it). */
  observe(targets: readonly ScheduledTarget[]): Promise<ReadonlyMap<string, Observation>>;
  /**
   * Runs the pre-flight checks, then the calls (batched where the service allows), and returns each
   * action's outcome by resource id. Never throws for an AWS refusal: it is an outcome.
   */
  apply(actions: readonly PlannedAction[]): Promise<ReadonlyMap<string, ActionOutcome>>;
}
