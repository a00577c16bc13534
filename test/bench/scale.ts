/**
 * The `scale` section: a generated organization of 1,000 accounts × 17 regions (small fleets: each
 * account's account-level items, IAM users, trail and one EBS default-encryption setting per region)
 * scanned by the synthesized scan state machine on the local runner: the real plan, worker and analyze
 * handlers, the Distributed Map reading the plan's jobs object from the sandbox's S3 and writing its
 * results there, the sandbox in its own process with low latency, dynalite as DynamoDB.
 *
 * It reports what the run did (jobs, state transitions, history events, payload bytes, S3 objects, API
 * calls, DynamoDB writes) against the Step Functions limits, the Analyze step timed alone over the
 * scanned inventory (one account at a time: wall time, per account, the most resources held at once),
 * then a model of one full scan of
 * 1,000,000 resources deployed: wall time by MaxConcurrency and cost (Lambda GB-s, state transitions,
 * Express requests and duration, DynamoDB writes, S3 requests, API calls), every assumption written
 * beside the figures. Prices are us-east-1 list prices.
 *
 * Runs in a child process (`--run`), because the handlers read `process.env` at import.
 * `npm run bench -- --only scale` or `npx tsx test/bench/scale.ts [--accounts 1000] [--regions 17]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TABLE_INDEXES } from '../../functions/shared/contract/table';

const RESULT = 'HOSTMASTER_SCALE_RESULT ';
/** Step Functions quotas the run is held against. */
const LIMITS = { payloadBytes: 256 * 1024, historyEvents: 25_000, expressSeconds: 300 };
/** us-east-1 list prices (2026). */
const PRICES = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  standardTransition: 0.000025,
  expressRequest: 1 / 1e6,
  expressGbSecond: 0.00001667,
  dynamoWriteUnit: 0.625 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
};
/** Resource types the small per-account fleets keep from the generator. */
const KEPT_TYPES = new Set([
  'iam:account-summary',
  'iam:user',
  'cloudtrail:trail',
  'ec2:ebs-encryption-default',
]);

export interface ScaleBenchOptions {
  /** @default 1000 */
  readonly accounts?: number;
  /** Regions per account. @default 17 */
  readonly regions?: number;
  /** Sandbox latency per call. @default 2 */
  readonly latencyMs?: number;
  /** Child executions run at once locally. @default 48 */
  readonly localConcurrency?: number;
  readonly log?: (line: string) => void;
}

export interface RunResult {
  readonly accounts: number;
  readonly regionsPerAccount: number;
  readonly resources: number;
  readonly jobs: number;
  readonly scanId: string;
  readonly failedJobs: number;
  readonly localWallMs: number;
  readonly parentHistoryEvents: number;
  readonly parentStateTransitions: number;
  readonly planOutputBytes: number;
  readonly mapRun: Record<string, number | string>;
  readonly s3: { readonly objects: number; readonly jobsObjectBytes: number; readonly resultBytes: number };
  readonly apiCalls: number;
  readonly sandboxCalls: number;
  readonly dynamoWrites: { readonly resources: number; readonly scanRuns: number };
  readonly jobDurationMs: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly resultsManifest: string;
  /** The Analyze step run again over the scanned inventory, timed alone. */
  readonly analysis: AnalysisRun;
}

interface ScanRunOutput {
  readonly durationMs: number;
  readonly apiCalls: number;
  readonly changes: { readonly added: number; readonly updated: number; readonly gone: number };
}

/** `--run`: the scan itself, in this (child) process. */
interface AnalysisRun {
  readonly wallMs: number;
  readonly accounts: number;
  readonly resources: number;
  readonly findings: number;
  readonly msPerAccount: number;
  /** The most resources one keyed account read returned: what the analysis held at once. */
  readonly maxAccountResources: number;
  /** Reads of the inventory not keyed by account (the whole-inventory analysis made only these). */
  readonly unkeyedReads: number;
}

