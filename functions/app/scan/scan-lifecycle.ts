/**
 * A scan's record around the state machine's steps, so a scan knows its planned jobs and says
 * `incomplete` when some never ran (issue 10), and so only one scan runs at a time:
 *
 * - plan: claim the scan (a second one fails with ScanInProgressError), plan, record the jobs;
 * - each job: record its status on the scan (idempotent, so Step Functions' retries are harmless);
 * - the last step: mark the scan finished and release the claim.
 *
 * A crash or a time-out skips the last step: the claim lapses at the deadline (the execution's own
 * timeout), and jobs that did not report by then are shown as never run.
 */
import { type PlanDependencies, planScan } from '../../adapters/scan/plan';
import type { ScanRun } from '../../domain/model';
import type { ScanRecordStore } from '../../domain/ports';
import type { ScanJob, ScanPlan } from '../../domain/scan/job';
import { plannedScan } from '../../domain/scan/scan';
import { runScanJob, type ScanJobDependencies, ScanJobError } from './run-job';

export interface ScanRecordDependencies {
  readonly scanRecords: ScanRecordStore;
  /** The execution's timeout (SCAN_TIMEOUT_MINUTES): the scan's deadline and the claim's lease. */
  readonly timeoutMinutes: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The plan step: claims the scan, discovers its jobs and records them. */
export async function planRecordedScan(
  request: { readonly scanId: string; readonly trigger?: string; readonly requestedBy?: string },
  deps: PlanDependencies & ScanRecordDependencies,
): Promise<ScanPlan> {
  const at = (deps.now ?? (() => new Date()))();
  const { scanId } = request;
  await deps.scanRecords.claim({ scanId, at, until: new Date(at.getTime() + deps.timeoutMinutes * 60_000) });
  try {
    const plan = await planScan(scanId, deps);
    await deps.scanRecords.plan(
      plannedScan({
        scanId,
        plannedAt: at,
        timeoutMinutes: deps.timeoutMinutes,
        jobs: plan.jobs,
        ...(request.trigger ? { trigger: request.trigger } : {}),
        ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
      }),
    );
    return plan;
  } catch (error) {
    // Nothing will run: let the next scan start now rather than at the deadline.
    await deps.scanRecords.release(scanId);
    throw error;
  }
}

/** One job, its status recorded on its scan (also when it fails and is retried). */
export async function runReportedScanJob(
  job: ScanJob,
  deps: ScanJobDependencies & Pick<ScanRecordDependencies, 'scanRecords'>,
): Promise<ScanRun> {
  try {
    const run = await runScanJob(job, deps);
    await deps.scanRecords.report(run);
    return run;
  } catch (error) {
    if (error instanceof ScanJobError) await deps.scanRecords.report(error.run);
    throw error;
  }
}

/** The last step: the scan is finished (jobs that did not report never ran) and the next may start. */
export async function finishRecordedScan(scanId: string, deps: ScanRecordDependencies): Promise<void> {
  await deps.scanRecords.finish(scanId, (deps.now ?? (() => new Date()))());
}
