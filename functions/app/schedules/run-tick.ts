/**
 * One scheduler tick for one (account, region): load what follows a schedule, observe it live, plan,
 * record each action as an expected change (so health alerting does not call a scheduled stop
 * unexpected), act, and remember the outcome. A tick that finds nothing to change makes no mutating
 * call and writes nothing.
 */
import { expectChange } from '../../domain/alerts/expected-change';
import type { ExpectedChangeStore } from '../../domain/alerts/ports';
import type { ResourceStore } from '../../domain/ports';
import { REMEDIATION_OPT_IN_TAG } from '../../domain/schedules/opt-in';
import { planTick, type Skipped } from '../../domain/schedules/plan-tick';
import type {
  ScheduleActivity,
  ScheduleExecutor,
  ScheduleRecordStore,
  ScheduleStore,
} from '../../domain/schedules/ports';
import type { ScheduleRecord } from '../../domain/schedules/schedule-record';
import { scheduledTargets } from '../../domain/schedules/scheduled-targets';
import type { ScheduledTarget } from '../../domain/schedules/target';

/** Failures that retrying every tick cannot fix (a key to repair, a start that does not take). */
const isHeld = (code: string) => code.startsWith('PreFlight.') || code === 'StartDidNotTake';

export interface ScheduleTickDependencies {
  readonly resources: ResourceStore;
  readonly schedules: ScheduleStore;
  readonly records: ScheduleRecordStore;
  readonly expected: ExpectedChangeStore;
  /** The member remediation role's clients for one (account, region). */
  readonly executorFor: (accountId: string, region: string) => Promise<ScheduleExecutor> | ScheduleExecutor;
  /** Accounts opted in as a whole; elsewhere only resources tagged `hostmaster:remediation=allow`. */
  readonly optedInAccounts: ReadonlySet<string>;
}

export interface ScheduleTickResult {
  readonly accountId: string;
  readonly region: string;
  readonly at: string;
  readonly scheduled: number;
  readonly activity: readonly ScheduleActivity[];
  readonly skipped: readonly {
    readonly resourceId: string;
    readonly reason: Skipped['reason'];
    readonly detail: string;
  }[];
}

export async function runScheduleTick(
  scope: { readonly accountId: string; readonly region: string },
  dependencies: ScheduleTickDependencies,
  now: Date,
): Promise<ScheduleTickResult> {
  const { accountId, region } = scope;
  const at = now.toISOString();
  const [inventory, schedules, assignments, overrides, records] = await Promise.all([
    dependencies.resources.listScope(accountId, region),
    dependencies.schedules.listSchedules(),
    dependencies.schedules.listAssignments(),
    dependencies.schedules.listOverrides(now),
    dependencies.records.records(accountId, region),
  ]);
  const targets = scheduledTargets(inventory, new Map(assignments.map((a) => [a.resourceId, a.schedule])));
  const empty = { accountId, region, at, scheduled: 0, activity: [], skipped: [] };
  if (targets.length === 0) return empty;

  const executor = await dependencies.executorFor(accountId, region);
  const observed = await executor.observe(targets);
  const optedIn = (target: ScheduledTarget) =>
    dependencies.optedInAccounts.has(target.accountId) || target.tags[REMEDIATION_OPT_IN_TAG] === 'allow';
  const plan = planTick({
    targets,
    schedules: new Map(schedules.map((s) => [s.name, s])),
    overrides,
    observed,
    records,
    optedIn,
    now,
  });

  const written: ScheduleRecord[] = [...plan.records];
  const activity: ScheduleActivity[] = [];
  const entry = (target: ScheduledTarget, action: 'start' | 'stop', reason: string) => ({
    at,
    resourceId: target.resourceId,
    accountId,
    region,
    schedule: target.schedule,
    action,
    reason,
  });
  for (const failure of plan.failures) {
    written.push(failure.record);
    activity.push({
      ...entry(failure.target, 'start', failure.reason),
      outcome: 'failed',
      error: failure.reason,
    });
  }
  for (const planned of plan.actions) {
    await dependencies.expected.record(
      expectChange(planned.target.resourceId, planned.action, `schedule:${planned.target.schedule}`, now),
    );
  }
  const outcomes = plan.actions.length > 0 ? await executor.apply(plan.actions) : new Map();
  for (const planned of plan.actions) {
    const outcome = outcomes.get(planned.target.resourceId) ?? {
      ok: false,
      code: 'NoOutcome',
      message: 'the executor reported nothing for this resource',
    };
    if (outcome.ok) {
      written.push(planned.record);
      activity.push({ ...entry(planned.target, planned.action, planned.reason), outcome: 'succeeded' });
      continue;
    }
    const error = `${outcome.code}: ${outcome.message}`;
    if (isHeld(outcome.code)) {
      const { lastAction: _notTaken, ...kept } = planned.record;
      const lastAction = records.get(planned.target.resourceId)?.lastAction;
      written.push({
        ...kept,
        ...(lastAction ? { lastAction } : {}),
        failure: { desired: planned.desired.state, at, reason: error },
      });
    }
    activity.push({ ...entry(planned.target, planned.action, planned.reason), outcome: 'failed', error });
  }
  if (written.length > 0) await dependencies.records.putRecords(accountId, region, written);
  if (activity.length > 0) await dependencies.records.putActivity(activity);
  return {
    ...empty,
    scheduled: targets.length,
    activity,
    skipped: plan.skipped.map((s) => ({
      resourceId: s.target.resourceId,
      reason: s.reason,
      detail: s.detail,
    })),
  };
}