/** Runs the Analyze step as the handler wires it, counting what each account's reads return. */
async function timeAnalysis(tableName: string): Promise<AnalysisRun> {
  const { analysisDependencies } = await import('../../functions/handlers/wiring/analysis-environment');
  const { createDocumentClient } = await import('../../functions/adapters/dynamodb/document-client');
  const { runAnalysis } = await import('../../functions/app/analysis/run-analysis');
  const dependencies = analysisDependencies(
    { TABLE_NAME: tableName, PRICE_SOURCE: 'static' },
    createDocumentClient(),
  );
  const perAccount = new Map<string, number>();
  let unkeyedReads = 0;
  const inner = dependencies.resources;
  const resources: typeof inner = {
    listScope: (accountId, region) => inner.listScope(accountId, region),
    putMany: (items) => inner.putMany(items),
    get: (id) => inner.get(id),
    query: async (query) => {
      const page = await inner.query(query);
      if (query.accountId === undefined) unkeyedReads++;
      else perAccount.set(query.accountId, (perAccount.get(query.accountId) ?? 0) + page.items.length);
      return page;
    },
  };
  const started = performance.now();
  const summary = await runAnalysis({ ...dependencies, resources, now: () => new Date() });
  const wallMs = Math.round(performance.now() - started);
  return {
    wallMs,
    accounts: perAccount.size,
    resources: summary.resources,
    findings: summary.findings,
    msPerAccount: Math.round((wallMs / Math.max(1, perAccount.size)) * 100) / 100,
    maxAccountResources: Math.max(0, ...perAccount.values()),
    unkeyedReads,
  };
}

