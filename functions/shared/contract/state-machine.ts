/**
 * The scan state machine, described once: `lib/` names its states with these constants, and the local
 * runner (aws-local-stepfunctions, which keys its task handlers by state name) and tests look them up
 * here instead of repeating string literals.
 */
export const SCAN_STATES = {
  /** Lambda task running functions/handlers/scan-plan.ts; its output is a {@link ScanPlanOutput}. */
  plan: 'PlanScan',
  /**
   * Distributed Map over the plan's jobs object in S3 (ItemReader, JSON Lines); each child execution
   * receives a {@link ScanJobInput}, and the Map Run's results go to S3 (ResultWriter).
   */
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

/**
 * Where a scan's work lives in the scan bucket: the plan writes the jobs (one JSON object a line, what
 * the Distributed Map's ItemReader reads), the Map Run writes its results under `results/`.
 */
export const SCAN_OBJECTS = {
  jobsKey: (scanId: string) => `scans/${scanId}/jobs.jsonl`,
  resultsPrefix: 'scan-results',
} as const;

/** An object in S3. */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * What the plan task returns. The jobs themselves are in S3, not in the state: a Standard execution's
 * payload is limited to 256 KB, and 1,000 accounts × 17 regions is about 1 MB of jobs.
 */
export interface ScanPlanOutput {
  readonly scanId: string;
  /** How many jobs the object holds. */
  readonly jobCount: number;
  /** The JSON Lines object of `{ accountId, region }` the Distributed Map reads. */
  readonly jobs: ObjectLocation;
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
