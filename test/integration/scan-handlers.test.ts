/**
 * The real scan-plan and scan-worker handlers against the sandbox organization and dynalite: what a
 * scan stores, what a rescan writes, how a refused AssumeRole and a deleted resource are recorded.
 */
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { DynamoDbScanRecordStore } from '../../functions/adapters/dynamodb/scan-record-store';
import { DynamoDbScanRunStore } from '../../functions/adapters/dynamodb/scan-run-store';
import type { Resource, ScanRun } from '../../functions/domain/model';
import type { ScanJob, ScanPlan } from '../../functions/domain/scan/job';
import type { ScanPlanOutput } from '../../functions/shared/contract/state-machine';
import { type LocalDynamoDb, startLocalDynamoDb } from '../local/dynalite';
import { sandboxObjects } from '../local/sandbox-objects';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import type { Fleet } from '../sandbox/fleet';
import { loadFleet } from '../sandbox/load-fleet';
import { type Sandbox, startSandbox } from '../sandbox/server';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const FLEETS = path.join(import.meta.dirname, '../sandbox/fleets');
const context = {
  awsRequestId: 'test',
  functionName: 'scan',
  getRemainingTimeInMillis: () => 60_000,
} as Context;

const EC2_TYPES = new Set([
  'ec2:instance',
  'ec2:volume',
  'ec2:snapshot',
  'ec2:elastic-ip',
  'ec2:image',
  'ec2:vpc',
  'ec2:subnet',
  'ec2:security-group',
  'ec2:nat-gateway',
  'ec2:ebs-encryption-default',
]);

let dynamo: LocalDynamoDb;
let fleet: Fleet;
let wrongFleet: Fleet;
let resources: DynamoDbResourceStore;
let scanRuns: DynamoDbScanRunStore;
let scanRecords: DynamoDbScanRecordStore;

async function scanWith(sandboxFleet: Fleet, scanId: string): Promise<{ plan: ScanPlan; runs: ScanRun[] }> {
  const sandbox: Sandbox = await startSandbox({ fleet: sandboxFleet });
  process.env.AWS_ENDPOINT_URL = sandbox.endpoint;
  // Each sandbox is a new organization: load the handlers afresh, as a cold Lambda would.
  vi.resetModules();
  const plan = (await import('../../functions/handlers/scan-plan')).handler as unknown as Handler;
  const worker = (await import('../../functions/handlers/scan-worker')).handler as unknown as Handler;
  try {
    const output = (await plan({ scanId }, context)) as ScanPlanOutput;
    // The jobs the Distributed Map would read, from the plan's object in the sandbox's S3.
    const body = await sandboxObjects().get(output.jobs.bucket, output.jobs.key);
    const scanPlan: ScanPlan = {
      scanId: output.scanId,
      jobs: body
        .split('\n')
        .map((line) => ({ scanId: output.scanId, ...(JSON.parse(line) as object) }) as ScanJob),
    };
    expect(output.jobCount).toBe(scanPlan.jobs.length);
    const runs: ScanRun[] = [];
    for (const job of scanPlan.jobs) runs.push((await worker(job, context)) as ScanRun);
    // What the Analyze step does first: the scan is finished and the next one may start.
    await scanRecords.finish(scanId, new Date());
    return { plan: scanPlan, runs };
  } finally {
    await sandbox.stop();
  }
}

async function storedFor(accountId: string): Promise<Resource[]> {
  const items: Resource[] = [];
  let cursor: string | undefined;
  do {
    const page = await resources.query({ accountId, includeGone: true, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  fleet = await loadFleet(path.join(FLEETS, 'example.json'));
  wrongFleet = await loadFleet(path.join(FLEETS, 'wrong-external-id.json'));
  dynamo = await startLocalDynamoDb();
  const prod = fleet.accounts.find((a) => a.name === 'prod')!;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    TABLE_NAME: dynamo.tableName,
    SCAN_BUCKET_NAME: 'hostmaster-integration-work',
    MEMBER_ROLE_NAME: prod.roleName,
    EXTERNAL_ID: prod.externalId,
    ACCOUNT_SOURCE: 'organizations',
    MANAGEMENT_ACCOUNT_ID: fleet.organization.managementAccountId,
    MEMBER_ACCOUNTS: '',
    REGIONS_ALLOW: '',
    REGIONS_DENY: '',
  });
  const documentClient = createDocumentClient(dynamo.clientConfig);
  resources = new DynamoDbResourceStore(documentClient, dynamo.tableName);
  scanRuns = new DynamoDbScanRunStore(documentClient, dynamo.tableName);
  scanRecords = new DynamoDbScanRecordStore(documentClient, dynamo.tableName);
});

afterAll(async () => {
  await dynamo?.stop();
});

