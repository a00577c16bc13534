/**
 * The `cost` section: how fast the savings rules judge a large inventory, and what HostMaster's own
 * cost data costs the customer a month for the 10,000-resource organization.
 *
 * - `rulesResourcesPerSecond`: every COST_RULES rule over 100,000 generated resources (every type,
 *   the generator's usage profiles) through the pure analyzer, median of `repeats` runs after a
 *   warm-up. Utilization summaries come from the sandbox's usage model: one 14-day hourly summary per
 *   (profile, metric), shared by every resource of that profile, so the rules see realistic values
 *   without synthesizing 100,000 × 5 series.
 * - `costExplorer*`: the steady-state refresh plan (after the history is held: one open-window request
 *   per series plus the forecast, 3 refreshes a day) with the pages each request spans for this
 *   organization's groups (from the sandbox's cost history of the same fleet).
 * - `getMetricData*` / `cloudWatch*`: the daily utilization plan's calls and metrics requested, at
 *   $0.01 per 1,000 metrics.
 *
 * `npx tsx test/bench/cost.ts --out FILE` runs it alone; `runCostBenchmark` is what `run.ts` calls.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyze } from '../../functions/domain/analyze';
import {
  buildUtilizationLookup,
  COST_RULES,
  costExplorerBudget,
  METRICS_BY_TYPE,
  planMetricQueries,
  summarizeMetric,
} from '../../functions/domain/cost';
import { addDays, utcDay } from '../../functions/domain/cost/dates';
import { StaticPriceBook } from '../../functions/domain/cost/static-price-book';
import { buildInventory } from '../../functions/domain/inventory';
import { type Resource, ResourceSchema } from '../../functions/domain/model';
import { DEFAULT_RULE_SETTINGS } from '../../functions/domain/rules/rule';
import type { MetricSummary, UtilizationLookup } from '../../functions/domain/utilization';
import { COST_DEFAULTS, CostHistory } from '../sandbox/costs';
import type { Fleet } from '../sandbox/fleet';
import { generateFleet } from '../sandbox/generator';
import { metricValue, type UsageProfile } from '../sandbox/usage';
import { mergeSection, sampleRss } from './results';

export interface CostBenchOptions {
  /** @default 1 */
  readonly seed?: number;
  /** Resources the rules judge. @default 100_000 */
  readonly ruleResources?: number;
  /** Resources of the organization whose Cost Explorer and CloudWatch spend is planned. @default 10_000 */
  readonly organizationResources?: number;
  /** @default 3 */
  readonly repeats?: number;
  /** Cost allocation tag keys kept as series. @default ['environment'] */
  readonly tagKeys?: readonly string[];
  /** Cost refreshes a day. @default 3 */
  readonly costRefreshesPerDay?: number;
  readonly log?: (line: string) => void;
}

export interface CostBenchResult {
  readonly rulesResourcesPerSecond: number;
  readonly costExplorerRequestsPerDay: number;
  readonly costExplorerUsdPerMonth: number;
  readonly getMetricDataCallsPerDay: number;
  readonly cloudWatchUsdPerMonth: number;
  readonly details: Record<string, unknown>;
}

const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Fleet resources as collected resources, with ARNs shaped as the collectors compose them. */
export function toResources(fleet: Fleet): { resources: Resource[]; profiles: Map<string, UsageProfile> } {
  const profiles = new Map<string, UsageProfile>();
  const resources = fleet.accounts.flatMap((account) =>
    account.resources.map(({ usage, ...resource }) => {
      const [service, kind] = resource.type.split(':') as [string, string];
      const id =
        resource.type === 'elb:load-balancer'
          ? `arn:aws:elasticloadbalancing:${resource.region}:${account.id}:loadbalancer/${resource.id}`
          : resource.type === 'elb:target-group'
            ? `arn:aws:elasticloadbalancing:${resource.region}:${account.id}:targetgroup/${resource.id}`
            : `arn:aws:${service}:${resource.region}:${account.id}:${kind}/${resource.id}`;
      if (usage) profiles.set(id, usage);
      return ResourceSchema.parse({
        ...resource,
        id,
        accountId: account.id,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-23T00:00:00.000Z',
        contentHash: 'bench',
      });
    }),
  );
  return { resources, profiles };
}

