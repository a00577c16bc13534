import { describe, expect, it } from 'vitest';
import {
  breakdown,
  dailyTrend,
  monthToDate,
  presentBreakdown,
  topMovers,
} from '../../../functions/domain/cost/analytics';
import { type CostRecord, CostRecordSchema } from '../../../functions/domain/cost/cost-record';
import { dayRange } from '../../../functions/domain/cost/dates';

const A = '111111111111';
const B = '222222222222';
const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const S3 = 'Amazon Simple Storage Service';

const cost = (date: string, accountId: string, service: string, usd: number): CostRecord => ({
  series: 'account-service',
  date,
  accountId,
  service,
  unblendedUsd: usd,
  amortizedUsd: usd * 0.9,
});
const regionTag = (date: string, region: string, tagValue: string, usd: number): CostRecord => ({
  series: 'region-tag',
  date,
  region,
  tagKey: 'team',
  tagValue,
  unblendedUsd: usd,
  amortizedUsd: usd,
});

/** October: A/EC2 $8 + B/S3 $4 a day; November: A/EC2 $10 + B/S3 $5 a day. */
const twoMonths: CostRecord[] = [
  ...dayRange('2026-10-01', '2026-10-31').flatMap((d) => [cost(d, A, EC2, 8), cost(d, B, S3, 4)]),
  ...dayRange('2026-11-01', '2026-11-20').flatMap((d) => [cost(d, A, EC2, 10), cost(d, B, S3, 5)]),
];

describe('CostRecordSchema', () => {
  it('accepts both series and refuses a record without its dimensions', () => {
    expect(CostRecordSchema.parse(twoMonths[0])).toEqual(twoMonths[0]);
    expect(CostRecordSchema.safeParse({ ...twoMonths[0], accountId: 'x' }).success).toBe(false);
    expect(CostRecordSchema.safeParse(regionTag('2026-11-01', 'eu-west-1', '', 1)).success).toBe(true);
  });
});

describe('monthToDate', () => {
  it('counts closed days only: on November 21 it compares November 1–20 with October 1–20', () => {
    // Prepare: today (the 21st) is billed for a few hours only
    const records = [...twoMonths, cost('2026-11-21', A, EC2, 2)];

    // Act
    const mtd = monthToDate(records, '2026-11-21');

    // Assess
    expect(mtd).toMatchObject({
      today: '2026-11-21',
      month: '2026-11',
      closedThrough: '2026-11-20',
      closedDays: 20,
      monthToDateUsd: 300,
      sameDaysLastMonthUsd: 240,
      changeUsd: 60,
      changePercent: 25,
      lastMonth: '2026-10',
      lastMonthTotalUsd: 372,
      todayPartialUsd: 2,
    });
  });

  it('never lets a partial today turn a rise into a fall', () => {
    // Prepare: $15 a day against $12 a day, and today only $1 so far
    const records = [...twoMonths, cost('2026-11-21', A, EC2, 1)];

    // Act
    const mtd = monthToDate(records, '2026-11-21');

    // Assess: the partial day would have made it 301 against 252 days-for-days; it is left out
    expect(mtd.changePercent).toBeGreaterThan(0);
    expect(Math.sign(mtd.changeUsd)).toBe(Math.sign(mtd.changePercent!));
  });

  it('has no closed day and no comparison on the 1st of the month', () => {
    // Act
    const mtd = monthToDate(twoMonths, '2026-11-01');

    // Assess
    expect(mtd).toMatchObject({ closedDays: 0, monthToDateUsd: 0, changePercent: null, todayPartialUsd: 15 });
    expect(mtd.closedThrough).toBeUndefined();
  });

  it('caps the same days at the length of a shorter previous month', () => {
    const records = [
      ...dayRange('2026-02-01', '2026-02-28').map((d) => cost(d, A, EC2, 1)),
      ...dayRange('2026-03-01', '2026-03-31').map((d) => cost(d, A, EC2, 1)),
    ];
    expect(monthToDate(records, '2026-03-31')).toMatchObject({ closedDays: 30, sameDaysLastMonthUsd: 28 });
  });
});

describe('dailyTrend', () => {
  it('has one point per day, zero where Cost Explorer returned nothing', () => {
    const trend = dailyTrend(twoMonths, '2026-11-19', '2026-11-22');
    expect(trend).toEqual([
      { date: '2026-11-19', usd: 15 },
      { date: '2026-11-20', usd: 15 },
      { date: '2026-11-21', usd: 0 },
      { date: '2026-11-22', usd: 0 },
    ]);
  });
});

