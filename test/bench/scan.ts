/**
 * The `scan` section: a generated organization of at least 10,000 resources over 10 accounts and 4
 * regions, 50 ms per call, scanned by the real collectors, plan and job runner into dynalite; then
 * an unchanged rescan; then a scan under transient faults in every service (throttling, 5xx, slow
 * pages) that the retries must absorb completely. API calls are every call the sandbox logged, STS
 * and Organizations included, against the minimum of `min-api-calls.ts`, action by action.
 */

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsClientPool } from '../../functions/adapters/aws/client-pool';
import { publishedRefillRate } from '../../functions/adapters/aws/pace';
import { COLLECTORS } from '../../functions/adapters/collectors';
import type { ClientFactory, Collector } from '../../functions/adapters/collectors/collector';
import { listOrganizationAccounts } from '../../functions/adapters/discovery/accounts';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { MemoryResourceStore } from '../../functions/adapters/memory/resource-store';
import { MemoryScanRunStore } from '../../functions/adapters/memory/scan-run-store';
import { planScan } from '../../functions/adapters/scan/plan';
import { runScan } from '../../functions/app/scan/run-scan';
import type { Resource, ScanRun } from '../../functions/domain/model';
import type { ResourceStore } from '../../functions/domain/ports';
import { startLocalDynamoDb } from '../local/dynalite';
import { type CallRate, peakInWindow } from '../sandbox/calls';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import type { Fleet } from '../sandbox/fleet';
import { countResources, generateFleet } from '../sandbox/generator';
import { minimumApiCalls, minimumApiCallsByAction } from './min-api-calls';
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

/** Sandbox listings that page: the slow-page fault delays each of their calls. */
const LISTINGS: readonly (readonly [service: string, action: string])[] = [
  ['organizations', 'ListAccounts'],
  ['ec2', 'DescribeInstances'],
  ['ec2', 'DescribeSnapshots'],
  ['rds', 'DescribeDBInstances'],
  ['rds', 'DescribeDBSnapshots'],
  ['elb', 'DescribeLoadBalancers'],
  ['elbv2', 'DescribeLoadBalancers'],
  ['elbv2', 'DescribeTargetGroups'],
  ['s3', 'ListBuckets'],
  ['iam', 'ListUsers'],
  ['cloudtrail', 'DescribeTrails'],
];

/**
 * Transient faults in every service the scan calls (STS and Organizations included): throttling,
 * 500s and 503s on any call, slow listing pages, and the empty-but-continued pages Organizations
 * sends. Each is something the SDK retries or the paginators follow, so completeness must stay 100%.
 */
function transientFaults(latencyMs: number): NonNullable<Fleet['faults']> {
  return {
    latency: [{ ms: latencyMs }],
    throttling: [{ probability: 0.1 }],
    serverErrors: [
      { probability: 0.02, kind: 'unavailable' },
      { probability: 0.01, kind: 'internal' },
    ],
    slowPages: LISTINGS.map(([service, action]) => ({ service, action, ms: 400 })),
    emptyPages: [{ service: 'organizations', action: 'ListAccounts', probability: 0.3 }],
    accessDenied: [],
  };
}

/**
 * Counts writes, so "what the scan wrote" is measured at the store, not derived from the diff, and
 * times the store calls, so a slow store shows in the profile.
 */
class CountingStore implements ResourceStore {
  writes = 0;
  readonly listMs: number[] = [];
  readonly putMs: number[] = [];
  constructor(private readonly inner: ResourceStore) {}
  reset() {
    this.writes = 0;
    this.listMs.length = 0;
    this.putMs.length = 0;
  }
  async listScope(accountId: string, region: string) {
    const started = performance.now();
    try {
      return await this.inner.listScope(accountId, region);
    } finally {
      this.listMs.push(performance.now() - started);
    }
  }
  async putMany(resources: readonly Resource[]) {
    this.writes += resources.length;
    const started = performance.now();
    try {
      return await this.inner.putMany(resources);
    } finally {
      this.putMs.push(performance.now() - started);
    }
  }
  get(id: string) {
    return this.inner.get(id);
  }
  query(query: Parameters<ResourceStore['query']>[0]) {
    return this.inner.query(query);
  }
}

/** The registered collectors, each timed per scope: where a job's wall time goes. */
function timedCollectors(durations: Map<string, number[]>): readonly Collector[] {
  return COLLECTORS.map((collector) => ({
    ...collector,
    async collect(clients: ClientFactory) {
      const started = performance.now();
      try {
        return await collector.collect(clients);
      } finally {
        const list = durations.get(collector.name) ?? [];
        list.push(performance.now() - started);
        durations.set(collector.name, list);
      }
    },
  }));
}