async function run(options: Required<Omit<ScaleBenchOptions, 'log'>>): Promise<RunResult> {
  const log = (line: string) => console.error(line);
  const { generateFleet, countResources } = await import('../sandbox/generator');
  const { startSandboxProcess } = await import('./sandbox-process');
  const { startLocalDynamoDb } = await import('../local/dynalite');
  const { LOCAL_CREDENTIALS } = await import('../sandbox/clients');

  const generated = generateFleet({
    seed: 20261203,
    accounts: options.accounts,
    regions: options.regions,
    resourcesPerScope: 1,
    problemShare: 0.05,
  });
  const fleet = {
    ...generated,
    accounts: generated.accounts.map((account) => ({
      ...account,
      resources: account.resources.filter((resource) => KEPT_TYPES.has(resource.type)),
    })),
    faults: {
      latency: [{ ms: options.latencyMs }],
      throttling: [],
      serverErrors: [],
      accessDenied: [],
      slowPages: [],
      emptyPages: [],
    },
  };
  const resources = countResources(fleet);
  log(`fleet: ${fleet.accounts.length} accounts × ${options.regions} regions, ${resources} resources`);
  const sandbox = await startSandboxProcess(fleet, 1);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-bench-scale-'));
  const dynamo = await startLocalDynamoDb({ separateProcess: true, path: path.join(dataDir, 'dynalite') });
  try {
    const { LOCAL_SCAN_BUCKET, synthesizeScanDefinition } = await import('../local/scan-definition');
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TABLE_NAME: dynamo.tableName,
      SCAN_BUCKET_NAME: LOCAL_SCAN_BUCKET,
      MEMBER_ROLE_NAME: fleet.accounts[0]!.roleName,
      EXTERNAL_ID: fleet.accounts[0]!.externalId,
      ACCOUNT_SOURCE: 'registered',
      MEMBER_ACCOUNTS: fleet.accounts.map((account) => account.id).join(','),
      REGIONS_ALLOW: '',
      REGIONS_DENY: '',
      PRICE_SOURCE: 'static',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    delete process.env.AWS_PROFILE;
    const { stateMachineScanExecutor } = await import('../local/scan-runner');
    const { sandboxObjects } = await import('../local/sandbox-objects');
    const definition = await synthesizeScanDefinition({
      'hostmaster:externalId': fleet.accounts[0]!.externalId,
      'hostmaster:scanConcurrency': '1000',
    });
    const handlers = {
      plan: (await import('../../functions/handlers/scan-plan')).handler as never,
      worker: (await import('../../functions/handlers/scan-worker')).handler as never,
      analyze: (await import('../../functions/handlers/analyze')).handler as never,
    };
    const objects = sandboxObjects();
    const executor = await stateMachineScanExecutor(definition, handlers, {
      objects,
      localConcurrencyCap: options.localConcurrency,
    });
    await sandbox.resetCalls();
    log('scanning through the synthesized definition');
    const result = await executor.run({ trigger: 'bench' });
    log(`scan ${result.scanId}: ${result.jobs} jobs in ${result.durationMs} ms`);
    const calls = await sandbox.calls();

    // What the workers returned (their ScanRuns), read back from the Map Run's results in S3.
    if (!result.resultsManifest) throw new Error('the scan ended without the Map Run results manifest');
    const manifest = JSON.parse(await objects.get(LOCAL_SCAN_BUCKET, result.resultsManifest.Key)) as {
      ResultFiles: { SUCCEEDED: { Key: string }[] };
    };
    const runs: ScanRunOutput[] = [];
    for (const file of manifest.ResultFiles.SUCCEEDED) {
      const entries = JSON.parse(await objects.get(LOCAL_SCAN_BUCKET, file.Key)) as { Output: string }[];
      for (const entry of entries) runs.push(JSON.parse(entry.Output) as ScanRunOutput);
    }
    const durations = runs.map((r) => r.durationMs).sort((a, b) => a - b);
    const at = (q: number) =>
      durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
    const mapRun = result.mapRun;
    if (!mapRun) throw new Error('the scan ran without a Distributed Map run');
    log('timing the per-account analysis over the scanned inventory');
    const analysis = await timeAnalysis(dynamo.tableName);
    log(`analysis: ${analysis.accounts} accounts in ${analysis.wallMs} ms`);
    return {
      accounts: fleet.accounts.length,
      regionsPerAccount: options.regions,
      resources,
      jobs: result.jobs,
      scanId: result.scanId,
      failedJobs: result.failedJobs.length,
      localWallMs: result.durationMs,
      parentHistoryEvents: result.parentHistoryEvents ?? 0,
      parentStateTransitions: result.parentStateTransitions ?? 0,
      planOutputBytes: result.planOutputBytes ?? 0,
      mapRun: { ...mapRun },
      s3: {
        // The plan's jobs object, then what the ResultWriter wrote (result files and the manifest).
        objects: 1 + Number(mapRun.resultObjects),
        jobsObjectBytes: mapRun.itemsObjectBytes,
        resultBytes: mapRun.resultBytes,
      },
      apiCalls: runs.reduce((sum, r) => sum + r.apiCalls, 0),
      sandboxCalls: calls.total,
      dynamoWrites: {
        resources: runs.reduce((sum, r) => sum + r.changes.added + r.changes.updated + r.changes.gone, 0),
        scanRuns: runs.length,
      },
      jobDurationMs: { p50: at(0.5), p95: at(0.95), max: durations.at(-1) ?? 0 },
      resultsManifest: result.resultsManifest.Key,
      analysis,
    };
  } finally {
    await dynamo.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Assumptions of the deployed model, reported with it. */
const MODEL = {
  resources: 1_000_000,
  accounts: 1_000,
  regions: 17,
  /** Average deployed wall time of one job: a few sequential rounds of ~100 ms Describe calls. */
  jobSeconds: 2,
  workerMemoryGb: 1,
  /** An Express child's memory as billed (64 MB increments; the child holds one job's state). */
  expressMemoryGb: 0.0625,
  planSeconds: 60,
  planMemoryGb: 0.128,
  /** Steady state: share of resources that changed since the last scan. */
  changedShare: 0.01,
  /** Write units per changed resource (under 1 KB): the item, plus one in each GSI it is in. */
  writeUnitsPerResourceWrite: 1 + TABLE_INDEXES.length,
  /** Write units per ScanRun: the item and its gsi1 entry. */
  writeUnitsPerScanRun: 2,
  concurrencies: [16, 100, 500, 1000],
};

export function model(measured: RunResult) {
  const jobs = MODEL.accounts * (MODEL.regions + 1);
  // API calls: what each job of the run cost, plus the extra pages 1M resources need beyond it.
  const callsPerJob = measured.apiCalls / Math.max(1, measured.jobs);
  const extraPages = Math.ceil((MODEL.resources - measured.resources) / 100);
  const apiCalls = Math.round(callsPerJob * jobs + extraPages);
  const workerGbSeconds = jobs * MODEL.jobSeconds * MODEL.workerMemoryGb;
  const planGbSeconds = MODEL.planSeconds * MODEL.planMemoryGb;
  // A Distributed Map bills one state transition per child execution it starts, in the parent.
  const parentTransitions = measured.parentStateTransitions + jobs;
  const childTransitionsPerJob = Number(measured.mapRun.childStateTransitions) / Math.max(1, measured.jobs);
  const runWrites = jobs * MODEL.writeUnitsPerScanRun;
  const firstScanWrites = MODEL.resources * MODEL.writeUnitsPerResourceWrite + runWrites;
  const steadyWrites = MODEL.resources * MODEL.changedShare * MODEL.writeUnitsPerResourceWrite + runWrites;
  const express =
    jobs * PRICES.expressRequest + jobs * MODEL.jobSeconds * MODEL.expressMemoryGb * PRICES.expressGbSecond;
  const standardChildren = jobs * childTransitionsPerJob * PRICES.standardTransition;
  const lambda =
    (workerGbSeconds + planGbSeconds) * PRICES.lambdaGbSecondArm + (jobs + 2) * PRICES.lambdaRequest;
  const transitions = parentTransitions * PRICES.standardTransition;
  const s3 = (1 + 3) * PRICES.s3Put + 1 * PRICES.s3Get;
  const costOf = (writes: number, children: number) => {
    const total = lambda + transitions + children + writes * PRICES.dynamoWriteUnit + s3;
    return Math.round(total * 10_000) / 10_000;
  };
  return {
    assumptions: { ...MODEL, prices: PRICES },
    jobs,
    apiCalls,
    lambdaGbSeconds: Math.round(workerGbSeconds + planGbSeconds),
    parentStateTransitions: parentTransitions,
    childStateTransitionsPerJob: childTransitionsPerJob,
    dynamoDbWriteUnits: { firstScan: firstScanWrites, steadyState: steadyWrites },
    wallSecondsByMaxConcurrency: Object.fromEntries(
      MODEL.concurrencies.map((c) => [
        c,
        Math.round(MODEL.planSeconds + Math.ceil(jobs / c) * MODEL.jobSeconds),
      ]),
    ),
    costUsdPerScan: {
      expressChildren: {
        firstScan: costOf(firstScanWrites, express),
        steadyState: costOf(steadyWrites, express),
      },
      standardChildren: {
        firstScan: costOf(firstScanWrites, standardChildren),
        steadyState: costOf(steadyWrites, standardChildren),
      },
      breakdownSteadyExpress: {
        lambda: round4(lambda),
        parentTransitions: round4(transitions),
        expressChildren: round4(express),
        dynamoDbWrites: round4(steadyWrites * PRICES.dynamoWriteUnit),
        s3: round4(s3),
      },
    },
    costUsdPerMonthAt15MinuteScans: Math.round(costOf(steadyWrites, express) * 96 * 30),
    costUsdPerMonthHourly: Math.round(costOf(steadyWrites, express) * 24 * 30),
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export async function runScaleBench(options: ScaleBenchOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? (() => undefined);
  const args = [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--run',
    '--accounts',
    String(options.accounts ?? 1000),
    '--regions',
    String(options.regions ?? 17),
    '--latency',
    String(options.latencyMs ?? 2),
    '--local-concurrency',
    String(options.localConcurrency ?? 48),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: child.stderr! }).on('line', (line) => log(line));
  const measured = await new Promise<RunResult>((resolve, reject) => {
    let result: RunResult | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as RunResult;
    });
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the scale run exited with ${code} and no result`)),
    );
  });
  const limits = {
    parentHistoryEvents: { value: measured.parentHistoryEvents, limit: LIMITS.historyEvents },
    maxChildHistoryEvents: { value: measured.mapRun.maxChildHistoryEvents, limit: LIMITS.historyEvents },
    planOutputBytes: { value: measured.planOutputBytes, limit: LIMITS.payloadBytes },
    maxItemInputBytes: { value: measured.mapRun.maxItemInputBytes, limit: LIMITS.payloadBytes },
    jobsInlineBytes: {
      value: measured.s3.jobsObjectBytes,
      limit: LIMITS.payloadBytes,
      note: 'what an inline Map would have carried in the state: the reason the jobs are in S3',
    },
  };
  const limitHit = Object.entries(limits)
    .filter(([name]) => name !== 'jobsInlineBytes')
    .some(([, { value, limit }]) => Number(value) >= limit);
  return {
    measured,
    limits,
    limitHit,
    model: model(measured),
    method:
      'The synthesized hub stack definition on aws-local-stepfunctions 3.0.0 with test/local/distributed-map.ts running ' +
      'the Distributed Map (ItemReader from the sandbox S3, one child execution per job with the library, ResultWriter to ' +
      'the sandbox S3); the real plan, worker and analyze handlers in one process; the sandbox in its own process; dynalite. ' +
      'State transitions and history events are counted from the library event logs.',
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results/bench.json' },
      run: { type: 'boolean', default: false },
      accounts: { type: 'string', default: '1000' },
      regions: { type: 'string', default: '17' },
      latency: { type: 'string', default: '2' },
      'local-concurrency': { type: 'string', default: '48' },
    },
  });
  const options = {
    accounts: Number(values.accounts),
    regions: Number(values.regions),
    latencyMs: Number(values.latency),
    localConcurrency: Number(values['local-concurrency']),
  };
  if (values.run) {
    const result = await run(options);
    process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
    process.exit(0);
  } else {
    const { mergeSection } = await import('./results');
    const section = await runScaleBench({ ...options, log: (line) => console.error(`[scale] ${line}`) });
    await mergeSection(values.out!, 'scale', {
      ...section,
      environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
    });
    console.error(`[scale] written to ${values.out}`);
  }
}
