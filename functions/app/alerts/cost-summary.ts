/**
 * The digest's cost section from the stored Cost Explorer data: month to date against the same days
 * of last month, and the month-end projection (Cost Explorer's forecast, else the run rate). No
 * stored records means no section: the digest never shows a made-up figure.
 */
import type { CostSummary, CostSummarySource } from '../../domain/alerts/ports';
import { monthToDate, projectMonthEnd } from '../../domain/cost/analytics';
import { addDays, utcDay } from '../../domain/cost/dates';
import type { CostStore } from '../../domain/ports';

/** Days of records read: this month and the whole previous one. */
const LOOKBACK_DAYS = 62;

export class StoredCostSummary implements CostSummarySource {
  constructor(private readonly costs: Pick<CostStore, 'records' | 'forecast'>) {}

  async summary(now: Date): Promise<CostSummary | undefined> {
    // Today is billed only for the hours elapsed so far: the summary runs through yesterday.
    const through = addDays(utcDay(now), -1);
    const records = await this.costs.records('account-service', addDays(through, -LOOKBACK_DAYS), through);
    if (records.length === 0) return undefined;
    const mtd = monthToDate(records, through);
    const forecast = await this.costs.forecast(through.slice(0, 7));
    const projection = projectMonthEnd(records, through, forecast?.periods ?? []);
    return {
      monthToDateUsd: Math.round(mtd.monthToDateUsd * 100) / 100,
      previousMonthToDateUsd: Math.round(mtd.sameDaysLastMonthUsd * 100) / 100,
      forecastMonthUsd: Math.round(projection.projectedUsd * 100) / 100,
      currency: 'USD',
    };
  }
}
