/**
 * The cost and utilization schedules, locally: once the first scan has stored an inventory, the
 * Cost Explorer refresh and then the CloudWatch utilization refresh (which runs the analysis again,
 * now with metrics and costs) run once, then each on its own interval, as their EventBridge Scheduler
 * schedules would. Runs never overlap: a tick that finds the previous cycle running is skipped.
 */
import { type LambdaHandler, lambdaContext } from './lambda-context';

export interface LocalRefreshOptions {
  readonly costRefresh: LambdaHandler;
  readonly utilizationRefresh: LambdaHandler;
  /** Resolves when the inventory the refreshes read exists (the first scan). */
  readonly after: Promise<void>;
  /** @default 8 hours, as the deployed schedule */
  readonly costIntervalMs?: number;
  /** @default 24 hours, as the deployed schedule */
  readonly utilizationIntervalMs?: number;
  readonly log: (line: string) => void;
}

export interface LocalRefresh {
  /** Resolves when no refresh is running (the first cycle included). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startLocalRefresh(options: LocalRefreshOptions): LocalRefresh {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];

  const runStep = async (name: string, handler: LambdaHandler): Promise<void> => {
    const started = Date.now();
    try {
      await handler({}, lambdaContext(`hostmaster-${name.toLowerCase().replace(/\W+/g, '-')}`, 900_000));
      options.log(`${name} completed in ${Date.now() - started} ms`);
    } catch (error) {
      console.error(`${name} failed`, error);
    }
  };
  const run = (steps: readonly [string, LambdaHandler][]) => {
    if (stopped || running) return;
    running = (async () => {
      for (const [name, handler] of steps) {
        if (!stopped) await runStep(name, handler);
      }
    })().finally(() => {
      running = undefined;
    });
  };
  const cost: [string, LambdaHandler] = ['Cost refresh', options.costRefresh];
  const utilization: [string, LambdaHandler] = [
    'Utilization refresh and analysis',
    options.utilizationRefresh,
  ];

  const every = (ms: number, step: [string, LambdaHandler]) => {
    const timer = setInterval(() => run([step]), ms);
    timer.unref();
    timers.push(timer);
  };
  const firstCycle = options.after.then(() => {
    if (stopped) return;
    run([cost, utilization]);
    every(options.costIntervalMs ?? 8 * 3_600_000, cost);
    every(options.utilizationIntervalMs ?? 24 * 3_600_000, utilization);
    return running;
  });

  return {
    async idle() {
      await firstCycle;
      while (running) await running;
    },
    /** Stops the timers and waits for a running refresh (not for the first scan). */
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await running;
    },
  };
}
