/**
 * The cost pipeline end to end against the sandbox organization and dynalite: scan → utilization
 * refresh (which runs Analyze) → cost refresh → Analyze, over a fleet with every kind of waste the
 * savings rules know planted once (test/sandbox/fleets/cost-planted.json). Every planted waste must
 * be found with a saving within 5 % of what the price table implies, and nothing else flagged.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_PRICE_TABLE } from '../../functions/domain/cost/static-price-book';
import type { Finding } from '../../functions/domain/model';
import type { CostRefreshLog } from '../../functions/domain/ports';
import { loadFleet } from '../sandbox/load-fleet';
import { type CostPipeline, startCostPipeline } from './cost-pipeline';

const WORKLOADS = '333333333333';
const P = SHIPPED_PRICE_TABLE.regions['us-east-1']!;
const EU = SHIPPED_PRICE_TABLE.regions['eu-west-1']!;
const HOURS = 730;
/** Hours a month a Mon–Fri 08:00–20:00 schedule keeps an instance stopped. */
const OFF_HOURS = (HOURS * (168 - 60)) / 168;

/** What the price table says each planted waste costs a month, by rule and native id. */
const PLANTED: Record<string, number> = {
  'ec2-idle-instance|i-0c05700000000a001': P.ec2Hourly['m5.xlarge']! * HOURS + 50 * P.ebsGbMonth.gp3!,
  'ec2-rightsizing|i-0c05700000000a002': (P.ec2Hourly['m5.2xlarge']! - P.ec2Hourly['m5.large']!) * HOURS,
  'ec2-off-hours-schedule|i-0c05700000000a003': P.ec2Hourly['m5.large']! * OFF_HOURS,
  'ec2-stopped-instance-volumes|i-0c05700000000a004': 100 * P.ebsGbMonth.gp3!,
  'ebs-gp2-to-gp3|vol-0c05700000000a006': 500 * (P.ebsGbMonth.gp2! - P.ebsGbMonth.gp3!),
  'ebs-unattached-volume|vol-0c05700000000a007': 200 * P.ebsGbMonth.gp3!,
  'ebs-orphaned-snapshot|snap-0c05700000000a001': 100 * P.ebsSnapshotGbMonth,
  'ec2-unassociated-elastic-ip|eipalloc-0c05700000000a001': P.elasticIpHourly * HOURS,
  'elb-idle-load-balancer|campaign-alb': P.loadBalancerHourly.application! * HOURS,
  'nat-gateway-idle|nat-0c05700000000a001': EU.natGateway.hourly * HOURS,
  'rds-idle-instance|migration-test-db': P.rdsHourly.postgres!['db.t3.medium']! * HOURS,
};

let pipeline: CostPipeline;

/** `rule|native id` of a finding: the last segment of the resource ARN (ALB: its name). */
function plantedKey(finding: Finding): string {
  const native =
    finding.resourceType === 'elb:load-balancer'
      ? finding.resourceId.split('/').at(-2)!
      : finding.resourceId.split(/[/:]/).at(-1)!;
  return `${finding.ruleId}|${native}`;
}

beforeAll(async () => {
  const fleet = await loadFleet(path.join(import.meta.dirname, '../sandbox/fleets/cost-planted.json'));
  pipeline = await startCostPipeline(fleet);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('cost pipeline over a fleet with planted waste', () => {
  it('refreshes utilization with batched GetMetricData calls and analyzes', async () => {
    // Prepare
    pipeline.sandbox.calls.reset();

    // Act
    const result = (await pipeline.run('utilization-refresh')) as {
      utilization: { getMetricDataCalls: number; written: number; failures: unknown[] };
      analysis: { opened: number };
    };

    // Assess: one call per (account, region) with metrics: us-east-1 and eu-west-1 of the workloads.
    const calls = pipeline.sandbox.calls.records.filter((c) => c.service === 'cloudwatch');
    expect(calls.map((c) => `${c.accountId}/${c.region}`).sort()).toEqual([
      `${WORKLOADS}/eu-west-1`,
      `${WORKLOADS}/us-east-1`,
    ]);
    expect(result.utilization).toMatchObject({ getMetricDataCalls: 2, failures: [] });
    expect(result.utilization.written).toBeGreaterThan(15);
    expect(result.analysis.opened).toBeGreaterThan(0);
  });

  it('fetches cost history once and only the open days on a second refresh the same day', async () => {
    // Prepare
    const calls = pipeline.sandbox.calls;
    calls.reset();

    // Act
    const first = (await pipeline.run('cost-refresh')) as CostRefreshLog;
    const firstCalls = calls.records.filter((c) => c.action === 'GetCostAndUsage').length;
    calls.reset();
    const second = (await pipeline.run('cost-refresh')) as CostRefreshLog;
    const secondCalls = calls.records.filter((c) => c.service === 'ce');

    // Assess
    expect(first.closedDaysFetched).toBeGreaterThan(150);
    expect(first.costAndUsageRequests).toBe(firstCalls);
    expect(second.closedDaysFetched).toBe(0);
    // One request per series (account × service, region × environment) for the open window, plus the forecast.
    expect(secondCalls.map((c) => c.action).sort()).toEqual([
      'GetCostAndUsage',
      'GetCostAndUsage',
      'GetCostForecast',
    ]);
    expect(second).toMatchObject({ costAndUsageRequests: 2, forecastRequests: 1, usd: 0.03 });
    expect(second.openDays.to).toBe(new Date().toISOString().slice(0, 10));
    const logged = await pipeline.costs.refreshes(5);
    expect(logged.map((l) => l.costAndUsageRequests)).toEqual([2, first.costAndUsageRequests]);
    const forecast = await pipeline.costs.forecast(second.today.slice(0, 7));
    expect(forecast?.periods.length).toBeGreaterThan(0);
  });

  it('finds every planted waste at the price table saving and flags nothing else', async () => {
    // Act
    await pipeline.run('analyze');
    const open = await pipeline.openCostFindings();

    // Assess
    const rules = open.filter((f) => f.ruleId !== 'cost-anomaly');
    expect(rules.map(plantedKey).sort()).toEqual(Object.keys(PLANTED).sort());
    for (const finding of rules) {
      const expected = PLANTED[plantedKey(finding)]!;
      expect(finding.monthlySavingsUsd, plantedKey(finding)).toBeGreaterThan(expected * 0.95);
      expect(finding.monthlySavingsUsd, plantedKey(finding)).toBeLessThan(expected * 1.05);
    }
    const anomalies = open.filter((f) => f.ruleId === 'cost-anomaly');
    expect(anomalies.map((f) => f.resourceType).sort()).toEqual(['cost:account', 'cost:service']);
    for (const anomaly of anomalies) {
      expect(anomaly.evidence.overBaselineUsd).toBeGreaterThan(850);
      expect(anomaly.evidence.likelyCause).toMatchObject({
        accountId: WORKLOADS,
        service: 'Amazon Elastic Compute Cloud - Compute',
      });
    }
  });

  it('writes no finding on a second analysis when nothing changed', async () => {
    // Act
    const summary = (await pipeline.run('analyze')) as { written: number; unchanged: number };

    // Assess
    expect(summary.written).toBe(0);
    expect(summary.unchanged).toBeGreaterThan(12);
  });
});
