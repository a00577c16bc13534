import { describe, expect, it } from 'vitest';
import { type CallRecord, callRates, peakInWindow } from './calls';

const call = (timestamp: number, action = 'DescribeInstances'): CallRecord => ({
  accountId: '123456789012',
  region: 'eu-west-1',
  service: 'ec2',
  action,
  timestamp,
  outcome: 'ok',
  status: 200,
  durationMs: 1,
});

describe('call rates', () => {
  it('finds the most calls in any sliding 1-second window', () => {
    // Act
    const peak = peakInWindow([0, 100, 1100, 1500, 1800, 1900, 1950, 2200]);

    // Assess: [1100, 2100) holds 1100, 1500, 1800, 1900, 1950
    expect(peak).toBe(5);
  });

  it('groups calls per (account, region, service, action)', () => {
    // Act
    const rates = callRates([call(0), call(10), call(2000), call(5, 'DescribeVolumes')]);

    // Assess
    expect(rates).toEqual([
      expect.objectContaining({ action: 'DescribeInstances', calls: 3, peakPerSecond: 2 }),
      expect.objectContaining({ action: 'DescribeVolumes', calls: 1, peakPerSecond: 1 }),
    ]);
  });
});
