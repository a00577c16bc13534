import type { ScanRun } from '../../functions/domain/model';

/** Where progress goes, and whether it is a terminal a person watches. */
export interface ProgressStream {
  write(text: string): unknown;
  /** Progress is drawn only on a terminal: a redirected stderr keeps just the errors. */
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** `--quiet`: no progress even on a terminal. @default false */
  readonly quiet?: boolean;
  /** Milliseconds since some origin. @default Date.now */
  readonly now?: () => number;
  /** Fewest milliseconds between two redraws (the last job always redraws). @default 100 */
  readonly minIntervalMs?: number;
}

/** What a long scan tells the person waiting for it. */
export interface ScanProgress {
  /** The plan is known: `total` jobs will run. */
  planned(total: number): void;
  /** One job finished (any status). */
  jobDone(run: ScanRun): void;
  /** A step after the scan (reading metrics, analyzing) started. */
  step(label: string): void;
  /** Clears the progress line so the report starts on a clean terminal line. */
  finish(): void;
}

const NO_PROGRESS: ScanProgress = {
  planned: () => undefined,
  jobDone: () => undefined,
  step: () => undefined,
  finish: () => undefined,
};

const CLEAR_LINE = '\r\u001b[2K';

const formatCount = (n: number) => n.toLocaleString('en-US');
const formatElapsed = (ms: number) => {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
};

/**
 * One redrawn stderr line: `scanning 12/40 jobs, 1,234 resources, 3.2s`, then the steps after the
 * scan. Nothing at all when the stream is not a terminal or `quiet` is set, so piped and scripted
 * runs see only the report and the errors.
 */
export function createScanProgress(stream: ProgressStream, options: ProgressOptions = {}): ScanProgress {
  if (options.quiet || stream.isTTY !== true) return NO_PROGRESS;
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 100;
  const started = now();
  let total = 0;
  let done = 0;
  let resources = 0;
  let failed = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;

  const draw = (text: string) => {
    stream.write(`${CLEAR_LINE}${text}, ${formatElapsed(now() - started)}`);
    lastDraw = now();
    drawn = true;
  };
  const scanLine = () =>
    `scanning ${done}/${total} jobs, ${formatCount(resources)} resources` +
    (failed > 0 ? `, ${failed} not fully collected` : '');

  return {
    planned(jobs) {
      total = jobs;
      draw(scanLine());
    },
    jobDone(run) {
      done++;
      resources += Object.values(run.counts).reduce((sum, n) => sum + n, 0);
      if (run.status !== 'succeeded') failed++;
      if (done === total || now() - lastDraw >= minInterval) draw(scanLine());
    },
    step(label) {
      draw(`${label} (${formatCount(resources)} resources from ${done} jobs)`);
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
