import {
  addDays,
  addMonths,
  dailyTrend,
  dayRange,
  earliestDay,
  type ForecastPeriod,
  monthToDate,
  projectMonthEnd,
  topMovers,
  utcDay,
} from '../../domain/cost';
import { round2 } from './cost-shared';
import type { Operation } from './operation';

/**
 * A forecast bound over the days after `through` (actuals cover the rest), each period spread evenly
 * over its days as `projectMonthEnd` spreads the mean.
 */
function remaining(
  periods: readonly ForecastPeriod[],
  through: string,
  bound: 'lowerUsd' | 'upperUsd',
): number {
  let usd = 0;
  for (const p of periods) {
    const days = dayRange(p.start, addDays(p.end, -1));
    const after = days.filter((d) => d > through).length;
    if (days.length > 0) usd += ((p[bound] ?? p.meanUsd) * after) / days.length;
  }
  return usd;
}

/** Days of daily trend the summary returns. */
export const TREND_DAYS = 30;

/**
 * `GET /cost/summary`: month to date against the same days of last month, last month's total, the
 * month-end projection (actuals plus Cost Explorer's forecast), the daily trend of the last 30 days,
 * the services that moved most this week, and when costs were last refreshed.
 */
export const getCostSummary: Operation<'getCostSummary'> = async (_request, dependencies) => {
  const costs = dependencies.costs;
  const today = utcDay(new Date());
  const trendFrom = addDays(today, -(TREND_DAYS - 1));
  const records = await costs.records('account-service', earliestDay(addMonths(today, -1), trendFrom), today);
  const mtd = monthToDate(records, today);
  const forecast = await costs.forecast(today.slice(0, 7));
  const projection = projectMonthEnd(records, today, forecast?.periods ?? []);
  const movers = topMovers(
    records,
    'service',
    { from: addDays(today, -6), to: today },
    { from: addDays(today, -13), to: addDays(today, -7) },
  );
  const [lastRefresh] = await costs.refreshes(1);
  return {
    body: {
      currency: 'USD',
      through: mtd.through,
      monthToDate: {
        usd: round2(mtd.monthToDateUsd),
        days: mtd.days,
        sameDaysLastMonthUsd: round2(mtd.sameDaysLastMonthUsd),
        changePercent: mtd.changeVsSameDaysPercent === null ? null : round2(mtd.changeVsSameDaysPercent),
      },
      lastMonth: { month: addMonths(today, -1).slice(0, 7), usd: round2(mtd.lastMonthTotalUsd) },
      forecast: {
        month: projection.month,
        projectedUsd: round2(projection.projectedUsd),
        actualUsd: round2(projection.actualUsd),
        remainingUsd: round2(projection.forecastUsd),
        method: projection.method,
        ...(forecast
          ? {
              lowerUsd: round2(projection.actualUsd + remaining(forecast.periods, today, 'lowerUsd')),
              upperUsd: round2(projection.actualUsd + remaining(forecast.periods, today, 'upperUsd')),
              fetchedAt: forecast.fetchedAt,
            }
          : {}),
      },
      trend: dailyTrend(records, trendFrom, today).map((p) => ({ date: p.date, usd: round2(p.usd) })),
      movers,
      lastRefresh: lastRefresh ?? null,
    },
  };
};