describe('scan handlers against the sandbox and dynalite', () => {
  it('stores every EC2 resource of the fleet, one job per enabled region plus one global job per account', async () => {
    // Act
    const { plan: scanPlan, runs } = await scanWith(fleet, 'scan-1');

    // Assess
    const expectedJobs = fleet.accounts.flatMap((a) => [...a.regions, 'global'].map((r) => `${a.id}/${r}`));
    const [record] = (await scanRecords.list({ limit: 1 })).items;
    expect(record?.scanId).toBe('scan-1');
    expect(Object.keys(record?.reported ?? {})).toHaveLength(expectedJobs.length);
    expect(record?.finishedAt).toEqual(expect.any(String));
    expect(scanPlan.jobs.map((j) => `${j.accountId}/${j.region}`).sort()).toEqual(expectedJobs.sort());
    expect(runs.filter((r) => r.region !== 'global').every((r) => r.status === 'succeeded')).toBe(true);
    for (const account of fleet.accounts) {
      const stored = await storedFor(account.id);
      const storedEc2 = stored
        .filter((r) => EC2_TYPES.has(r.type))
        .map((r) => `${r.type}|${r.region}|${r.id.split(/[/:]/).at(-1)}|${r.state}`)
        .sort();
      const expected = account.resources
        .filter((r) => EC2_TYPES.has(r.type))
        .map((r) => `${r.type}|${r.region}|${r.id}|${r.state}`)
        .sort();
      expect(storedEc2).toEqual(expected);
    }
    const instances = (await storedFor('345678901234')).filter((r) => r.type === 'ec2:instance');
    const fleetInstances = fleet.accounts.find((a) => a.id === '345678901234')!.resources;
    expect(instances.map((r) => r.name).sort()).toEqual(
      fleetInstances
        .filter((r) => r.type === 'ec2:instance')
        .map((r) => r.name)
        .sort(),
    );
    const instance = await resources.get('arn:aws:ec2:us-east-1:345678901234:instance/i-0a1f3c5e7b9d2f401');
    expect(instance?.type === 'ec2:instance' && instance.attributes.statusChecks).toBeTruthy();
  });

  it('writes no resource item when nothing changed since the previous scan', async () => {
    // Act
    const { runs } = await scanWith(fleet, 'scan-2');

    // Assess
    const written = runs.reduce((n, r) => n + r.changes.added + r.changes.updated + r.changes.gone, 0);
    expect(written).toBe(0);
    const collected = runs.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0);
    expect(collected).toBeGreaterThan(40);
    expect(runs.reduce((n, r) => n + r.changes.unchanged, 0)).toBe(collected);
  });

  it('records a refused AssumeRole as a failed run with the reason and keeps what was stored', async () => {
    // Prepare
    const prod = fleet.accounts.find((a) => a.name === 'prod')!;
    const before = await storedFor(prod.id);

    // Act
    const { runs } = await scanWith(wrongFleet, 'scan-3');

    // Assess
    const prodRuns = runs.filter((r) => r.accountId === prod.id);
    expect(prodRuns.length).toBeGreaterThan(0);
    for (const run of prodRuns) {
      expect(run.status).toBe('failed');
      expect(run.errors[0]?.message).toMatch(/^AssumeRole denied: .*ExternalId/);
    }
    const others = runs.filter((r) => r.accountId !== prod.id && r.region !== 'global');
    expect(others.every((r) => r.status === 'succeeded')).toBe(true);
    expect(await storedFor(prod.id)).toEqual(before);
    const latest = await scanRuns.latestPerScope();
    expect(latest.find((r) => r.accountId === prod.id && r.region === 'us-east-1')?.status).toBe('failed');
  });

  it('marks a deleted resource gone after a successful scan, not after a failed one', async () => {
    // Prepare
    const without = structuredClone(fleet);
    const prod = without.accounts.find((a) => a.name === 'prod')!;
    prod.resources = prod.resources.filter((r) => r.id !== 'vol-0a1f3c5e7b9d2f499');
    const failing = structuredClone(without);
    failing.accounts.find((a) => a.name === 'prod')!.externalId = 'another-external-id';
    const volumeId = 'arn:aws:ec2:us-east-1:345678901234:volume/vol-0a1f3c5e7b9d2f499';

    // Act
    await scanWith(failing, 'scan-4');
    const afterFailed = await resources.get(volumeId);
    await scanWith(without, 'scan-5');
    const afterSucceeded = await resources.get(volumeId);

    // Assess
    expect(afterFailed?.goneAt).toBeUndefined();
    expect(afterSucceeded?.goneAt).toBeDefined();
    expect(afterSucceeded?.expiresAt).toBeGreaterThan(Date.now() / 1000);
    const visible = await resources.query({
      accountId: prod.id,
      region: 'us-east-1',
      type: 'ec2:volume',
      limit: 50,
    });
    expect(visible.items.map((r) => r.id)).not.toContain(volumeId);
  });
});
