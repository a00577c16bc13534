/**
 * The scheduler's EventBridge schedule, locally: every `intervalMs` it runs the synthesized scheduler
 * state machine (aws-local-stepfunctions) with the real plan and worker handlers, with the tick's
 * instant as the schedule would pass it. One tick at a time; a tick still running skips the next.
 */
import { SCHEDULE_STATES } from '../../functions/shared/contract/schedule-state-machine';
import { type LambdaHandler, lambdaContext } from './lambda-context';

export interface ScheduleTickerOptions {
  readonly definition: Record<string, unknown>;
  readonly plan: LambdaHandler;
  readonly worker: LambdaHandler;
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}

export interface ScheduleTicker {
  /** Runs one tick now (as the schedule would at `at`). */
  tick(at?: Date): Promise<void>;
  stop(): void;
}

const payloadOf = (task: unknown) =>
  task && typeof task === 'object' && 'Payload' in task ? (task as { Payload: unknown }).Payload : task;

export async function startScheduleTicker(options: ScheduleTickerOptions): Promise<ScheduleTicker> {
  await import('./promise-with-resolvers');
  const { StateMachine } = await import('aws-local-stepfunctions');
  // biome-ignore lint/suspicious/noExplicitAny: the definition comes from the synthesized template.
  const machine = new StateMachine(options.definition as any, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  let running: Promise<void> | undefined;
  const tick = (at = new Date()): Promise<void> => {
    running ??= machine
      .run({ trigger: 'schedule', scheduledTime: at.toISOString() } as never, {
        overrides: {
          taskResourceLocalHandlers: {
            [SCHEDULE_STATES.plan]: async (task) => ({
              Payload: (await options.plan(
                payloadOf(task),
                lambdaContext('hostmaster-schedule-plan'),
              )) as never,
            }),
            [SCHEDULE_STATES.worker]: async (task) => ({
              Payload: (await options.worker(
                payloadOf(task),
                lambdaContext('hostmaster-schedule-worker', 240_000),
              )) as never,
            }),
          },
          retryIntervalOverrides: { [SCHEDULE_STATES.worker]: 50 },
        },
      })
      .result.then(
        () => undefined,
        (error: unknown) => options.onError(error),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
