/**
 * Summary of one CloudWatch metric of one resource over the lookback window (hourly datapoints).
 * `hourOfWeekAverage` has 168 entries (Monday 00:00 UTC first) when datapoints span a week or more.
 */
export interface MetricSummary {
  readonly resourceId: string;
  /** Metric name as CloudWatch calls it: `CPUUtilization`, `NetworkIn`, `DatabaseConnections`, ... */
  readonly metric: string;
  readonly from: string;
  readonly to: string;
  readonly periodSeconds: number;
  readonly datapoints: number;
  readonly average: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly maximum: number;
  readonly sum: number;
  readonly hourOfWeekAverage?: readonly number[];
}

/** Looks up a metric summary for a resource; `undefined` when nothing was collected. */
export interface UtilizationLookup {
  get(resourceId: string, metric: string): MetricSummary | undefined;
}

export const NO_UTILIZATION: UtilizationLookup = { get: () => undefined };
