/**
 * The scheduler's state machine (issue 12), described once for `lib/`, the local runner and tests:
 * a plan task lists the (account, region) scopes that have scheduled resources, a Map runs one tick
 * per scope, all at the plan's instant.
 */
export const SCHEDULE_STATES = {
  /** Lambda task running functions/handlers/schedule-plan.ts; output {@link SchedulePlanOutput}. */
  plan: 'PlanScheduleTick',
  /** Map over `$.scopes`; each iteration receives a {@link ScheduleTickInput}. */
  tickEachScope: 'TickEachScope',
  /** Lambda task running functions/handlers/schedule-worker.ts for one scope. */
  worker: 'ScheduleTick',
  /** Pass state that keeps a scope's error beside it, so one account's failure does not stop the rest. */
  failed: 'ScopeFailed',
} as const;

export interface SchedulePlanOutput {
  /** The tick's instant (ISO): every scope decides as of it. */
  readonly at: string;
  readonly scopes: readonly { readonly accountId: string; readonly region: string }[];
}

export interface ScheduleTickInput {
  readonly at: string;
  readonly accountId: string;
  readonly region: string;
}
