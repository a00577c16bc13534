/** One day of the cost chart; kept apart from the chart component so data code can use it without JSX. */
export interface DailyBar {
  readonly date: string;
  readonly usd: number;
  /** A forecast day: drawn hatched and lighter than actual spend. */
  readonly forecast?: boolean;
}
