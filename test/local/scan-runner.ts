/**
 * Runs scans locally with the same plan, worker and analyze handlers the scan state machine invokes, either
 * through the synthesized state machine definition (aws-local-stepfunctions, with its Distributed Map
 * run by distributed-map.ts over the sandbox's S3) or, when no definition is available, by the same
 * steps in process: plan, then the jobs it wrote to S3 with bounded concurrency, each retried like the
 * state machine retries it, failed jobs set aside like its dead-letter queue, then the analysis.
 */
import type { ScanJobInput, ScanPlanOutput } from '../../functions/shared/contract/state-machine';
import { SCAN_STATES } from '../../functions/shared/contract/state-machine';
import {
  type MapRunObjects,
  type MapRunReport,
  withAwsTaskTimeouts,
  withLocalDistributedMaps,
} from './distributed-map';
import { type LambdaHandler, lambdaContext } from './lambda-context';

export interface ScanHandlers {
  readonly plan: LambdaHandler;
  readonly worker: LambdaHandler;
  /** The Analyze step, run once after every job. */
  readonly analyze: LambdaHandler;
}

export interface ScanExecutionResult {
  readonly scanId: string;
  readonly jobs: number;
  /** Jobs whose worker failed every attempt (the state machine's dead letters). */
  readonly failedJobs: readonly { readonly job: ScanJobInput; readonly error: string }[];
  readonly durationMs: number;
  /** How it ran: the synthesized definition, or the in-process equivalent. */
  readonly engine: 'state-machine' | 'in-process';
  /** The Distributed Map's run (state-machine engine only). */
  readonly mapRun?: MapRunReport;
  /** The parent execution's history: events and states entered (state-machine engine only). */
  readonly parentHistoryEvents?: number;
  readonly parentStateTransitions?: number;
  /** The plan's output, as big as it is in the parent's state. */
  readonly planOutputBytes?: number;
  /** Where the Map Run's ResultWriter put its manifest (state-machine engine only). */
  readonly resultsManifest?: { readonly Bucket: string; readonly Key: string };
}

/** Reads the plan's jobs object (JSON Lines) back. */
async function readJobs(
  objects: MapRunObjects,
  plan: ScanPlanOutput,
): Promise<{ accountId: string; region: string }[]> {
  const body = await objects.get(plan.jobs.bucket, plan.jobs.key);
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { accountId: string; region: string });
}

export interface ScanExecutor {
  run(input: Record<string, unknown>): Promise<ScanExecutionResult>;
}

export interface InProcessScanOptions {
  /** Where the plan's jobs object is read from. */
  readonly objects: MapRunObjects;
  /** Jobs run at once, as the Map state's MaxConcurrency. @default 4 */
  readonly concurrency?: number;
  /** Attempts per job, as the worker's Retry. @default 3 */
  readonly attempts?: number;
}

export function inProcessScanExecutor(handlers: ScanHandlers, options: InProcessScanOptions): ScanExecutor {
  const concurrency = options.concurrency ?? 4;
  const attempts = options.attempts ?? 3;
  return {
    async run(input) {
      const started = Date.now();
      const plan = (await handlers.plan(input, lambdaContext('hostmaster-scan-plan'))) as ScanPlanOutput;
      const failedJobs: { job: ScanJobInput; error: string }[] = [];
      const jobs = await readJobs(options.objects, plan);
      const queue = jobs.map((job) => ({
        scanId: plan.scanId,
        accountId: job.accountId,
        region: job.region,
      }));
      const next = async (): Promise<void> => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          let lastError = '';
          for (let attempt = 1; attempt <= attempts; attempt++) {
            try {
              await handlers.worker(job, lambdaContext('hostmaster-scan-worker', 600_000));
              lastError = '';
              break;
            } catch (error) {
              lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            }
          }
          if (lastError) failedJobs.push({ job, error: lastError });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, next));
      await handlers.analyze(
        { scanId: plan.scanId, trigger: 'scan' },
        lambdaContext('hostmaster-analyze', 600_000),
      );
      return {
        scanId: plan.scanId,
        jobs: jobs.length,
        failedJobs,
        durationMs: Date.now() - started,
        engine: 'in-process',
      };
    },
  };
}

export interface StateMachineScanOptions {
  /** S3 for the Distributed Map's ItemReader and ResultWriter (the sandbox's, locally). */
  readonly objects: MapRunObjects;
  /** Caps the Map's MaxConcurrency locally. @default 32 */
  readonly localConcurrencyCap?: number;
  /** Wait between worker retries, instead of the definition's seconds. @default 50 */
  readonly retryIntervalMs?: number;
}

