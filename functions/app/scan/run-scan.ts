import { describeError } from '../../adapters/aws/errors';
import type { ScanRun } from '../../domain/model';
import type { ScanJob } from '../../domain/scan/job';
import { mapBounded } from '../../shared/map-bounded';
import { runScanJob, type ScanJobDependencies, ScanJobError } from './run-job';

export interface RunScanOptions extends ScanJobDependencies {
  /** Jobs in flight at once (the state machine's Map MaxConcurrency plays this role when deployed). @default 8 */
  readonly concurrency?: number;
  /** Called as each job finishes, whatever its status (the CLI's progress line). @default none */
  readonly onRun?: (run: ScanRun) => void;
}

/**
 * Runs every job with bounded concurrency (the CLI, the benchmark and the local runtime; deployed,
 * Step Functions' Map does this). A job that throws becomes a failed run instead of stopping the rest.
 */
export async function runScan(jobs: readonly ScanJob[], options: RunScanOptions): Promise<ScanRun[]> {
  return mapBounded(jobs, options.concurrency ?? 8, async (job) => {
    const run = await runOneJob(job, options);
    options.onRun?.(run);
    return run;
  });
}

async function runOneJob(job: ScanJob, options: RunScanOptions): Promise<ScanRun> {
  try {
    return await runScanJob(job, options);
  } catch (error) {
    if (error instanceof ScanJobError) return error.run;
    const { code, message } = describeError(error);
    const now = (options.now ?? (() => new Date()))().toISOString();
    return {
      scanId: job.scanId,
      accountId: job.accountId,
      ...(job.accountName ? { accountName: job.accountName } : {}),
      region: job.region,
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      status: 'failed',
      counts: {},
      changes: { added: 0, updated: 0, gone: 0, unchanged: 0 },
      apiCalls: 0,
      retries: 0,
      errors: [{ collector: 'job', code, message }],
    } satisfies ScanRun;
  }
}