describe('monthToDate forecast', () => {
  it('adds Cost Explorer forecast days from today on to the closed days', () => {
    const forecast = dayRange('2026-11-21', '2026-11-30').map((d, i) => ({
      start: d,
      end: dayRange(d, '2026-12-01')[1]!,
      meanUsd: 16 + (i % 2),
      lowerUsd: 15,
      upperUsd: 18,
    }));
    const { forecast: projection } = monthToDate(twoMonths, '2026-11-21', forecast);
    expect(projection).toEqual({
      month: '2026-11',
      actualUsd: 300,
      forecastUsd: 165,
      projectedUsd: 465,
      lowerUsd: 450,
      upperUsd: 480,
      method: 'forecast',
      remainingDays: 10,
      runRateDays: 0,
    });
  });

  it('ignores forecast days already closed and fills uncovered days at the 7-day run rate', () => {
    // One period over Nov 20–25 (6 days, $96): the 20th is closed, so 5 × $16 count; Nov 26–30 at $15.
    const { forecast: projection } = monthToDate(twoMonths, '2026-11-21', [
      { start: '2026-11-20', end: '2026-11-26', meanUsd: 96 },
    ]);
    expect(projection).toMatchObject({
      forecastUsd: 155,
      projectedUsd: 455,
      method: 'forecast+run-rate',
      runRateDays: 5,
    });
    expect(projection.lowerUsd).toBeUndefined();
  });
});

describe('breakdown', () => {
  it('splits by account, service, region and tag with parts summing exactly to the total', () => {
    // Prepare: amounts that do not add up exactly in binary floating point
    const records: CostRecord[] = dayRange('2026-11-01', '2026-11-30').flatMap((d, i) => [
      cost(d, A, EC2, 0.1 + i * 0.01),
      cost(d, A, S3, 0.2),
      cost(d, B, EC2, 0.7),
      regionTag(d, 'us-east-1', 'web', 0.1 + i * 0.01 + 0.2),
      regionTag(d, 'eu-west-1', '', 0.7),
    ]);
    for (const dimension of ['account', 'service', 'region', 'tag'] as const) {
      // Act
      const b = breakdown(records, dimension, { from: '2026-11-01', to: '2026-11-30' });
      // Assess
      expect(b.parts.reduce((t, p) => t + p.micros, 0)).toBe(b.totalMicros);
      expect(b.totalMicros).toBe(34_350_000);
    }
    expect(
      breakdown(records, 'tag', { from: '2026-11-01', to: '2026-11-30' }).parts.map((p) => p.key),
    ).toEqual(['', 'web']);
  });

  it('rounds for display so that the cents of the parts add up to the rounded total', () => {
    const records = ['x', 'y', 'z'].map((s) => cost('2026-11-01', A, s, 0.333333));
    const shown = presentBreakdown(breakdown(records, 'service', { from: '2026-11-01', to: '2026-11-01' }));
    expect(shown.totalUsd).toBe(1);
    expect(shown.parts.map((p) => p.usd)).toEqual([0.34, 0.33, 0.33]);
  });

  it('reads amortized cost when asked', () => {
    const b = breakdown(twoMonths, 'account', { from: '2026-11-01', to: '2026-11-01', metric: 'amortized' });
    expect(b.parts).toEqual([
      { key: A, micros: 9_000_000 },
      { key: B, micros: 4_500_000 },
    ]);
  });
});

describe('topMovers', () => {
  it('ranks the biggest increases and decreases by service between two periods', () => {
    const records = [
      ...twoMonths,
      ...dayRange('2026-10-01', '2026-10-10').map((d) => cost(d, A, 'AWS Lambda', 3)),
    ];
    const movers = topMovers(
      records,
      'service',
      { from: '2026-11-01', to: '2026-11-10' },
      { from: '2026-10-01', to: '2026-10-10' },
    );
    expect(movers.increases.map((m) => [m.key, m.deltaUsd])).toEqual([
      [EC2, 20],
      [S3, 10],
    ]);
    expect(movers.decreases).toEqual([
      { key: 'AWS Lambda', previousUsd: 30, currentUsd: 0, deltaUsd: -30, deltaPercent: -100 },
    ]);
  });
});
