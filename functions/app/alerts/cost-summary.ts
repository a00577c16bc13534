/**
 * The digest's cost section from the stored Cost Explorer data, by the same definition the API's
 * `GET /cost/summary` uses (domain/cost `monthToDate`): the month's closed days against the same
 * closed days of last month, and the month-end forecast. No stored records means no section: the
 * digest never shows a made-up figure.
 */
import type { CostSummary, CostSummarySource } from '../../domain/alerts/ports';
import { monthToDate } from '../../domain/cost/analytics';
import { addDays, addMonths, utcDay } from '../../domain/cost/dates';
import type { CostStore } from '../../domain/ports';

const round2 = (usd: number) => Math.round(usd * 100) / 100;

export class StoredCostSummary implements CostSummarySource {
  constructor(private readonly costs: Pick<CostStore, 'records' | 'forecast'>) {}

  async summary(now: Date): Promise<CostSummary | undefined> {
    const today = utcDay(now);
    // Last month in full (for the same days) and the 7 days before today (for the run rate).
    const from = [addMonths(today, -1), addDays(today, -7)].sort()[0]!;
    const records = await this.costs.records('account-service', from, today);
    if (records.length === 0) return undefined;
    const forecast = await this.costs.forecast(today.slice(0, 7));
    const mtd = monthToDate(records, today, forecast?.periods ?? []);
    return {
      monthToDateUsd: round2(mtd.monthToDateUsd),
      previousMonthToDateUsd: round2(mtd.sameDaysLastMonthUsd),
      closedDays: mtd.closedDays,
      ...(mtd.closedThrough ? { closedThrough: mtd.closedThrough } : {}),
      forecastMonthUsd: round2(mtd.forecast.projectedUsd),
      currency: 'USD',
    };
  }
}