/** Resources of the types the registered collectors cover: what a complete scan must return. */
function expectedResources(fleet: Fleet): number {
  const covered = new Set(COLLECTORS.flatMap((c) => c.resourceTypes));
  return fleet.accounts.reduce((n, a) => n + a.resources.filter((r) => covered.has(r.type)).length, 0);
}

interface ScanOnce {
  readonly runs: ScanRun[];
  readonly wallSeconds: number;
  readonly planSeconds: number;
  readonly pool: AwsClientPool;
  /** Milliseconds each collector took, per scope, by collector name. */
  readonly collectorMs: Map<string, number[]>;
  /** When each call left the client (after pacing), by `account|region|SDK service|action`. */
  readonly sentAt: Map<string, number[]>;
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
  // The meter hears each call once it has been paced: what the client sent, and when.
  const sentAt = new Map<string, number[]>();
  let recording = true;
  clients.meter.onCall(({ accountId, region, service, action }) => {
    if (!recording) return;
    const key = `${accountId}|${region}|${service}|${action}`;
    const list = sentAt.get(key) ?? [];
    list.push(Date.now());
    sentAt.set(key, list);
  });
  const openScope = (accountId: string, region: string) => clients.openScope(accountId, region);
  const collectorMs = new Map<string, number[]>();
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
  const planned = performance.now();
  const runs = await runScan(plan.jobs, {
    collectors: timedCollectors(collectorMs),
    resources,
    scanRuns: new MemoryScanRunStore(),
    openScope,
    concurrency,
  });
  recording = false;
  return {
    runs,
    wallSeconds: (performance.now() - started) / 1000,
    planSeconds: (planned - started) / 1000,
    pool: clients,
    collectorMs,
    sentAt,
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const collectedOf = (runs: readonly ScanRun[]) =>
  runs.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Where the wall time of one scan went: discovery, jobs, each collector, the store. */
function profileOf(scan: ScanOnce, store?: CountingStore) {
  const seconds = (ms: number) => round(ms / 1000);
  const slowest = [...scan.runs].sort((a, b) => b.durationMs - a.durationMs)[0];
  const collectors = Object.fromEntries(
    [...scan.collectorMs.entries()]
      .map(
        ([name, ms]) => [name, { p50: seconds(quantile(ms, 0.5)), max: seconds(Math.max(...ms)) }] as const,
      )
      .sort((a, b) => b[1].max - a[1].max),
  );
  return {
    planSeconds: round(scan.planSeconds),
    jobSeconds: {
      p50: seconds(
        quantile(
          scan.runs.map((r) => r.durationMs),
          0.5,
        ),
      ),
      max: seconds(slowest?.durationMs ?? 0),
    },
    slowestJob: slowest ? { accountId: slowest.accountId, region: slowest.region } : null,
    collectorSeconds: collectors,
    ...(store
      ? {
          storeSeconds: {
            listScopeMax: seconds(Math.max(0, ...store.listMs)),
            putManyMax: seconds(Math.max(0, ...store.putMs)),
            putManyTotal: seconds(store.putMs.reduce((a, b) => a + b, 0)),
          },
        }
      : {}),
  };
}

/** Calls per (service, action) next to the minimum, for every action where the two differ. */
function callsAgainstMinimum(rates: readonly CallRate[], fleet: Fleet) {
  const actual = new Map<string, number>();
  for (const r of rates)
    actual.set(`${r.service}:${r.action}`, (actual.get(`${r.service}:${r.action}`) ?? 0) + r.calls);
  const minimum = new Map(minimumApiCallsByAction(fleet).map((m) => [`${m.service}:${m.action}`, m.calls]));
  return [...new Set([...actual.keys(), ...minimum.keys()])]
    .map((key) => ({ action: key, calls: actual.get(key) ?? 0, minimum: minimum.get(key) ?? 0 }))
    .filter((row) => row.calls !== row.minimum)
    .sort((a, b) => b.calls - b.minimum - (a.calls - a.minimum));
}

/**
 * The (account, region, action) whose busiest second came nearest its published refill rate, as the
 * sandbox saw the calls arrive, and the same key's busiest second as the client sent them (after
 * pacing): a gap between the two is jitter between pacing and arrival, not a pacing bug.
 */
function peakOf(rates: readonly CallRate[], sentAt: Map<string, number[]>) {
  const shares = rates
    .map((r) => ({
      ...r,
      share: r.peakPerSecond / publishedRefillRate(SDK_SERVICE[r.service] ?? r.service),
    }))
    .sort((a, b) => b.share - a.share);
  const peak = shares[0];
  const overHalf = shares.filter((r) => r.share > 0.5);
  if (!peak) return { share: 0, at: null, keysOverHalf: 0, keys: 0, actionsOverHalf: [] };
  const clientAccount = peak.service === 'sts' ? 'hub' : peak.accountId;
  const sent =
    sentAt.get(`${clientAccount}|${peak.region}|${SDK_SERVICE[peak.service]}|${peak.action}`) ?? [];
  return {
    share: peak.share,
    /** (account, region, action) keys whose busiest second went over half the refill rate. */
    keysOverHalf: overHalf.length,
    keys: shares.length,
    actionsOverHalf: [...new Set(overHalf.map((r) => `${r.service}:${r.action}`))],
    at: {
      accountId: peak.accountId,
      region: peak.region,
      service: peak.service,
      action: peak.action,
      perSecond: peak.peakPerSecond,
      sentPerSecond: peakInWindow(sent),
      refillPerSecond: publishedRefillRate(SDK_SERVICE[peak.service] ?? peak.service),
    },
  };
}

export async function runScanBenchmark(options: ScanBenchOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const latencyMs = options.latencyMs ?? 50;
  const concurrency = options.concurrency ?? 40;
  const fleet = generateFleet({ seed, accounts: 10, regions: 4, resources: options.resources ?? 10_000 });
  fleet.faults = {
    latency: [{ ms: latencyMs }],
    throttling: [],
    serverErrors: [],
    accessDenied: [],
    slowPages: [],
    emptyPages: [],
  };
  const expected = expectedResources(fleet);
  const minApiCalls = minimumApiCalls(fleet);
  log(
    `fleet: ${countResources(fleet)} resources, ${expected} of collected types, ${minApiCalls} calls at least`,
  );

  const rss = sampleRss();
  const dynamo = await startLocalDynamoDb({ separateProcess: true });
  const sandbox = await startSandboxProcess(fleet, seed);
  try {
    const store = new CountingStore(
      new DynamoDbResourceStore(createDocumentClient(dynamo.clientConfig), dynamo.tableName),
    );
    const first = await scanOnce(fleet, sandbox.endpoint, store, concurrency);
    const firstProfile = profileOf(first, store);
    const firstScanWrites = store.writes;
    const rates = (await sandbox.calls()).rates;
    const apiCalls = rates.reduce((n, r) => n + r.calls, 0);
    const peak = peakOf(rates, first.sentAt);
    const resources = collectedOf(first.runs);
    log(
      `first scan: ${resources} resources in ${round(first.wallSeconds)} s, ${apiCalls}/${minApiCalls} calls`,
    );

    await sandbox.resetCalls();
    store.reset();
    const rescan = await scanOnce(fleet, sandbox.endpoint, store, concurrency, first.pool);
    const rescanRates = (await sandbox.calls()).rates;
    log(`rescan: ${store.writes} writes in ${round(rescan.wallSeconds)} s`);
    const rescanWrites = store.writes;
    const rescanProfile = profileOf(rescan, store);

    await sandbox.stop();
    const faulty = structuredClone(fleet);
    faulty.faults = transientFaults(latencyMs);
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
    const retries = faultRun.pool.meter.totals().retries;
    log(`faults: ${faultResources}/${expected} resources, ${retries} retries`);

    return {
      fleet: {
        seed,
        accounts: fleet.accounts.length,
        regionsPerAccount: 4,
        resources: countResources(fleet),
        latencyMs,
        concurrency,
      },
      resources,
      expectedResources: expected,
      wallSeconds: round(first.wallSeconds),
      resourcesPerSecond: Math.round(resources / first.wallSeconds),
      apiCalls,
      minApiCalls,
      apiCallRatio: round(apiCalls / minApiCalls, 3),
      apiCallScope: 'all services (every call the sandbox logged, STS and Organizations included)',
      callsAboveMinimum: callsAgainstMinimum(rates, fleet),
      peakCallRateShare: round(peak.share, 3),
      peakCallRate: peak.at,
      callRateKeysOverHalf: { keys: peak.keysOverHalf, of: peak.keys, actions: peak.actionsOverHalf },
      firstScanWrites,
      rescanWrites,
      rescanWallSeconds: round(rescan.wallSeconds),
      rescanApiCalls: rescanRates.reduce((n, r) => n + r.calls, 0),
      rescanPeakCallRateShare: round(peakOf(rescanRates, rescan.sentAt).share, 3),
      jobs: first.runs.length,
      failedJobs: first.runs.filter((r) => r.status !== 'succeeded').length,
      retries,
      peakRssMb: rss.stop(),
      profile: { firstScan: firstProfile, rescan: rescanProfile },
      underFaults: {
        faults: faulty.faults,
        injected: faultOutcomes,
        resources: faultResources,
        completeness: round(faultResources / expected, 4),
        failedJobs: faultRun.runs.filter((r) => r.status !== 'succeeded').length,
        retries,
        wallSeconds: round(faultRun.wallSeconds),
      },
    };
  } finally {
    await sandbox.stop().catch(() => undefined);
    await dynamo.stop();
  }
}
