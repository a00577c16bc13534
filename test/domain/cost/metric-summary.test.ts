import { describe, expect, it } from 'vitest';
import {
  buildUtilizationLookup,
  hourOfWeek,
  nearestRankPercentile,
  spanDays,
  summarizeMetric,
} from '../../../functions/domain/cost/metric-summary';

const start = Date.parse('2026-11-09T00:00:00Z'); // a Monday
const points = (hours: number, value: (h: number) => number) =>
  Array.from({ length: hours }, (_, h) => ({
    timestamp: new Date(start + h * 3_600_000).toISOString(),
    value: value(h),
  }));

describe('summarizeMetric', () => {
  it('computes average, nearest-rank percentiles, maximum and sum of 1..100', () => {
    // Prepare: values 1..100, shuffled in time
    const data = points(100, (h) => ((h * 37) % 100) + 1);
    // Act
    const s = summarizeMetric('i-1', 'CPUUtilization', data)!;
    // Assess
    expect(s).toMatchObject({
      datapoints: 100,
      average: 50.5,
      p50: 50,
      p95: 95,
      p99: 99,
      maximum: 100,
      sum: 5050,
    });
    expect(s.hourOfWeekAverage).toBeUndefined();
  });

  it('spans exactly 14 days for 336 hourly datapoints and builds the hour-of-week profile', () => {
    const s = summarizeMetric(
      'i-1',
      'CPUUtilization',
      points(336, (h) => h % 168),
    )!;
    expect(spanDays(s)).toBe(14);
    expect(s.hourOfWeekAverage).toHaveLength(168);
    expect(s.hourOfWeekAverage?.[0]).toBe(0);
    expect(s.hourOfWeekAverage?.[167]).toBe(167);
  });

  it('omits the hour-of-week profile when an hour of the week has no datapoint', () => {
    const gappy = points(336, (h) => h).filter((_, h) => h % 168 !== 30);
    expect(summarizeMetric('i-1', 'CPUUtilization', gappy)?.hourOfWeekAverage).toBeUndefined();
  });

  it('ignores non-finite values and answers undefined for no data', () => {
    expect(summarizeMetric('i-1', 'CPUUtilization', [])).toBeUndefined();
    const s = summarizeMetric('i-1', 'CPUUtilization', [
      { timestamp: '2026-11-09T00:00:00Z', value: Number.NaN },
      { timestamp: '2026-11-09T01:00:00Z', value: 4 },
    ]);
    expect(s).toMatchObject({ datapoints: 1, average: 4 });
  });
});

describe('nearestRankPercentile and hourOfWeek', () => {
  it('never interpolates', () => {
    expect(nearestRankPercentile([10, 20, 30, 40], 50)).toBe(20);
    expect(nearestRankPercentile([10, 20, 30, 40], 51)).toBe(30);
    expect(nearestRankPercentile([7], 99)).toBe(7);
  });

  it('counts Monday 00:00 UTC as hour 0 and Sunday 23:00 as 167', () => {
    expect(hourOfWeek(new Date('2026-11-09T00:00:00Z'))).toBe(0);
    expect(hourOfWeek(new Date('2026-11-15T23:00:00Z'))).toBe(167);
  });
});

describe('buildUtilizationLookup', () => {
  it('finds a summary by resource and metric', () => {
    const cpu = summarizeMetric(
      'i-1',
      'CPUUtilization',
      points(3, () => 1),
    )!;
    const lookup = buildUtilizationLookup([cpu]);
    expect(lookup.get('i-1', 'CPUUtilization')).toBe(cpu);
    expect(lookup.get('i-1', 'NetworkIn')).toBeUndefined();
  });
});