/**
 * Runs the synthesized scan state machine. Task states are mapped by name to the handlers; a
 * LambdaInvoke task hands its handler `{ FunctionName, Payload }` and expects `{ Payload }` back. The
 * Distributed Map runs its child executions (the ItemProcessor) with the same handlers.
 */
export async function stateMachineScanExecutor(
  definition: Record<string, unknown>,
  handlers: ScanHandlers,
  options: StateMachineScanOptions,
): Promise<ScanExecutor> {
  await import('./promise-with-resolvers');
  const { StateMachine } = await import('aws-local-stepfunctions');
  return {
    async run(input) {
      const started = Date.now();
      let scanId = typeof input.scanId === 'string' ? input.scanId : '';
      let jobs = 0;
      let planOutputBytes = 0;
      let mapRun: MapRunReport | undefined;
      const failedJobs: { job: ScanJobInput; error: string }[] = [];
      const taskHandlers = {
        [SCAN_STATES.plan]: async (task: unknown) => {
          const output = (await handlers.plan(
            lambdaPayload(task),
            lambdaContext('hostmaster-scan-plan'),
          )) as ScanPlanOutput;
          scanId = output.scanId;
          jobs = output.jobCount;
          planOutputBytes = Buffer.byteLength(JSON.stringify(output));
          return { Payload: output as never };
        },
        [SCAN_STATES.worker]: async (task: unknown) => ({
          Payload: (await handlers.worker(
            lambdaPayload(task),
            lambdaContext('hostmaster-scan-worker', 600_000),
          )) as never,
        }),
        [SCAN_STATES.analyze]: async (task: unknown) => ({
          Payload: (await handlers.analyze(
            lambdaPayload(task),
            lambdaContext('hostmaster-analyze', 600_000),
          )) as never,
        }),
        [SCAN_STATES.deadLetter]: async (task: unknown) => {
          const message = deadLetterOf(task);
          failedJobs.push(message);
          return { MessageId: `local-${failedJobs.length}` };
        },
      };
      const local = withLocalDistributedMaps(withAwsTaskTimeouts(definition), () => taskHandlers, {
        objects: options.objects,
        ...(options.localConcurrencyCap ? { localConcurrencyCap: options.localConcurrencyCap } : {}),
        retryIntervalOverrides: { [SCAN_STATES.worker]: options.retryIntervalMs ?? 50 },
        onReport: (report) => {
          mapRun = report;
        },
      });
      // biome-ignore lint/suspicious/noExplicitAny: the definition comes from the synthesized template.
      const machine = new StateMachine(local.definition as any, {
        validationOptions: { checkArn: false, checkPaths: false },
      });
      const execution = machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: { ...taskHandlers, ...local.handlers } as never,
          retryIntervalOverrides: { [SCAN_STATES.worker]: options.retryIntervalMs ?? 50 },
        },
      });
      let parentHistoryEvents = 0;
      let parentStateTransitions = 0;
      const counting = (async () => {
        for await (const event of execution.eventLogs) {
          parentHistoryEvents++;
          if (event.type === 'StateEntered') parentStateTransitions++;
        }
      })();
      const output = (await execution.result) as {
        scanResults?: { results?: { Bucket: string; Key: string } };
      } | null;
      await counting;
      const resultsManifest = output?.scanResults?.results;
      return {
        scanId,
        jobs,
        failedJobs,
        durationMs: Date.now() - started,
        engine: 'state-machine',
        ...(mapRun ? { mapRun } : {}),
        parentHistoryEvents,
        parentStateTransitions,
        planOutputBytes,
        ...(resultsManifest ? { resultsManifest } : {}),
      };
    },
  };
}

function lambdaPayload(task: unknown): unknown {
  if (task && typeof task === 'object' && 'Payload' in task) return (task as { Payload: unknown }).Payload;
  return task;
}

function deadLetterOf(task: unknown): { job: ScanJobInput; error: string } {
  const record = (task && typeof task === 'object' ? task : {}) as Record<string, unknown>;
  const body =
    typeof record.MessageBody === 'string' ? JSON.parse(record.MessageBody) : (record.MessageBody ?? record);
  const { error, ...job } = body as ScanJobInput & { error?: { Error?: string; Cause?: string } };
  return { job, error: [error?.Error, error?.Cause].filter(Boolean).join(': ') };
}
