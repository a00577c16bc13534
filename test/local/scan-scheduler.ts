/**
 * EventBridge Scheduler's part, locally: a timer that starts a scan now and then every interval,
 * plus on-demand scans (the API's StartExecution). Scans never overlap: a request that arrives while
 * one runs is folded into a single follow-up scan, as a real schedule would simply start it later.
 */
import type { ScanExecutionResult, ScanExecutor } from './scan-runner';

export interface ScanSchedulerOptions {
  readonly executor: ScanExecutor;
  /** @default 15 minutes */
  readonly intervalMs?: number;
  readonly onResult?: (result: ScanExecutionResult) => void;
  readonly onError?: (error: unknown) => void;
}

export class LocalScanScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending: Record<string, unknown> | undefined;
  private stopped = false;
  /** Completed scans, newest last (tests and the start-up banner read it). */
  readonly results: ScanExecutionResult[] = [];

  constructor(private readonly options: ScanSchedulerOptions) {}

  /** Starts the first scan at once and the timer for the next ones. */
  start(): void {
    this.trigger({ trigger: 'schedule' });
    this.timer = setInterval(
      () => this.trigger({ trigger: 'schedule' }),
      this.options.intervalMs ?? 15 * 60_000,
    );
    this.timer.unref();
  }

  /** Starts a scan now, or once the running one finishes. */
  trigger(input: Record<string, unknown>): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = input;
      return;
    }
    this.running = this.runOne(input);
  }

  /** Resolves when no scan is running or queued. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops the timer and waits (up to `graceMs`) for the running scan. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    this.pending = undefined;
    if (this.timer) clearInterval(this.timer);
    if (this.running) {
      await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    }
  }

  private async runOne(input: Record<string, unknown>): Promise<void> {
    try {
      const result = await this.options.executor.run(input);
      this.results.push(result);
      this.options.onResult?.(result);
    } catch (error) {
      this.options.onError?.(error);
    }
    const next = this.pending;
    this.pending = undefined;
    this.running = next && !this.stopped ? this.runOne(next) : undefined;
  }
}
