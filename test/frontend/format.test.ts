import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDay,
  formatDuration,
  formatRelative,
  formatUsd,
  formatUsdShort,
  humanizeKey,
  isIsoDate,
  plural,
} from '../../frontend/src/format';

const now = Date.parse('2026-11-23T12:00:00Z');

describe('formatting', () => {
  it('says how long ago something happened', () => {
    // Assess
    expect(formatRelative('2026-11-23T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-11-23T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-11-23T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-11-20T12:00:00Z', now)).toBe('3 d ago');
    expect(formatRelative('2026-11-23T12:10:00Z', now)).toBe('in 10 min');
  });

  it('formats durations from milliseconds to hours', () => {
    // Assess
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });

  it('turns attribute keys into labels', () => {
    // Assess
    expect(humanizeKey('iamInstanceProfileArn')).toBe('IAM instance profile ARN');
    expect(humanizeKey('sizeGiB')).toBe('Size (GiB)');
    expect(humanizeKey('throughputMiBps')).toBe('Throughput (MiB/s)');
    expect(humanizeKey('ipv4Ranges')).toBe('IPv4 ranges');
    expect(humanizeKey('multiAz')).toBe('Multi AZ');
    expect(humanizeKey('securityGroupIds')).toBe('Security group IDs');
    expect(humanizeKey('durationMs')).toBe('Duration (ms)');
    expect(humanizeKey('imdsV2Required')).toBe('IMDSv2 required');
  });

  it('recognises ISO timestamps only', () => {
    // Assess
    expect(isIsoDate('2026-11-23T12:00:00.000Z')).toBe(true);
    expect(isIsoDate('2026-11-23T12:00:00+01:00')).toBe(true);
    expect(isIsoDate('2026-11-23')).toBe(false);
    expect(isIsoDate('i-0abc')).toBe(false);
  });

  it('pluralises with thousands separators', () => {
    // Assess
    expect(plural(1, 'resource')).toBe('1 resource');
    expect(plural(10_000, 'resource')).toBe('10,000 resources');
    expect(plural(2, 'retry', 'retries')).toBe('2 retries');
  });
});

describe('money and change formatting', () => {
  it('prints dollars with cents, whole dollars for headlines, and short axis labels', () => {
    // Assess
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-0)).toBe('$0.00');
    expect(formatUsd(1234.5, { whole: true })).toBe('$1,235');
    expect([formatUsdShort(0), formatUsdShort(0.5), formatUsdShort(340), formatUsdShort(1500)]).toEqual([
      '$0',
      '$0.50',
      '$340',
      '$1.5k',
    ]);
    expect(formatUsdShort(25_000)).toBe('$25k');
    expect(formatUsdShort(2_500_000)).toBe('$2.5M');
    expect(formatChange(12.34)).toBe('+12.3%');
    expect(formatChange(-4)).toBe('−4.0%');
    expect(formatDay('2026-11-23')).toBe('23 Nov');
    expect(formatDay('2026-11-23', { long: true })).toBe('23 Nov 2026');
  });
});
