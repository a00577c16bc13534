/**
 * Utilization math: hourly CloudWatch datapoints to `MetricSummary`, and summaries to a lookup.
 * Pure; the adapter that runs GetMetricData feeds it.
 */
import type { MetricSummary, UtilizationLookup } from '../utilization';

export interface Datapoint {
  /** ISO timestamp of the start of the period. */
  readonly timestamp: string;
  readonly value: number;
}

const HOURS_PER_WEEK = 168;
const MS_PER_DAY = 86_400_000;

/**
 * Nearest-rank percentile (the smallest value such that at least `p`% of the values are at or below
 * it): the value at rank ceil(p / 100 × n) of the ascending list. It never interpolates, so every
 * answer is an observed value, as CloudWatch's own percentile statistics are.
 */
export function nearestRankPercentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1]!;
}

/** Hour of the week of a timestamp, Monday 00:00 UTC = 0 ... Sunday 23:00 UTC = 167. */
export function hourOfWeek(date: Date): number {
  const mondayBased = (date.getUTCDay() + 6) % 7;
  return mondayBased * 24 + date.getUTCHours();
}

/**
 * Summarizes one metric of one resource. `from` is the first datapoint's timestamp and `to` the end
 * of the last one's period, so 336 hourly datapoints span exactly 14 days. `hourOfWeekAverage` is
 * present only when the datapoints span at least 7 days and every hour of the week has a datapoint:
 * a profile with holes would invent the shape of the missing hours.
 */
export function summarizeMetric(
  resourceId: string,
  metric: string,
  datapoints: readonly Datapoint[],
  periodSeconds = 3600,
): MetricSummary | undefined {
  const points = datapoints
    .filter((d) => Number.isFinite(d.value))
    .map((d) => ({ at: Date.parse(d.timestamp), value: d.value }))
    .filter((d) => Number.isFinite(d.at))
    .sort((a, b) => a.at - b.at);
  if (points.length === 0) return undefined;
  const values = points.map((p) => p.value).sort((a, b) => a - b);
  const sum = values.reduce((total, v) => total + v, 0);
  const fromMs = points[0]!.at;
  const toMs = points[points.length - 1]!.at + periodSeconds * 1000;
  const summary: MetricSummary = {
    resourceId,
    metric,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    periodSeconds,
    datapoints: points.length,
    average: sum / points.length,
    p50: nearestRankPercentile(values, 50),
    p95: nearestRankPercentile(values, 95),
    p99: nearestRankPercentile(values, 99),
    maximum: values[values.length - 1]!,
    sum,
  };
  if (toMs - fromMs < 7 * MS_PER_DAY) return summary;
  const totals = new Array<number>(HOURS_PER_WEEK).fill(0);
  const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const p of points) {
    const slot = hourOfWeek(new Date(p.at));
    totals[slot]! += p.value;
    counts[slot]!++;
  }
  if (counts.some((c) => c === 0)) return summary;
  return { ...summary, hourOfWeekAverage: totals.map((t, i) => t / counts[i]!) };
}

const spans = new WeakMap<MetricSummary, number>();

/** Days covered by a summary (`to - from`); memoized, since several rules ask about one summary. */
export function spanDays(summary: MetricSummary): number {
  let days = spans.get(summary);
  if (days === undefined) {
    days = (Date.parse(summary.to) - Date.parse(summary.from)) / MS_PER_DAY;
    spans.set(summary, days);
  }
  return days;
}

/** Indexes summaries by (resource, metric); a later summary of the same pair replaces an earlier one. */
export function buildUtilizationLookup(summaries: readonly MetricSummary[]): UtilizationLookup {
  const index = new Map<string, MetricSummary>();
  for (const s of summaries) index.set(`${s.resourceId}|${s.metric}`, s);
  return { get: (resourceId, metric) => index.get(`${resourceId}|${metric}`) };
}
