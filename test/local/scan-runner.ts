/**
 * Runs scans locally with the same plan, worker and analyze handlers the scan state machine invokes, either
 * through the synthesized state machine definition (aws-local-stepfunctions) or, when no definition
 * is available, by the same steps in process: plan, then the jobs with bounded concurrency, each
 * retried like the state machine retries it, failed jobs set aside like its dead-letter queue, then
 * the analysis.
 */
import type { ScanJobInput, ScanPlanOutput } from '../../functions/shared/contract/state-machine';
import { SCAN_STATES } from '../../functions/shared/contract/state-machine';
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
}

export interface ScanExecutor {
  run(input: Record<string, unknown>): Promise<ScanExecutionResult>;
}

export interface InProcessScanOptions {
  /** Jobs run at once, as the Map state's MaxConcurrency. @default 4 */
  readonly concurrency?: number;
  /** Attempts per job, as the worker's Retry. @default 3 */
  readonly attempts?: number;
}

export function inProcessScanExecutor(
  handlers: ScanHandlers,
  options: InProcessScanOptions = {},
): ScanExecutor {
  const concurrency = options.concurrency ?? 4;
  const attempts = options.attempts ?? 3;
  return {
    async run(input) {
      const started = Date.now();
      const plan = (await handlers.plan(input, lambdaContext('hostmaster-scan-plan'))) as ScanPlanOutput;
      const failedJobs: { job: ScanJobInput; error: string }[] = [];
      const queue = plan.jobs.map((job) => ({
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
      await Promise.all(Array.from({ length: Math.min(concurrency, plan.jobs.length) }, next));
      await handlers.analyze(
        { scanId: plan.scanId, trigger: 'scan' },
        lambdaContext('hostmaster-analyze', 600_000),
      );
      return {
        scanId: plan.scanId,
        jobs: plan.jobs.length,
        failedJobs,
        durationMs: Date.now() - started,
        engine: 'in-process',
      };
    },
  };
}

/**
 * Runs the synthesized scan state machine. Task states are mapped by name to the handlers; a
 * LambdaInvoke task hands its handler `{ FunctionName, Payload }` and expects `{ Payload }` back.
 */
export async function stateMachineScanExecutor(
  definition: Record<string, unknown>,
  handlers: ScanHandlers,
): Promise<ScanExecutor> {
  await import('./promise-with-resolvers');
  const { StateMachine } = await import('aws-local-stepfunctions');
  // biome-ignore lint/suspicious/noExplicitAny: the definition comes from the synthesized template.
  const machine = new StateMachine(definition as any, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  return {
    async run(input) {
      const started = Date.now();
      let scanId = typeof input.scanId === 'string' ? input.scanId : '';
      let jobs = 0;
      const failedJobs: { job: ScanJobInput; error: string }[] = [];
      const execution = machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: {
            [SCAN_STATES.plan]: async (task) => {
              const output = (await handlers.plan(
                lambdaPayload(task),
                lambdaContext('hostmaster-scan-plan'),
              )) as ScanPlanOutput;
              scanId = output.scanId;
              jobs = output.jobs.length;
              return { Payload: output as never };
            },
            [SCAN_STATES.worker]: async (task) => ({
              Payload: (await handlers.worker(
                lambdaPayload(task),
                lambdaContext('hostmaster-scan-worker', 600_000),
              )) as never,
            }),
            [SCAN_STATES.analyze]: async (task) => ({
              Payload: (await handlers.analyze(
                lambdaPayload(task),
                lambdaContext('hostmaster-analyze', 600_000),
              )) as never,
            }),
            [SCAN_STATES.deadLetter]: async (task) => {
              const message = deadLetterOf(task);
              failedJobs.push(message);
              return { MessageId: `local-${failedJobs.length}` };
            },
          },
          retryIntervalOverrides: { [SCAN_STATES.worker]: 50 },
        },
      });
      await execution.result;
      return { scanId, jobs, failedJobs, durationMs: Date.now() - started, engine: 'state-machine' };
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
