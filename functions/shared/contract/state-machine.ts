/**
 * The scan state machine, described once: `lib/` names its states with these constants, and the local
 * runner (aws-local-stepfunctions, which keys its task handlers by state name) and tests look them up
 * here instead of repeating string literals.
 */
export const SCAN_STATES = {
  /** Lambda task running functions/handlers/scan-plan.ts; its output is a {@link ScanPlanOutput}. */
  plan: 'PlanScan',
  /** Map state over `$.jobs`; each iteration receives a {@link ScanJobInput}. */
  scanEachJob: 'ScanEachJob',
  /** Lambda task running functions/handlers/scan-worker.ts for one job. */
  worker: 'ScanJob',
  /** SQS task that parks a job whose worker failed every retry, then lets the Map continue. */
  deadLetter: 'SendJobToDeadLetterQueue',
  /** Lambda task running functions/handlers/analyze.ts once, after every job. */
  analyze: 'Analyze',
} as const;

/**
 * The scan execution's timeout: lib/ sets the state machine's, and the plan records the scan's
 * deadline from it (a job that has not reported by then never will: the scan is incomplete).
 */
export const SCAN_TIMEOUT_MINUTES = 120;

export type ScanStateName = (typeof SCAN_STATES)[keyof typeof SCAN_STATES];

/** What the plan task returns: the state machine maps over `jobs`. */
export interface ScanPlanOutput {
  readonly scanId: string;
  readonly jobs: readonly { readonly accountId: string; readonly region: string }[];
}

/** What each worker invocation receives (the Map's ItemSelector builds it from the plan output). */
export interface ScanJobInput {
  readonly scanId: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * The body of a dead-letter message: the job plus the error Step Functions caught (kept beside the
 * input by the Catch's ResultPath, so the job can be replayed).
 */
export interface ScanDeadLetter extends ScanJobInput {
  readonly error: { readonly Error: string; readonly Cause?: string };
}
