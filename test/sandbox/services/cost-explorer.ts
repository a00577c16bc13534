/**
 * AWS Cost Explorer (awsJson1_1, `AWSInsightsIndexService`, signing name `ce`): GetCostAndUsage and
 * GetCostForecast over the cost history of `../costs.ts`. Only the management (payer) account may call
 * it, as with a real organization's consolidated billing; others get AccessDeniedException.
 *
 * - GetCostAndUsage: `TimePeriod` Start inclusive, End exclusive; DAILY or MONTHLY; cost metrics
 *   (Unblended, Amortized, Blended, NetUnblended, NetAmortized: equal here, the fleet has no
 *   reservations or credits); GroupBy up to two of DIMENSION LINKED_ACCOUNT / SERVICE / REGION or
 *   TAG. Grouped results are paged by `costs.pageSize` (day × group) rows with `NextPageToken`.
 *   Amounts are decimal strings; `Estimated` is true for periods with open days (today, the last two
 *   days, the current month). Today is billed for the hours elapsed.
 * - GetCostForecast: Start today or later; Total plus one `ForecastResultsByTime` per period with the
 *   mean and a prediction interval at `PredictionIntervalLevel` (default 80).
 */
import { addDays, addMonths, dayRange, startOfMonth, utcDay } from '../../../functions/domain/cost/dates';
import { type CostDimension, type CostGroup, CostHistory, formatAmount } from '../costs';
import { jsonResult, type SandboxContext, SandboxError, type SandboxService } from '../service';