/** One 14-day summary per (profile, metric) from the sandbox's usage model, shared by resource. */
function utilizationOf(
  resources: readonly Resource[],
  profiles: ReadonlyMap<string, UsageProfile>,
): UtilizationLookup {
  const end = Math.floor(NOW.getTime() / 3_600_000) * 3_600_000;
  const shared = new Map<string, MetricSummary | undefined>();
  const summaryOf = (profile: UsageProfile, metric: string, stat: string) => {
    const key = `${profile}|${metric}`;
    if (!shared.has(key)) {
      const points = Array.from({ length: 336 }, (_, i) => {
        const at = new Date(end - (336 - i) * 3_600_000);
        return { timestamp: at.toISOString(), value: metricValue({ key, profile }, metric, stat, at, 3600) };
      });
      shared.set(key, summarizeMetric('shared', metric, points));
    }
    return shared.get(key);
  };
  const summaries: MetricSummary[] = [];
  const metricSets = Object.values(METRICS_BY_TYPE).flat();
  for (const resource of resources) {
    const profile = profiles.get(resource.id);
    if (!profile) continue;
    for (const spec of metricSets) {
      const summary = summaryOf(profile, spec.metric, spec.stat);
      if (summary) summaries.push({ ...summary, resourceId: resource.id });
    }
  }
  return buildUtilizationLookup(summaries);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function runCostBenchmark(options: CostBenchOptions = {}): Promise<CostBenchResult> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const repeats = options.repeats ?? 3;

  const big = toResources(
    generateFleet({ seed, accounts: 25, regions: 4, resources: options.ruleResources ?? 100_000 }),
  );
  log(`rules fleet: ${big.resources.length} resources`);
  const context = {
    now: NOW,
    inventory: buildInventory(big.resources),
    utilization: utilizationOf(big.resources, big.profiles),
    prices: new StaticPriceBook(),
    settings: DEFAULT_RULE_SETTINGS,
  };
  const rss = sampleRss();
  let result = analyze(big.resources, COST_RULES, context);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    result = analyze(big.resources, COST_RULES, context);
    times.push(performance.now() - started);
  }
  const peakRssMiB = rss.stop();
  const analyzeMs = median(times);
  const savings = result.findings.reduce((t, f) => t + (f.monthlySavingsUsd ?? 0), 0);
  log(`cost rules: ${Math.round(analyzeMs)} ms, ${result.findings.length} findings`);

  const organization = generateFleet({
    seed,
    accounts: 10,
    regions: 4,
    resources: options.organizationResources ?? 10_000,
  });
  const org = toResources(organization);
  const metricPlan = planMetricQueries(org.resources, { end: NOW, refreshesPerDay: 1 });

  // Pages per steady-state request: the open window (up to a month of days) × the groups a day has.
  const today = utcDay(NOW);
  const history = new CostHistory(organization.accounts, organization.costs, today);
  const tagKeys = options.tagKeys ?? ['environment'];
  const openDays = 31;
  const yesterday = addDays(today, -1);
  const accountServiceGroups = history.groups(yesterday, today, [
    { kind: 'LINKED_ACCOUNT' },
    { kind: 'SERVICE' },
  ]).length;
  const regionTagGroups = Math.max(
    0,
    ...tagKeys.map(
      (key) => history.groups(yesterday, today, [{ kind: 'REGION' }, { kind: 'TAG', key }]).length,
    ),
  );
  const pagesPerRequest = Math.max(
    1,
    Math.ceil((openDays * Math.max(accountServiceGroups, regionTagGroups)) / COST_DEFAULTS.pageSize),
  );
  const budget = costExplorerBudget({
    seriesCount: 1 + tagKeys.length,
    refreshesPerDay: options.costRefreshesPerDay ?? 3,
    pagesPerRequest,
  });

  return {
    rulesResourcesPerSecond: Math.round(big.resources.length / (analyzeMs / 1000)),
    costExplorerRequestsPerDay: budget.requestsPerDay,
    costExplorerUsdPerMonth: Math.round(budget.usdPerMonth * 100) / 100,
    getMetricDataCallsPerDay: metricPlan.callsPerDay,
    cloudWatchUsdPerMonth: Math.round(metricPlan.usdPerMonth * 100) / 100,
    details: {
      rules: {
        resources: big.resources.length,
        rules: COST_RULES.length,
        analyzeMsMedian: Math.round(analyzeMs),
        findings: result.findings.length,
        insufficientData: result.insufficientData.length,
        monthlySavingsUsd: Math.round(savings),
        peakRssMiB,
      },
      organization: { resources: org.resources.length, accounts: organization.accounts.length },
      costExplorer: {
        series: 1 + tagKeys.length,
        refreshesPerDay: options.costRefreshesPerDay ?? 3,
        groupsPerDay: { accountService: accountServiceGroups, regionTag: regionTagGroups },
        pagesPerRequest,
        requestsPerRefresh: budget.requestsPerRefresh,
      },
      cloudWatch: {
        queriesPerRefresh: metricPlan.queries,
        maxQueriesPerCall: metricPlan.maxQueriesPerCall,
        metricsRequestedPerDay: metricPlan.metricsRequestedPerDay,
      },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'bench-results/bench.json' } } });
  const result = await runCostBenchmark({ log: (line) => console.error(`[cost] ${line}`) });
  await mergeSection(values.out!, 'cost', {
    ...result,
    environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
  });
  console.log(JSON.stringify(result, null, 2));
}
