import { describe, expect, it } from 'vitest';
import {
  breakdownTable,
  chartDays,
  percentChange,
  remainingDaysOfMonth,
  spreadForecast,
  sumUsd,
  toCents,
} from '../../../frontend/src/cost/cost-data';
import { periodRange } from '../../../frontend/src/cost/periods';

const centsOf = (values: readonly number[]) => values.reduce((sum, v) => sum + toCents(v), 0);

describe('breakdownTable', () => {
  it('rounds parts so the rows add up to the shown total to the cent', () => {
    // Prepare: three thirds of a dollar round to 0.33 each, which would add up to 0.99.
    const parts = [
      { key: 'AmazonEC2', usd: 1 / 3 },
      { key: 'AmazonRDS', usd: 1 / 3 },
      { key: 'AmazonS3', usd: 1 / 3 },
    ];

    // Act
    const table = breakdownTable(parts);

    // Assess
    expect(table.totalUsd).toBe(1);
    expect(centsOf(table.rows.map((r) => r.usd))).toBe(toCents(table.totalUsd));
    expect(table.rows.map((r) => r.usd).sort()).toEqual([0.33, 0.33, 0.34]);
  });

  it('keeps the largest parts and gathers the rest in one row, still summing to the total', () => {
    // Prepare
    const parts = Array.from({ length: 14 }, (_, i) => ({
      key: `service-${i}`,
      usd: 10.005 * (i + 1) + 0.0031,
    }));

    // Act
    const table = breakdownTable(parts, 5);

    // Assess
    expect(table.rows).toHaveLength(6);
    expect(table.rows.slice(0, 5).map((r) => r.key)).toEqual([
      'service-13',
      'service-12',
      'service-11',
      'service-10',
      'service-9',
    ]);
    expect(table.rows[5]).toMatchObject({ key: 'Other', other: { count: 9 } });
    expect(centsOf(table.rows.map((r) => r.usd))).toBe(toCents(table.totalUsd));
    expect(table.totalUsd).toBe(sumUsd(table.rows.map((r) => r.usd)));
    expect(table.rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 9);
  });

  it('passes cent-rounded parts from the API through unchanged', () => {
    // Prepare
    const parts = [
      { key: '111111111111', usd: 1234.56 },
      { key: '222222222222', usd: 0.07 },
      { key: '333333333333', usd: 88.1 },
    ];

    // Act
    const table = breakdownTable(parts);

    // Assess
    expect(table.rows.map((r) => [r.key, r.usd])).toEqual([
      ['111111111111', 1234.56],
      ['333333333333', 88.1],
      ['222222222222', 0.07],
    ]);
    expect(table.totalUsd).toBe(1322.73);
  });

  it('shows an empty table for no parts and a single extra part by name rather than as "other"', () => {
    // Assess
    expect(breakdownTable([])).toEqual({ totalUsd: 0, rows: [] });
    const table = breakdownTable(
      [
        { key: 'a', usd: 3 },
        { key: 'b', usd: 2 },
        { key: 'c', usd: 1 },
      ],
      2,
    );
    expect(table.rows.map((r) => r.key)).toEqual(['a', 'b', 'c']);
  });
});

describe('chart days', () => {
  it('puts forecast days after the last actual day and drops overlapping ones', () => {
    // Act
    const days = chartDays(
      [
        { date: '2026-11-22', usd: 10 },
        { date: '2026-11-21', usd: 9 },
      ],
      [
        { date: '2026-11-22', usd: 99 },
        { date: '2026-11-23', usd: 11 },
      ],
    );

    // Assess
    expect(days).toEqual([
      { date: '2026-11-21', usd: 9 },
      { date: '2026-11-22', usd: 10 },
      { date: '2026-11-23', usd: 11, forecast: true },
    ]);
  });

  it('spreads the rest of the month evenly over its remaining days', () => {
    // Act
    const spread = spreadForecast('2026-11-27', 30);

    // Assess
    expect(remainingDaysOfMonth('2026-11-27')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(spread.map((d) => d.usd)).toEqual([10, 10, 10]);
    expect(spreadForecast('2026-11-30', 30)).toEqual([]);
    expect(remainingDaysOfMonth('2028-02-28')).toEqual(['2028-02-29']);
  });

  it('computes a change only when there is something to compare with', () => {
    // Assess
    expect(percentChange(110, 100)).toBeCloseTo(10);
    expect(percentChange(5, 0)).toBeNull();
  });
});

describe('periodRange', () => {
  it('gives inclusive UTC day ranges ending today, and the whole of last month', () => {
    // Prepare
    const now = new Date('2026-03-05T23:30:00Z');

    // Assess
    expect(periodRange('month', now)).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(periodRange('last-month', now)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('30d', now)).toEqual({ from: '2026-02-04', to: '2026-03-05' });
    expect(periodRange('90d', now).from).toBe('2025-12-06');
  });
});
