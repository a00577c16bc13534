/**
 * Measures the cost rules over a generated fleet: `npx tsx test/domain/cost/measure-cost-rules.ts [count]`.
 * Not a test (timings belong to benchmarks, not assertions); prints one JSON line.
 */

import { analyze } from '../../../functions/domain/analyze';
import {
  buildUtilizationLookup,
  COST_RULES,
  planMetricQueries,
  summarizeMetric,
} from '../../../functions/domain/cost';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import { buildInventory } from '../../../functions/domain/inventory';
import type { Resource } from '../../../functions/domain/model';
import { DEFAULT_RULE_SETTINGS } from '../../../functions/domain/rules/rule';
import type { MetricSummary } from '../../../functions/domain/utilization';
import {
  dbInstance,
  elasticIp,
  hourly,
  instance,
  loadBalancer,
  NOW,
  natGateway,
  snapshot,
  targetGroup,
  volume,
} from '../rules/cost/fixtures';

const count = Number(process.argv[2] ?? 100_000);
let seed = 42;
/** mulberry32: a small seeded generator, so every run measures the same fleet. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const TYPES = ['t3.large', 'm5.2xlarge', 'm6i.xlarge', 'c5.4xlarge', 'r5.large', 't4g.xlarge'];

function summary(resourceId: string, metric: string, level: number, withProfile: boolean): MetricSummary {
  return {
    resourceId,
    metric,
    from: new Date(NOW.getTime() - 14 * 86_400_000).toISOString(),
    to: NOW.toISOString(),
    periodSeconds: 3600,
    datapoints: 336,
    average: level,
    p50: level,
    p95: level * 1.5,
    p99: level * 2,
    maximum: level * 3,
    sum: level * 336,
    ...(withProfile
      ? {
          hourOfWeekAverage: Array.from({ length: 168 }, (_, h) =>
            h % 24 >= 8 && h % 24 < 20 && h < 120 ? level * 3 : 1,
          ),
        }
      : {}),
  };
}

const resources: Resource[] = [];
const summaries: MetricSummary[] = [];
for (let n = 0; resources.length < count; n++) {
  const region = pick(REGIONS);
  const roll = random();
  if (roll < 0.35) {
    const running = random() < 0.8;
    const vm = instance(`i-${n}`, {
      region,
      state: running ? 'running' : 'stopped',
      attributes: {
        instanceType: pick(TYPES),
        volumeIds: [`vol-${n}`],
        stateReason: running ? undefined : 'User initiated (2026-09-01 10:00:00 GMT)',
      },
    });
    resources.push(
      vm,
      volume(`vol-${n}`, { region, attributes: { volumeType: pick(['gp2', 'gp3']), sizeGiB: 50 } }),
    );
    if (running) {
      const cpu = pick([1, 8, 20, 45]);
      summaries.push(
        summary(vm.id, 'CPUUtilization', cpu, random() < 0.5),
        summary(vm.id, 'NetworkIn', cpu * 10_000, false),
        summary(vm.id, 'NetworkOut', cpu * 10_000, false),
      );
    }
  } else if (roll < 0.55) {
    resources.push(
      volume(`vol-x${n}`, {
        region,
        state: pick(['available', 'in-use']),
        attributes: { volumeType: pick(['gp2', 'gp3', 'io1']), sizeGiB: 100, iops: 3000 },
      }),
    );
  } else if (roll < 0.75) {
    resources.push(
      snapshot(`snap-${n}`, {
        region,
        attributes: {
          volumeId: `vol-${Math.floor(random() * n)}`,
          startTime: pick(['2025-01-01T00:00:00Z', '2026-11-01T00:00:00Z']),
        },
      }),
    );
  } else if (roll < 0.82) {
    resources.push(
      elasticIp(`eipalloc-${n}`, { region, attributes: random() < 0.5 ? { associationId: 'a' } : {} }),
    );
  } else if (roll < 0.9) {
    const tg = targetGroup(`tg${n}`, [pick(['healthy', 'unhealthy'])]);
    const lb = loadBalancer(`lb${n}`, { attributes: { targetGroupArns: [tg.id] } });
    resources.push(tg, lb);
    summaries.push(summary(lb.id, 'RequestCount', pick([0, 100]), false));
  } else if (roll < 0.95) {
    const nat = natGateway(`nat-${n}`, { region });
    resources.push(nat);
    summaries.push(
      summary(nat.id, 'BytesOutToDestination', pick([0, 1e6]), false),
      summary(nat.id, 'BytesInFromSource', 0, false),
    );
  } else {
    const db = dbInstance(`db${n}`, { region });
    resources.push(db);
    summaries.push(summary(db.id, 'DatabaseConnections', pick([0, 5]), false));
  }
}

const t0 = performance.now();
const context = {
  now: NOW,
  inventory: buildInventory(resources),
  utilization: buildUtilizationLookup(summaries),
  prices: new StaticPriceBook(),
  settings: DEFAULT_RULE_SETTINGS,
};
const t1 = performance.now();
// CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
const cpu0 = process.cpuUsage();
const result = analyze(resources, COST_RULES, context);
const analyzeCpu = process.cpuUsage(cpu0);
const t2 = performance.now();
const plan = planMetricQueries(resources, { end: NOW, refreshesPerDay: 1 });
const t3 = performance.now();
const series = Array.from({ length: 2000 }, (_, i) => hourly(14, (at) => (at.getUTCHours() * 7 + i) % 100));
const t4 = performance.now();
for (const [i, points] of series.entries()) summarizeMetric(`r${i}`, 'CPUUtilization', points);
const t5 = performance.now();

const savings = result.findings.reduce((t, f) => t + (f.monthlySavingsUsd ?? 0), 0);
console.log(
  JSON.stringify({
    resources: resources.length,
    metricSummaries: summaries.length,
    rules: COST_RULES.length,
    indexMs: Math.round(t1 - t0),
    analyzeMs: Math.round(t2 - t1),
    analyzeCpuMs: Math.round((analyzeCpu.user + analyzeCpu.system) / 1000),
    resourcesPerSecond: Math.round(resources.length / ((t2 - t1) / 1000)),
    findings: result.findings.length,
    insufficientData: result.insufficientData.length,
    monthlySavingsUsd: Math.round(savings),
    metricPlan: {
      queries: plan.queries,
      calls: plan.callsPerRefresh,
      maxQueriesPerCall: plan.maxQueriesPerCall,
      usdPerMonth: Number(plan.usdPerMonth.toFixed(2)),
      planMs: Math.round(t3 - t2),
    },
    summarize336PointSeriesPerSecond: Math.round(series.length / ((t5 - t4) / 1000)),
  }),
);
