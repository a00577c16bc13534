import {
  addDays,
  addMonths,
  dailyTrend,
  earliestDay,
  monthToDate,
  topMovers,
  utcDay,
} from '../../domain/cost';
import { round2 } from './cost-shared';
import type { Operation } from './operation';

/** Days of daily trend the summary returns. */
export const TREND_DAYS = 30;

/**
 * `GET /cost/summary`: month to date over the month's closed days against the same closed days of
 * last month (the one definition in domain/cost `monthToDate`, which the digest uses too), today's
 * partial spend apart, last month's total, the month-end forecast, the daily trend of the last 30
 * days, the services that moved most this week, and when costs were last refreshed.
 */
export const getCostSummary: Operation<'getCostSummary'> = async (_request, dependencies) => {
  const costs = dependencies.costs;
  const today = utcDay(new Date());
  const trendFrom = addDays(today, -(TREND_DAYS - 1));
  const records = await costs.records('account-service', earliestDay(addMonths(today, -1), trendFrom), today);
  const forecast = await costs.forecast(today.slice(0, 7));
  const mtd = monthToDate(records, today, forecast?.periods ?? []);
  const movers = topMovers(
    records,
    'service',
    { from: addDays(today, -7), to: addDays(today, -1) },
    { from: addDays(today, -14), to: addDays(today, -8) },
  );
  const [lastRefresh] = await costs.refreshes(1);
  const projection = mtd.forecast;
  return {
    body: {
      currency: 'USD',
      through: mtd.closedThrough ?? null,
      monthToDate: {
        usd: round2(mtd.monthToDateUsd),
        days: mtd.closedDays,
        closedThrough: mtd.closedThrough ?? null,
        sameDaysLastMonthUsd: round2(mtd.sameDaysLastMonthUsd),
        changeUsd: round2(mtd.changeUsd),
        changePercent: mtd.changePercent === null ? null : round2(mtd.changePercent),
      },
      today: { date: today, usd: round2(mtd.todayPartialUsd), partial: true },
      lastMonth: { month: mtd.lastMonth, usd: round2(mtd.lastMonthTotalUsd) },
      forecast: {
        month: projection.month,
        projectedUsd: round2(projection.projectedUsd),
        actualUsd: round2(projection.actualUsd),
        remainingUsd: round2(projection.forecastUsd),
        remainingDays: projection.remainingDays,
        method: projection.method,
        ...(projection.lowerUsd !== undefined && projection.upperUsd !== undefined
          ? { lowerUsd: round2(projection.lowerUsd), upperUsd: round2(projection.upperUsd) }
          : {}),
        ...(forecast ? { fetchedAt: forecast.fetchedAt } : {}),
      },
      trend: dailyTrend(records, trendFrom, today).map((p) => ({ date: p.date, usd: round2(p.usd) })),
      movers,
      lastRefresh: lastRefresh ?? null,
    },
  };
};
