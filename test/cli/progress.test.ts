import { describe, expect, it } from 'vitest';
import { createScanProgress } from '../../bin/cli/progress';
import type { ScanRun } from '../../functions/domain/model';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

function run(status: ScanRun['status'], counts: Record<string, number>): ScanRun {
  return {
    scanId: 's',
    accountId: '111122223333',
    region: 'us-east-1',
    startedAt: '2026-12-03T00:00:00.000Z',
    finishedAt: '2026-12-03T00:00:01.000Z',
    durationMs: 1000,
    status,
    counts,
    changes: { added: 0, updated: 0, gone: 0, unchanged: 0 },
    apiCalls: 3,
    retries: 0,
    errors: [],
  };
}

/** The text the terminal shows last: what follows the final line clear. */
const visible = (writes: readonly string[]) => writes.join('').split('\r\u001b[2K').at(-1);

describe('scan progress', () => {
  it('redraws one line with jobs done of total, resources found and elapsed time on a terminal', () => {
    // Prepare
    let clock = 0;
    const { writes, stream } = recorder(true);
    const progress = createScanProgress(stream, { now: () => clock, minIntervalMs: 0 });

    // Act
    progress.planned(3);
    clock = 1200;
    progress.jobDone(run('succeeded', { 'ec2:instance': 1000, 'ec2:volume': 234 }));
    const afterOne = visible(writes);
    clock = 2500;
    progress.jobDone(run('partial', { 's3:bucket': 2 }));
    const afterTwo = visible(writes);
    progress.step('reading CloudWatch utilization');
    const during = visible(writes);
    progress.finish();

    // Assess
    expect(afterOne).toBe('scanning 1/3 jobs, 1,234 resources, 1.2s');
    expect(afterTwo).toBe('scanning 2/3 jobs, 1,236 resources, 1 not fully collected, 2.5s');
    expect(during).toBe('reading CloudWatch utilization (1,236 resources from 2 jobs), 2.5s');
    expect(visible(writes)).toBe('');
  });

  it('redraws at most once per interval but always for the last job', () => {
    // Prepare
    let clock = 0;
    const { writes, stream } = recorder(true);
    const progress = createScanProgress(stream, { now: () => clock, minIntervalMs: 100 });
    progress.planned(3);

    // Act
    clock = 10;
    progress.jobDone(run('succeeded', {}));
    clock = 20;
    progress.jobDone(run('succeeded', {}));
    const skipped = writes.length;
    clock = 30;
    progress.jobDone(run('succeeded', {}));

    // Assess
    expect(skipped).toBe(1);
    expect(visible(writes)).toBe('scanning 3/3 jobs, 0 resources, 0.0s');
  });

  it('writes nothing when stderr is not a terminal', () => {
    // Prepare
    const { writes, stream } = recorder(false);
    const progress = createScanProgress(stream, { now: () => 0 });

    // Act
    progress.planned(2);
    progress.jobDone(run('succeeded', { 'ec2:instance': 1 }));
    progress.step('reading CloudWatch utilization');
    progress.finish();

    // Assess
    expect(writes).toEqual([]);
  });

  it('writes nothing with --quiet, even on a terminal', () => {
    // Prepare
    const { writes, stream } = recorder(true);
    const progress = createScanProgress(stream, { quiet: true, now: () => 0 });

    // Act
    progress.planned(2);
    progress.jobDone(run('succeeded', { 'ec2:instance': 1 }));
    progress.finish();

    // Assess
    expect(writes).toEqual([]);
  });
});
