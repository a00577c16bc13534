import { type CostRecord, CostRecordSchema } from '../../domain/cost/cost-record';
import type { CostDay, CostRefreshLog, CostStore, StoredForecast } from '../../domain/ports';

/** The CostStore in memory (the CLI and tests); counts the day writes so tests can see what a refresh wrote. */
export class MemoryCostStore implements CostStore {
  private readonly days = new Map<string, Map<string, CostDay>>();
  private readonly forecasts = new Map<string, StoredForecast>();
  private readonly logs: CostRefreshLog[] = [];
  /** Day writes so far, per series. */
  readonly writes = new Map<string, string[]>();

  async heldClosedDays(seriesId: string, from: string, to: string): Promise<ReadonlySet<string>> {
    const held = new Set<string>();
    for (const d of this.days.get(seriesId)?.values() ?? []) {
      if (d.closed && d.date >= from && d.date <= to) held.add(d.date);
    }
    return held;
  }

  async putDays(seriesId: string, days: readonly CostDay[]): Promise<number> {
    let series = this.days.get(seriesId);
    if (!series) {
      series = new Map();
      this.days.set(seriesId, series);
    }
    for (const d of days) {
      series.set(d.date, { ...d, records: d.records.map((r) => CostRecordSchema.parse(r)) });
      this.writes.set(seriesId, [...(this.writes.get(seriesId) ?? []), d.date]);
    }
    return days.length;
  }

  async records(seriesId: string, from: string, to: string): Promise<readonly CostRecord[]> {
    return [...(this.days.get(seriesId)?.values() ?? [])]
      .filter((d) => d.date >= from && d.date <= to)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .flatMap((d) => d.records);
  }

  async putForecast(forecast: StoredForecast): Promise<void> {
    this.forecasts.set(forecast.month, forecast);
  }

  async forecast(month: string): Promise<StoredForecast | undefined> {
    return this.forecasts.get(month);
  }

  async putRefresh(log: CostRefreshLog): Promise<void> {
    this.logs.push(log);
  }

  async refreshes(limit: number): Promise<readonly CostRefreshLog[]> {
    return [...this.logs].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, limit);
  }
}