const COST_METRICS = new Set([
  'UnblendedCost',
  'AmortizedCost',
  'BlendedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
]);
const FORECAST_METRICS = new Set([
  'UNBLENDED_COST',
  'AMORTIZED_COST',
  'BLENDED_COST',
  'NET_UNBLENDED_COST',
  'NET_AMORTIZED_COST',
]);
const DIMENSIONS = new Set(['LINKED_ACCOUNT', 'SERVICE', 'REGION']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const validation = (message: string) => new SandboxError(400, 'ValidationException', message);

function history(context: SandboxContext): CostHistory {
  return context.shared(
    'cost-explorer:history',
    () => new CostHistory(context.accounts, context.costs, utcDay(context.now())),
  );
}

function requireManagement(accountId: string, context: SandboxContext, action: string, arn: string): void {
  if (accountId !== context.organization.managementAccountId) {
    throw new SandboxError(
      400,
      'AccessDeniedException',
      `User: ${arn} is not authorized to perform: ce:${action} on resource: arn:aws:ce:us-east-1:${accountId}:/${action}`,
    );
  }
}

function timePeriod(json: Record<string, unknown>): { start: string; end: string } {
  const period = json.TimePeriod as { Start?: unknown; End?: unknown } | undefined;
  const start = period?.Start;
  const end = period?.End;
  if (typeof start !== 'string' || typeof end !== 'string' || !DATE.test(start) || !DATE.test(end)) {
    throw validation('TimePeriod Start and End must be dates in the format YYYY-MM-DD');
  }
  if (start >= end) throw validation('Start date (and hour) should be before end date (and hour)');
  return { start, end };
}

function granularity(json: Record<string, unknown>): 'DAILY' | 'MONTHLY' {
  const value = json.Granularity;
  if (value === 'DAILY' || value === 'MONTHLY') return value;
  if (value === undefined) throw validation('Granularity is required');
  throw validation(`Granularity ${String(value)} is not supported (DAILY, MONTHLY)`);
}

function groupBy(json: Record<string, unknown>): CostDimension[] {
  const raw = json.GroupBy;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validation('GroupBy must be a list');
  if (raw.length > 2) throw validation('GroupBy accepts at most two group definitions');
  return raw.map((g: { Type?: unknown; Key?: unknown }) => {
    if (g.Type === 'TAG' && typeof g.Key === 'string' && g.Key !== '') return { kind: 'TAG', key: g.Key };
    if (g.Type === 'DIMENSION' && typeof g.Key === 'string' && DIMENSIONS.has(g.Key)) {
      return { kind: g.Key as 'LINKED_ACCOUNT' | 'SERVICE' | 'REGION' };
    }
    throw validation(`Group Definition ${String(g.Type)}:${String(g.Key)} is not supported`);
  });
}

interface Period {
  readonly start: string;
  /** Exclusive. */
  readonly end: string;
  readonly days: readonly string[];
}

function periods(start: string, end: string, grain: 'DAILY' | 'MONTHLY'): Period[] {
  const days = dayRange(start, addDays(end, -1));
  if (grain === 'DAILY') return days.map((day) => ({ start: day, end: addDays(day, 1), days: [day] }));
  const byMonth = new Map<string, string[]>();
  for (const day of days) {
    const month = startOfMonth(day);
    byMonth.set(month, [...(byMonth.get(month) ?? []), day]);
  }
  return [...byMonth.values()].map((monthDays) => ({
    start: monthDays[0]!,
    end: addDays(monthDays[monthDays.length - 1]!, 1),
    days: monthDays,
  }));
}

function sumGroups(perDay: readonly CostGroup[][]): CostGroup[] {
  const totals = new Map<string, { keys: readonly string[]; usd: number }>();
  for (const groups of perDay) {
    for (const g of groups) {
      const key = JSON.stringify(g.keys);
      const total = totals.get(key);
      if (total) total.usd += g.usd;
      else totals.set(key, { keys: g.keys, usd: g.usd });
    }
  }
  return [...totals.values()].sort((a, b) => (a.keys.join('\u0000') < b.keys.join('\u0000') ? -1 : 1));
}

const money = (metrics: readonly string[], usd: number) =>
  Object.fromEntries(metrics.map((m) => [m, { Amount: formatAmount(usd), Unit: 'USD' }]));

/** Fraction of today's spend already billed: the hours elapsed. */
function todayFraction(now: Date): number {
  return Math.max(1, now.getUTCHours()) / 24;
}

export const costExplorerService: SandboxService = {
  name: 'ce',
  signingName: 'ce',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSInsightsIndexService',
  global: true,
  actions: {
    GetCostAndUsage: (request, context) => {
      requireManagement(request.accountId, context, 'GetCostAndUsage', request.caller.arn);
      const json = request.json;
      const { start, end } = timePeriod(json);
      const grain = granularity(json);
      const metrics = json.Metrics;
      if (!Array.isArray(metrics) || metrics.length === 0) throw validation('Metrics is required');
      for (const m of metrics) {
        if (typeof m !== 'string' || !COST_METRICS.has(m)) {
          throw validation(`Metric ${String(m)} is not supported by the sandbox`);
        }
      }
      if (json.Filter !== undefined) throw validation('The sandbox does not support Filter');
      const dimensions = groupBy(json);
      const now = context.now();
      const today = utcDay(now);
      const costs = history(context);
      if (start < costs.firstDay) {
        throw validation(`start date ${start} is too old: Cost Explorer holds data from ${costs.firstDay}`);
      }
      const openFrom = CostHistory.openFrom(today);
      const fraction = todayFraction(now);

      // Rows of the whole answer in order: each period's groups, or one empty marker for a period
      // without spend, so pages can be cut anywhere and still name every period.
      type Row = { period: Period; group?: CostGroup };
      const rows: Row[] = [];
      for (const period of periods(start, end, grain)) {
        const groups = sumGroups(period.days.map((day) => costs.groups(day, today, dimensions, fraction)));
        if (dimensions.length === 0 || groups.length === 0) rows.push({ period, group: groups[0] });
        else for (const group of groups) rows.push({ period, group });
      }
      const nextToken = json.NextPageToken;
      const page = context.page(rows, {
        action: 'GetCostAndUsage',
        maxResults: undefined,
        nextToken: typeof nextToken === 'string' ? nextToken : undefined,
        max: costs.settings.pageSize,
        tokenError: () => new SandboxError(400, 'InvalidNextTokenException', 'Invalid pagination token'),
      });
      const results: { period: Period; groups: CostGroup[]; total?: CostGroup }[] = [];
      for (const row of page.items) {
        let last = results[results.length - 1];
        if (last?.period !== row.period) {
          last = { period: row.period, groups: [] };
          results.push(last);
        }
        if (dimensions.length === 0) last.total = row.group;
        else if (row.group) last.groups.push(row.group);
      }
      const accounts = new Map(context.accounts.map((a) => [a.id, a.name]));
      const linked = dimensions.findIndex((d) => d.kind === 'LINKED_ACCOUNT');
      const seenAccounts = new Set<string>();
      if (linked >= 0) for (const r of results) for (const g of r.groups) seenAccounts.add(g.keys[linked]!);
      return jsonResult({
        ...(dimensions.length > 0
          ? {
              GroupDefinitions: dimensions.map((d) =>
                d.kind === 'TAG' ? { Type: 'TAG', Key: d.key } : { Type: 'DIMENSION', Key: d.kind },
              ),
            }
          : {}),
        ResultsByTime: results.map((r) => ({
          TimePeriod: { Start: r.period.start, End: r.period.end },
          Total: dimensions.length === 0 ? money(metrics as string[], r.total?.usd ?? 0) : {},
          Groups: r.groups.map((g) => ({ Keys: g.keys, Metrics: money(metrics as string[], g.usd) })),
          Estimated: r.period.days[r.period.days.length - 1]! >= openFrom,
        })),
        DimensionValueAttributes: [...seenAccounts].sort().map((id) => ({
          Value: id,
          Attributes: { description: accounts.get(id) ?? id },
        })),
        ...(page.nextToken ? { NextPageToken: page.nextToken } : {}),
      });
    },

    GetCostForecast: (request, context) => {
      requireManagement(request.accountId, context, 'GetCostForecast', request.caller.arn);
      const json = request.json;
      const { start, end } = timePeriod(json);
      const grain = granularity(json);
      const metric = json.Metric;
      if (typeof metric !== 'string' || !FORECAST_METRICS.has(metric)) {
        throw validation(`Metric ${String(metric)} is not supported (UNBLENDED_COST, AMORTIZED_COST, ...)`);
      }
      const today = utcDay(context.now());
      if (start < today) throw validation('Start date must be equal to or later than the current date');
      const limit = grain === 'DAILY' ? addMonths(today, 3) : addMonths(today, 12);
      if (end > addDays(limit, 1)) {
        throw validation(`End date must be no later than ${limit} for ${grain} forecasts`);
      }
      const level = typeof json.PredictionIntervalLevel === 'number' ? json.PredictionIntervalLevel : 80;
      if (level < 51 || level > 99) throw validation('PredictionIntervalLevel must be between 51 and 99');
      const costs = history(context);
      // Spread of the daily noise at the asked confidence: noise is uniform ±noisePercent.
      const spread = (costs.settings.noisePercent / 100) * (level / 100);
      const results = periods(start, end, grain).map((period) => {
        const mean = period.days.reduce((t, day) => t + costs.expectedTotal(day, today), 0);
        return {
          TimePeriod: { Start: period.start, End: period.end },
          MeanValue: formatAmount(mean),
          PredictionIntervalLowerBound: formatAmount(mean * (1 - spread)),
          PredictionIntervalUpperBound: formatAmount(mean * (1 + spread)),
        };
      });
      const total = results.reduce((t, r) => t + Number(r.MeanValue), 0);
      return jsonResult({
        Total: { Amount: formatAmount(total), Unit: 'USD' },
        ForecastResultsByTime: results,
      });
    },
  },
};
