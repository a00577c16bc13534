/**
 * The `scan` section: a generated organization of at least 10,000 resources over 10 accounts and 4
 * regions, 50 ms per call, scanned by the real collectors, plan and job runner into dynalite; then
 * an unchanged rescan; then a scan under transient faults (throttling, 5xx, slow pages) that the
 * retries must absorb completely.
 */

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsClientPool } from '../../functions/adapters/aws/client-pool';
import { publishedRefillRate } from '../../functions/adapters/aws/pace';
import { COLLECTORS } from '../../functions/adapters/collectors';
import { EC2_PAGE_SIZES } from '../../functions/adapters/collectors/ec2-shared';
import { listOrganizationAccounts } from '../../functions/adapters/discovery/accounts';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { MemoryResourceStore } from '../../functions/adapters/memory/resource-store';
import { MemoryScanRunStore } from '../../functions/adapters/memory/scan-run-store';
import { planScan } from '../../functions/adapters/scan/plan';
import { runScan } from '../../functions/adapters/scan/run-scan';
import type { Resource, ScanRun } from '../../functions/domain/model';
import type { ResourceStore } from '../../functions/domain/ports';
import { startLocalDynamoDb } from '../local/dynalite';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import type { Fleet } from '../sandbox/fleet';
import { countResources, generateFleet } from '../sandbox/generator';
import { sampleRss } from './results';
import { startSandboxProcess } from './sandbox-process';

