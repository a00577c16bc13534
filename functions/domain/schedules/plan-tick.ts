/**
 * One scheduler tick, planned: for every scheduled resource, its desired state against what the
 * service reports now, and the actions that close the gap. Pure and idempotent: after the actions are
 * taken (or while they are under way), planning again yields none.
 */
import { type Desired, desiredState } from './desired-state';
import type { Override } from './override';
import type { Schedule } from './schedule';
import type { ScheduleRecord } from './schedule-record';
import { actionFor, type Observation, type ScheduleAction, type ScheduledTarget } from './target';

/** RDS starts a DB instance or cluster by itself after it has been stopped for seven days. */
export const RDS_AUTO_START_MS = 7 * 86_400_000;
/** EC2 start failures are read back from the state reason on the tick after the start. */
const LAUNCH_FAILURE = /Client\.InternalError|Client\.InvalidKMSKey|KMS/;

export interface PlannedAction {
  readonly target: ScheduledTarget;
  readonly action: ScheduleAction;
  /** EC2: stop with hibernation. */
  readonly hibernate: boolean;
  readonly desired: Desired;
  /** Why, in words, for the audit and the expected change. */
  readonly reason: string;
  /** The record to keep once the action succeeded. */
  readonly record: ScheduleRecord;
}

export type SkipReason =
  | 'unknown-schedule'
  | 'not-opted-in'
  | 'auto-scaling-member'
  | 'cluster-member'
  | 'instance-store'
  | 'not-observed'
  | 'busy'
  | 'gone'
  | 'failing';

export interface Skipped {
  readonly target: ScheduledTarget;
  readonly reason: SkipReason;
  readonly detail: string;
}

/** A start that EC2 accepted but that did not take: reported once, loudly. */
export interface DetectedFailure {
  readonly target: ScheduledTarget;
  readonly reason: string;
  readonly record: ScheduleRecord;
}

export interface TickPlan {
  readonly actions: readonly PlannedAction[];
  readonly skipped: readonly Skipped[];
  readonly failures: readonly DetectedFailure[];
  /** Records that changed although no action was needed (only what changed). */
  readonly records: readonly ScheduleRecord[];
}

export interface TickInput {
  readonly targets: readonly ScheduledTarget[];
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly overrides: readonly Override[];
  readonly observed: ReadonlyMap<string, Observation>;
  readonly records: ReadonlyMap<string, ScheduleRecord>;
  /** Whether HostMaster may act on a resource (the remediation opt-in). */
  readonly optedIn: (target: ScheduledTarget) => boolean;
  readonly now: Date;
}

function describe(desired: Desired, schedule: Schedule): string {
  const r = desired.reason;
  switch (r.kind) {
    case 'override':
      return `override by ${r.by} until ${r.until}: ${r.reason}`;
    case 'holiday':
      return `holiday ${r.date} in schedule ${schedule.name}`;
    case 'period':
      return `schedule ${schedule.name} period ${r.period + 1} (${schedule.timeZone})`;
    case 'off-hours':
      return `schedule ${schedule.name} off hours (${schedule.timeZone})`;
  }
}

const sameRecord = (a: ScheduleRecord | undefined, b: ScheduleRecord) =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);

