/**
 * Synthesized CloudWatch series: a deterministic hourly value per (resource, metric, hour) from the
 * resource's usage profile, so the same fleet always gives the same metrics and the utilization rules
 * see what the fleet file promises.
 *
 * | profile          | CPU %                                   | traffic (bytes, requests, connections)        |
 * |------------------|-----------------------------------------|-----------------------------------------------|
 * | `idle`           | 0.2–2                                   | ~nothing: a few KB an hour, 0 requests/conns  |
 * | `steady`         | level ± 6 (level 40–65, or `usageLevels`) | busy all week                                 |
 * | `business-hours` | 35–65 Mon–Fri 08–20 UTC, 0.5–3 otherwise | busy in those hours, a trickle otherwise      |
 * | `spiky`          | 5–15 with 8 % of hours at 70–95         | bursts                                        |
 *
 * Values are per hour: counters (`Sum` metrics) are the hour's total, gauges its average. Other
 * periods and statistics are derived from the hourly values (see `metricValue`).
 */
import { hourOfWeek } from '../../functions/domain/cost/metric-summary';

export type UsageProfile = 'idle' | 'steady' | 'business-hours' | 'spiky';

/** Metrics published as totals per period; everything else is a gauge. */
const COUNTERS = new Set([
  'NetworkIn',
  'NetworkOut',
  'EBSReadOps',
  'EBSWriteOps',
  'VolumeReadOps',
  'VolumeWriteOps',
  'RequestCount',
  'ProcessedBytes',
  'BytesOutToDestination',
  'BytesInFromSource',
]);
const PERCENT = new Set(['CPUUtilization']);

/** FNV-1a: a stable 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by the key. */
export function unit(key: string): number {
  let t = (hash32(key) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), 1 | t);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const between = (key: string, low: number, high: number) => low + unit(key) * (high - low);

function isBusinessHour(at: Date): boolean {
  const how = hourOfWeek(at);
  const day = Math.floor(how / 24);
  const hour = how % 24;
  return day < 5 && hour >= 8 && hour < 20;
}

/** The steady profile's CPU level for a resource: the override, or 40–65 % chosen by its id. */
export function steadyLevel(resourceKey: string, override?: number): number {
  return override ?? 40 + (hash32(`level|${resourceKey}`) % 26);
}

/** What a resource provides to its metrics besides its profile. */
export interface SeriesSubject {
  /** Stable key of the resource (account, region and native id). */
  readonly key: string;
  readonly profile: UsageProfile;
  /** CPU level of the steady profile. @default steadyLevel(key) */
  readonly level?: number;
  /** HealthyHostCount of a target group. @default 0 */
  readonly healthyTargets?: number;
}

/** Activity of the hour: 0 (nothing) to about 1 (busy), from the profile. */
function activity(subject: SeriesSubject, at: Date, hourKey: string): number {
  switch (subject.profile) {
    case 'idle':
      return 0;
    case 'steady':
      return 0.8 + 0.4 * unit(`a|${hourKey}`);
    case 'business-hours':
      return isBusinessHour(at) ? 0.8 + 0.4 * unit(`a|${hourKey}`) : 0;
    case 'spiky':
      return unit(`spike|${hourKey}`) < 0.08 ? 2 + unit(`a|${hourKey}`) : 0.1 + 0.2 * unit(`a|${hourKey}`);
  }
}

/** The hourly value of one metric: the hour's total for counters, its average for gauges. */
export function hourlyValue(subject: SeriesSubject, metric: string, hourStart: Date): number {
  const hourKey = `${subject.key}|${metric}|${hourStart.getTime()}`;
  const act = activity(subject, hourStart, hourKey);
  const jitter = unit(`j|${hourKey}`);
  switch (metric) {
    case 'CPUUtilization': {
      switch (subject.profile) {
        case 'idle':
          return 0.2 + 1.8 * jitter;
        case 'steady':
          return Math.min(100, Math.max(0, steadyLevel(subject.key, subject.level) + (jitter - 0.5) * 12));
        case 'business-hours':
          return isBusinessHour(hourStart) ? 35 + 30 * jitter : 0.5 + 2.5 * jitter;
        case 'spiky':
          return act >= 2 ? 70 + 25 * jitter : 5 + 10 * jitter;
      }
      break;
    }
    case 'NetworkIn':
    case 'NetworkOut':
      return act === 0 ? 20_000 + 40_000 * jitter : act * 100_000_000;
    case 'EBSReadOps':
    case 'EBSWriteOps':
    case 'VolumeReadOps':
    case 'VolumeWriteOps':
      return act === 0 ? Math.floor(10 * jitter) : Math.round(act * 20_000);
    case 'DatabaseConnections':
      return act === 0 ? (subject.profile === 'idle' ? 0 : Math.floor(3 * jitter)) : Math.round(act * 25);
    case 'RequestCount':
      return act === 0 ? 0 : Math.round(act * 12_000);
    case 'ActiveFlowCount':
      return act === 0 ? 0 : Math.round(act * 300);
    case 'ProcessedBytes':
      return act === 0 ? 0 : act * 500_000_000;
    case 'BytesOutToDestination':
    case 'BytesInFromSource':
      return act === 0 ? Math.floor(20_000 * jitter) : act * 400_000_000;
    case 'HealthyHostCount':
      return subject.healthyTargets ?? 0;
    default:
      return act * 100 * between(`d|${hourKey}`, 0.5, 1);
  }
  return 0;
}

/**
 * The value of one datapoint: `periodSeconds` starting at `start`, under statistic `stat`.
 * Periods of an hour or more aggregate hourly values; shorter ones scale the hour's counter total.
 */
export function metricValue(
  subject: SeriesSubject,
  metric: string,
  stat: string,
  start: Date,
  periodSeconds: number,
): number {
  const counter = COUNTERS.has(metric);
  const hours = Math.max(1, Math.floor(periodSeconds / 3600));
  const values: number[] = [];
  for (let h = 0; h < hours; h++) {
    const at = new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000 + h * 3_600_000);
    values.push(hourlyValue(subject, metric, at));
  }
  const scale = periodSeconds < 3600 ? periodSeconds / 3600 : 1;
  const total = values.reduce((t, v) => t + v, 0) * (counter ? scale : 1);
  const mean = values.reduce((t, v) => t + v, 0) / values.length;
  const samplesPerPeriod = Math.max(1, periodSeconds / 60);
  switch (stat) {
    case 'Sum':
      // A gauge's Sum adds its one-minute samples.
      return counter ? total : mean * samplesPerPeriod;
    case 'Maximum': {
      const peak = Math.max(...values);
      const max = counter ? (peak * scale) / Math.min(samplesPerPeriod, 60) : peak * 1.15;
      return PERCENT.has(metric) ? Math.min(100, max) : max;
    }
    case 'Minimum':
      return counter ? (Math.min(...values) * scale) / Math.min(samplesPerPeriod, 60) : Math.min(...values);
    case 'SampleCount':
      return samplesPerPeriod;
    default:
      // Average: a counter's average is per one-minute sample.
      return counter ? total / samplesPerPeriod : mean;
  }
}
