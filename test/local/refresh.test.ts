import { describe, expect, it } from 'vitest';
import { startLocalRefresh } from './refresh';

describe('local cost and utilization refresh', () => {
  it('waits for the first scan, then refreshes costs before utilization, and idle() covers both', async () => {
    // Prepare
    const order: string[] = [];
    let scanDone!: () => void;
    const firstScan = new Promise<void>((resolve) => {
      scanDone = resolve;
    });
    const refresh = startLocalRefresh({
      costRefresh: async () => {
        order.push('cost');
      },
      utilizationRefresh: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('utilization');
      },
      after: firstScan.then(() => {
        order.push('scan');
      }),
      log: () => undefined,
    });

    // Act
    const idle = refresh.idle();
    scanDone();
    await idle;
    await refresh.stop();

    // Assess
    expect(order).toEqual(['scan', 'cost', 'utilization']);
  });

  it('keeps going after a failed refresh', async () => {
    // Prepare
    const order: string[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    const refresh = startLocalRefresh({
      costRefresh: async () => {
        throw new Error('AccessDeniedException');
      },
      utilizationRefresh: async () => {
        order.push('utilization');
      },
      after: Promise.resolve(),
      log: () => undefined,
    });

    // Act
    await refresh.idle();
    await refresh.stop();
    console.error = original;

    // Assess
    expect(order).toEqual(['utilization']);
    expect(errors).toHaveLength(1);
  });
});
