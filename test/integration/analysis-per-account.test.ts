/**
 * The per-account analysis against the whole-inventory one it replaced, over the demo organization
 * and over the planted-waste fleet (whose spend has an account and a service anomaly): the same scanned inventory, utilization and spend, analyzed twice each way into fresh finding and
 * posture stores, must leave exactly the same findings (ids, statuses, timestamps, evidence), the same
 * posture snapshots and the same summary.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../functions/adapters/dynamodb/exception-store';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { DynamoDbScanRunStore } from '../../functions/adapters/dynamodb/scan-run-store';
import { DynamoDbUtilizationStore } from '../../functions/adapters/dynamodb/utilization-store';
import { MemoryFindingStore } from '../../functions/adapters/memory/finding-store';
import { MemoryPostureStore } from '../../functions/adapters/memory/posture-store';
import { runAnalysis } from '../../functions/app/analysis/run-analysis';
import { scannedAccountIds } from '../../functions/app/analysis/scanned-accounts';
import { StaticPriceBook } from '../../functions/domain/cost/static-price-book';
import { type Finding, FindingCategorySchema } from '../../functions/domain/model';
import { demoFleet } from '../local/start-local';
import { loadFleet } from '../sandbox/load-fleet';
import { type CostPipeline, startCostPipeline } from './cost-pipeline';
import { wholeInventoryAnalysis } from './whole-inventory-analysis';

async function allFindings(store: MemoryFindingStore): Promise<Finding[]> {
  const lists = await Promise.all(FindingCategorySchema.options.map((c) => store.listByCategory(c)));
  return lists.flat().sort((a, b) => a.id.localeCompare(b.id));
}

const FLEETS = [
  { name: 'the demo organization', fleet: async () => demoFleet(), anomalies: false },
  {
    name: 'the planted-waste fleet',
    fleet: () => loadFleet(path.join(import.meta.dirname, '../sandbox/fleets/cost-planted.json')),
    anomalies: true,
  },
];

describe.each(FLEETS)('per-account analysis over $name', ({ fleet, anomalies }) => {
  let pipeline: CostPipeline;

  beforeAll(async () => {
    pipeline = await startCostPipeline(await fleet());
    await pipeline.run('utilization-refresh');
    await pipeline.run('cost-refresh');
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('leaves the same findings, posture snapshots and summary as the whole-inventory analysis', async () => {
    // Prepare
    const client = createDocumentClient(pipeline.dynamo.clientConfig);
    const table = pipeline.dynamo.tableName;
    const shared = {
      resources: new DynamoDbResourceStore(client, table),
      utilization: new DynamoDbUtilizationStore(client, table),
      exceptions: new DynamoDbExceptionStore(client, table),
      costs: pipeline.costs,
      prices: new StaticPriceBook(),
    };
    const scanRuns = new DynamoDbScanRunStore(client, table);
    const whole = { findings: new MemoryFindingStore(), posture: new MemoryPostureStore() };
    const perAccount = { findings: new MemoryFindingStore(), posture: new MemoryPostureStore() };
    const first = new Date();
    const second = new Date(first.getTime() + 3_600_000);

    // Act: a first analysis (everything opens), then a second over what the first stored
    const summaries = [];
    for (const now of [first, second]) {
      summaries.push({
        whole: await wholeInventoryAnalysis({ ...shared, ...whole, now: () => now }),
        perAccount: await runAnalysis({
          ...shared,
          ...perAccount,
          accountIds: () => scannedAccountIds(scanRuns),
          now: () => now,
        }),
      });
    }

    // Assess
    const findings = await allFindings(perAccount.findings);
    expect(findings).toEqual(await allFindings(whole.findings));
    expect(await perAccount.posture.list()).toEqual(await whole.posture.list());
    for (const summary of summaries) expect(summary.perAccount).toEqual(summary.whole);
    // Not vacuous: several accounts with findings, and spend anomalies where the fleet plants them.
    expect((await perAccount.posture.list()).length).toBeGreaterThan(1);
    expect(new Set(findings.map((f) => f.accountId)).size).toBeGreaterThan(1);
    expect(findings.some((f) => f.ruleId === 'cost-anomaly')).toBe(anomalies);
    expect(summaries[0]?.perAccount.opened).toBeGreaterThan(0);
    expect(summaries[1]?.perAccount.unchanged).toBeGreaterThan(0);
  }, 300_000);
});