export function planTick(input: TickInput): TickPlan {
  const actions: PlannedAction[] = [];
  const skipped: Skipped[] = [];
  const failures: DetectedFailure[] = [];
  const records: ScheduleRecord[] = [];
  const nowIso = input.now.toISOString();

  for (const target of input.targets) {
    const skip = (reason: SkipReason, detail: string) => skipped.push({ target, reason, detail });
    const schedule = input.schedules.get(target.schedule);
    if (!schedule) {
      skip('unknown-schedule', `no schedule named ${target.schedule}`);
      continue;
    }
    const observation = input.observed.get(target.resourceId);
    if (!observation) {
      skip('not-observed', 'the service did not report this resource');
      continue;
    }
    if (observation.state === 'gone') {
      skip('gone', `${observation.native}`);
      continue;
    }
    // Never planned nor recorded on its own: the cluster's schedule moves it.
    if (target.kind === 'rds:db-instance' && observation.dbCluster !== undefined) {
      skip(
        'cluster-member',
        `member of Aurora cluster ${observation.dbCluster}: schedule the cluster, which starts and stops its members together`,
      );
      continue;
    }
    const desired = desiredState(schedule, input.overrides, target.resourceId, input.now);
    const previous = input.records.get(target.resourceId);
    const base: ScheduleRecord = {
      resourceId: target.resourceId,
      schedule: schedule.name,
      lastDesired: desired.state,
      ...(previous?.lastAction ? { lastAction: previous.lastAction } : {}),
    };

    // A start accepted on an earlier tick that left the instance stopped: say so once, then hold.
    if (
      previous?.lastAction?.action === 'start' &&
      previous.failure === undefined &&
      desired.state === 'running' &&
      observation.state === 'stopped' &&
      observation.stateReason !== undefined &&
      LAUNCH_FAILURE.test(observation.stateReason)
    ) {
      const record = {
        ...base,
        failure: { desired: desired.state, at: nowIso, reason: observation.stateReason },
      };
      failures.push({ target, reason: `started but stopped again: ${observation.stateReason}`, record });
      continue;
    }
    const matches =
      (desired.state === 'running' &&
        (observation.state === 'running' || observation.state === 'starting')) ||
      (desired.state === 'stopped' && (observation.state === 'stopped' || observation.state === 'stopping'));
    if (!matches && previous?.failure && previous.failure.desired === desired.state) {
      skip('failing', previous.failure.reason);
      continue;
    }
    const rdsAutoStart =
      (target.kind === 'rds:db-instance' || target.kind === 'rds:db-cluster') &&
      desired.state === 'stopped' &&
      observation.state === 'running' &&
      previous?.lastAction?.action === 'stop' &&
      input.now.getTime() - Date.parse(previous.lastAction.at) >= RDS_AUTO_START_MS;
    const boundary =
      previous === undefined || previous.lastDesired !== desired.state || previous.schedule !== schedule.name;
    const wanted = !matches && (schedule.enforcement === 'enforced' || boundary || rdsAutoStart);

    if (!wanted || observation.state === 'starting' || observation.state === 'stopping') {
      // In `respect-manual` a resource someone changed by hand is left alone until the next boundary.
      if (!sameRecord(previous, base)) records.push(base);
      continue;
    }
    if (observation.state === 'busy') {
      skip('busy', `${observation.native}: the service refuses a start or stop now`);
      continue;
    }
    if (!input.optedIn(target)) {
      skip(
        'not-opted-in',
        'neither the resource (tag hostmaster:remediation=allow) nor its account allows actions',
      );
      continue;
    }
    if (target.kind === 'ec2:instance' && observation.autoScalingGroup !== undefined) {
      skip(
        'auto-scaling-member',
        `belongs to Auto Scaling group ${observation.autoScalingGroup}: schedule the group, or the group replaces the instance`,
      );
      continue;
    }
    const action = actionFor(desired.state);
    if (
      target.kind === 'ec2:instance' &&
      action === 'stop' &&
      observation.rootDeviceType === 'instance-store'
    ) {
      skip('instance-store', 'an instance-store-backed instance cannot be stopped, only terminated');
      continue;
    }
    const reason = rdsAutoStart
      ? `RDS started it automatically after 7 days stopped; stopped again (${describe(desired, schedule)})`
      : describe(desired, schedule);
    actions.push({
      target,
      action,
      hibernate: action === 'stop' && schedule.hibernate && observation.hibernationEnabled === true,
      desired,
      reason,
      record: { ...base, lastAction: { action, at: nowIso } },
    });
  }
  return { actions, skipped, failures, records };
}
