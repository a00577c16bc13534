/**
 * Spend anomaly detection: a day far above its trailing baseline, per account and per service.
 *
 * Baseline: the median of the `baselineDays` (default 14) days before; spread: the median absolute
 * deviation scaled to a normal sigma (× 1.4826). A day is anomalous when it exceeds
 * median + max(`sigmas` × sigma, `floorUsd`): the floor keeps a flat, cheap series from alerting on
 * cents. Medians rather than means, so one earlier spike does not hide the next one.
 */
import type { FindingDraft } from '../analyze';
import { findingId, GLOBAL_REGION } from '../model';
import {
  type AccountServiceCost,
  amountMicros,
  type CostMetric,
  type CostRecord,
  fromMicros,
} from './cost-record';
import { addDays, dayRange } from './dates';

export const COST_ANOMALY_RULE_ID = 'cost-anomaly';
/** Scale from MAD to a standard deviation for normally distributed data. */
const MAD_TO_SIGMA = 1.4826;

export interface AnomalyOptions {
  /** First and last day to judge (inclusive); each needs `baselineDays` of history before it. */
  readonly from: string;
  readonly to: string;
  /** @default 14 */
  readonly baselineDays?: number;
  /** @default 3 */
  readonly sigmas?: number;
  /** Smallest excess over the median worth an anomaly, USD. @default 5 */
  readonly floorUsd?: number;
  /** Excess over the baseline from which an anomaly is high severity, USD. @default 100 */
  readonly highSeverityUsd?: number;
  /** @default 'unblended' */
  readonly metric?: CostMetric;
}

export interface Anomaly {
  readonly scope: 'account' | 'service';
  /** The account id or the service name. */
  readonly key: string;
  readonly date: string;
  readonly actualUsd: number;
  readonly baselineMedianUsd: number;
  readonly sigmaUsd: number;
  readonly thresholdUsd: number;
  readonly overBaselineUsd: number;
  /** The (account, service) pair that rose most above its own baseline that day. */
  readonly likelyCause: {
    readonly accountId: string;
    readonly service: string;
    readonly overBaselineUsd: number;
  };
  /** The test applied, with its parameters, for the evidence. */
  readonly method: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Series = Map<string, Map<string, number>>;

function add(series: Series, key: string, date: string, micros: number) {
  let days = series.get(key);
  if (!days) {
    days = new Map();
    series.set(key, days);
  }
  days.set(date, (days.get(date) ?? 0) + micros);
}

/** Detects anomalous days per account and per service between `options.from` and `options.to`. */
export function detectCostAnomalies(records: readonly CostRecord[], options: AnomalyOptions): Anomaly[] {
  const baselineDays = options.baselineDays ?? 14;
  const sigmas = options.sigmas ?? 3;
  const floorMicros = (options.floorUsd ?? 5) * 1_000_000;
  const metric = options.metric ?? 'unblended';
  const method = `trailing ${baselineDays}-day median + max(${sigmas} × MAD-based sigma, $${options.floorUsd ?? 5})`;

  const rows = records.filter((r): r is AccountServiceCost => r.series === 'account-service');
  /** Days Cost Explorer returned at all: a day absent here is unknown, not zero. */
  const covered = new Set(rows.map((r) => r.date));
  const byAccount: Series = new Map();
  const byService: Series = new Map();
  const byPair: Series = new Map();
  for (const r of rows) {
    const micros = amountMicros(r, metric);
    add(byAccount, r.accountId, r.date, micros);
    add(byService, r.service, r.date, micros);
    add(byPair, `${r.accountId}|${r.service}`, r.date, micros);
  }

  const baselineOf = (days: ReadonlyMap<string, number> | undefined, window: readonly string[]) =>
    median(window.map((d) => days?.get(d) ?? 0));

  const anomalies: Anomaly[] = [];
  for (const date of dayRange(options.from, options.to)) {
    if (!covered.has(date)) continue;
    const window = dayRange(addDays(date, -baselineDays), addDays(date, -1));
    if (!window.every((d) => covered.has(d))) continue;
    for (const [scope, series] of [
      ['account', byAccount],
      ['service', byService],
    ] as const) {
      for (const [key, days] of series) {
        const actual = days.get(date) ?? 0;
        const values = window.map((d) => days.get(d) ?? 0);
        const center = median(values);
        const sigma = MAD_TO_SIGMA * median(values.map((v) => Math.abs(v - center)));
        const limit = center + Math.max(sigmas * sigma, floorMicros);
        if (actual <= limit) continue;
        let cause = { accountId: '', service: '', over: Number.NEGATIVE_INFINITY };
        for (const [pair, pairDays] of byPair) {
          const [accountId, service] = pair.split('|') as [string, string];
          if ((scope === 'account' ? accountId : service) !== key) continue;
          const over = (pairDays.get(date) ?? 0) - baselineOf(pairDays, window);
          if (over > cause.over) cause = { accountId, service, over };
        }
        anomalies.push({
          scope,
          key,
          date,
          actualUsd: fromMicros(actual),
          baselineMedianUsd: fromMicros(center),
          sigmaUsd: fromMicros(sigma),
          thresholdUsd: fromMicros(limit),
          overBaselineUsd: fromMicros(actual - center),
          likelyCause: {
            accountId: cause.accountId,
            service: cause.service,
            overBaselineUsd: fromMicros(cause.over),
          },
          method,
        });
      }
    }
  }
  return anomalies;
}

const usd = (value: number) => `$${value.toFixed(2)}`;

/** A finding draft per anomaly (category cost, rule `cost-anomaly`), stable per scope, key and day. */
export function anomalyFindings(
  anomalies: readonly Anomaly[],
  options: Pick<AnomalyOptions, 'highSeverityUsd'> = {},
) {
  const high = options.highSeverityUsd ?? 100;
  return anomalies.map((a): FindingDraft => {
    const resourceId = `cost:${a.scope}/${a.key}/${a.date}`;
    const where = a.scope === 'account' ? `account ${a.key}` : a.key;
    return {
      id: findingId(COST_ANOMALY_RULE_ID, resourceId),
      ruleId: COST_ANOMALY_RULE_ID,
      resourceId,
      resourceType: `cost:${a.scope}`,
      resourceName: a.key,
      accountId: a.scope === 'account' ? a.key : a.likelyCause.accountId,
      region: GLOBAL_REGION,
      category: 'cost',
      severity: a.overBaselineUsd >= high ? 'high' : 'medium',
      title: `Spend anomaly on ${a.date}: ${where} ${usd(a.overBaselineUsd)} over baseline`,
      evidence: {
        date: a.date,
        scope: a.scope,
        key: a.key,
        actualUsd: round2(a.actualUsd),
        baselineMedianUsd: round2(a.baselineMedianUsd),
        sigmaUsd: round2(a.sigmaUsd),
        thresholdUsd: round2(a.thresholdUsd),
        overBaselineUsd: round2(a.overBaselineUsd),
        likelyCause: { ...a.likelyCause, overBaselineUsd: round2(a.likelyCause.overBaselineUsd) },
        method: a.method,
      },
      references: [],
    };
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