export interface ScanBenchOptions {
  readonly seed?: number;
  readonly resources?: number;
  readonly latencyMs?: number;
  /** Jobs in flight (the Map's MaxConcurrency). */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/** Sandbox service names → SDK client names used by the pace table. */
const SDK_SERVICE: Readonly<Record<string, string>> = {
  ec2: 'EC2',
  sts: 'STS',
  organizations: 'Organizations',
  rds: 'RDS',
  elb: 'ElasticLoadBalancing',
  elbv2: 'ElasticLoadBalancingV2',
  s3: 'S3',
  iam: 'IAM',
  cloudtrail: 'CloudTrail',
};

const MIN_COUNTED_SERVICES = new Set(['ec2', 'sts', 'organizations']);

/** Counts writes, so "what the scan wrote" is measured at the store, not derived from the diff. */
class CountingStore implements ResourceStore {
  writes = 0;
  constructor(private readonly inner: ResourceStore) {}
  listScope(accountId: string, region: string) {
    return this.inner.listScope(accountId, region);
  }
  async putMany(resources: readonly Resource[]) {
    this.writes += resources.length;
    return this.inner.putMany(resources);
  }
  get(id: string) {
    return this.inner.get(id);
  }
  query(query: Parameters<ResourceStore['query']>[0]) {
    return this.inner.query(query);
  }
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/**
 * The fewest EC2, STS and Organizations calls a complete scan can make: one page per `pageSize`
 * items (at least one call per action and scope), DescribeInstanceStatus only where something runs,
 * the public-snapshot listing only where snapshots exist, one AssumeRole per account, one
 * DescribeRegions per account, ListAccounts pages of 20.
 */
export function minimumApiCalls(fleet: Fleet): number {
  let calls = pages(fleet.accounts.length, 20);
  for (const account of fleet.accounts) {
    calls += 2; // AssumeRole, DescribeRegions
    for (const region of account.regions) {
      const of = (type: string) => account.resources.filter((r) => r.region === region && r.type === type);
      const snapshots = of('ec2:snapshot');
      const running = of('ec2:instance').filter((r) => r.state === 'running').length;
      const publicSnapshots = snapshots.filter(
        (r) => r.type === 'ec2:snapshot' && r.attributes.public,
      ).length;
      calls +=
        pages(of('ec2:instance').length, EC2_PAGE_SIZES.DescribeInstances) +
        (running > 0 ? pages(running, EC2_PAGE_SIZES.DescribeInstanceStatus) : 0) +
        pages(of('ec2:volume').length, EC2_PAGE_SIZES.DescribeVolumes) +
        pages(snapshots.length, EC2_PAGE_SIZES.DescribeSnapshots) +
        (snapshots.length > 0 ? pages(publicSnapshots, EC2_PAGE_SIZES.DescribeSnapshots) : 0) +
        1 + // DescribeAddresses (not paginated)
        pages(of('ec2:image').length, EC2_PAGE_SIZES.DescribeImages) +
        pages(of('ec2:vpc').length, EC2_PAGE_SIZES.DescribeVpcs) +
        pages(of('ec2:subnet').length, EC2_PAGE_SIZES.DescribeSubnets) +
        pages(of('ec2:security-group').length, EC2_PAGE_SIZES.DescribeSecurityGroups) +
        pages(of('ec2:nat-gateway').length, EC2_PAGE_SIZES.DescribeNatGateways) +
        1; // GetEbsEncryptionByDefault
    }
  }
  return calls;
}

/** Resources of the types the registered collectors cover: what a complete scan must return. */
function expectedResources(fleet: Fleet): number {
  const covered = new Set(COLLECTORS.flatMap((c) => c.resourceTypes));
  return fleet.accounts.reduce((n, a) => n + a.resources.filter((r) => covered.has(r.type)).length, 0);
}

interface ScanOnce {
  readonly runs: ScanRun[];
  readonly wallSeconds: number;
  readonly pool: AwsClientPool;
}

async function scanOnce(
  fleet: Fleet,
  endpoint: string,
  resources: ResourceStore,
  concurrency: number,
  pool?: AwsClientPool,
): Promise<ScanOnce> {
  const clients =
    pool ??
    new AwsClientPool({
      memberRoleName: 'HostMasterScanRole',
      externalId: fleet.accounts[0]!.externalId,
      endpoint,
      hubCredentials: LOCAL_CREDENTIALS,
      homeRegion: 'us-east-1',
    });
  const openScope = (accountId: string, region: string) => clients.openScope(accountId, region);
  const started = performance.now();
  const plan = await planScan(`bench-${Date.now()}`, {
    listAccounts: async () => {
      const scope = await clients.openScope(fleet.organization.managementAccountId, 'global');
      return listOrganizationAccounts(scope.clients.get(OrganizationsClient));
    },
    openScope,
    homeRegion: 'us-east-1',
    regionsAllow: [],
    regionsDeny: [],
    concurrency,
  });
  const runs = await runScan(plan.jobs, {
    collectors: COLLECTORS,
    resources,
    scanRuns: new MemoryScanRunStore(),
    openScope,
    concurrency,
  });
  return { runs, wallSeconds: (performance.now() - started) / 1000, pool: clients };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const collectedOf = (runs: readonly ScanRun[]) =>
  runs.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0);

export async function runScanBenchmark(options: ScanBenchOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const latencyMs = options.latencyMs ?? 50;
  const concurrency = options.concurrency ?? 40;
  const fleet = generateFleet({ seed, accounts: 10, regions: 4, resources: options.resources ?? 10_000 });
  fleet.faults = { latency: [{ ms: latencyMs }] } as Fleet['faults'];
  const expected = expectedResources(fleet);
  log(`fleet: ${countResources(fleet)} resources, ${expected} of collected types`);

  const rss = sampleRss();
  const dynamo = await startLocalDynamoDb({ separateProcess: true });
  const sandbox = await startSandboxProcess(fleet, seed);
  try {
    const store = new CountingStore(
      new DynamoDbResourceStore(createDocumentClient(dynamo.clientConfig), dynamo.tableName),
    );
    const first = await scanOnce(fleet, sandbox.endpoint, store, concurrency);
    const firstScanWrites = store.writes;
    const rates = (await sandbox.calls()).rates;
    const counted = rates.filter((r) => MIN_COUNTED_SERVICES.has(r.service));
    const apiCalls = counted.reduce((n, r) => n + r.calls, 0);
    const peak = rates
      .map((r) => ({
        ...r,
        share: r.peakPerSecond / publishedRefillRate(SDK_SERVICE[r.service] ?? r.service),
      }))
      .sort((a, b) => b.share - a.share)[0];
    const resources = collectedOf(first.runs);
    log(`first scan: ${resources} resources in ${round(first.wallSeconds)} s, ${apiCalls} calls`);

    await sandbox.resetCalls();
    store.writes = 0;
    const rescan = await scanOnce(fleet, sandbox.endpoint, store, concurrency, first.pool);
    log(`rescan: ${store.writes} writes in ${round(rescan.wallSeconds)} s`);

    await sandbox.stop();
    const faulty = structuredClone(fleet);
    faulty.faults = {
      latency: [{ ms: latencyMs }],
      throttling: [{ service: 'ec2', probability: 0.1 }],
      serverErrors: [{ service: 'ec2', probability: 0.03, kind: 'unavailable' }],
      slowPages: [{ service: 'ec2', action: 'DescribeInstances', ms: 400 }],
    } as Fleet['faults'];
    const faultSandbox = await startSandboxProcess(faulty, seed + 1);
    let faultRun: ScanOnce;
    let faultOutcomes: Record<string, number>;
    try {
      faultRun = await scanOnce(faulty, faultSandbox.endpoint, new MemoryResourceStore(), concurrency);
      faultOutcomes = (await faultSandbox.calls()).byOutcome;
    } finally {
      await faultSandbox.stop();
    }
    const faultResources = collectedOf(faultRun.runs);
    log(`faults: ${faultResources}/${expected} resources, ${faultRun.pool.meter.totals().retries} retries`);

    return {
      fleet: {
        seed,
        accounts: fleet.accounts.length,
        regionsPerAccount: 4,
        resources: countResources(fleet),
        latencyMs,
      },
      resources,
      expectedResources: expected,
      wallSeconds: round(first.wallSeconds),
      resourcesPerSecond: Math.round(resources / first.wallSeconds),
      apiCalls,
      apiCallsAllServices: rates.reduce((n, r) => n + r.calls, 0),
      minApiCalls: minimumApiCalls(fleet),
      apiCallRatio: round(apiCalls / minimumApiCalls(fleet), 3),
      apiCallScope: 'EC2, STS and Organizations (the services minApiCalls is computed for)',
      peakCallRateShare: round(peak?.share ?? 0, 3),
      peakCallRate: peak
        ? {
            accountId: peak.accountId,
            region: peak.region,
            service: peak.service,
            action: peak.action,
            perSecond: peak.peakPerSecond,
          }
        : null,
      firstScanWrites,
      rescanWrites: store.writes,
      rescanWallSeconds: round(rescan.wallSeconds),
      jobs: first.runs.length,
      failedJobs: first.runs.filter((r) => r.status !== 'succeeded').length,
      retries: faultRun.pool.meter.totals().retries,
      peakRssMb: rss.stop(),
      underFaults: {
        faults: faulty.faults,
        injected: faultOutcomes,
        resources: faultResources,
        completeness: round(faultResources / expected, 4),
        failedJobs: faultRun.runs.filter((r) => r.status !== 'succeeded').length,
        retries: faultRun.pool.meter.totals().retries,
        wallSeconds: round(faultRun.wallSeconds),
      },
    };
  } finally {
    await sandbox.stop().catch(() => undefined);
    await dynamo.stop();
  }
}
