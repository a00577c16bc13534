/**
 * The cost pipeline the cost integration tests drive: the sandbox organization serving a fleet,
 * dynalite, the environment the handlers read at import, and the handlers themselves, run in process
 * as Lambda would run them. Starting it scans the organization once.
 */
import { vi } from 'vitest';
import { DynamoDbCostStore } from '../../functions/adapters/dynamodb/cost-store';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbFindingStore } from '../../functions/adapters/dynamodb/finding-store';
import type { Finding } from '../../functions/domain/model';
import type { ScanPlanOutput } from '../../functions/shared/contract/state-machine';
import { type LocalDynamoDb, startLocalDynamoDb } from '../local/dynalite';
import { type LambdaHandler, lambdaContext } from '../local/lambda-context';
import { sandboxObjects } from '../local/sandbox-objects';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import type { Fleet } from '../sandbox/fleet';
import { type Sandbox, startSandbox } from '../sandbox/server';

const HANDLERS = {
  'scan-plan': () => import('../../functions/handlers/scan-plan'),
  'scan-worker': () => import('../../functions/handlers/scan-worker'),
  'utilization-refresh': () => import('../../functions/handlers/utilization-refresh'),
  'cost-refresh': () => import('../../functions/handlers/cost-refresh'),
  analyze: () => import('../../functions/handlers/analyze'),
};

export type PipelineHandler = keyof typeof HANDLERS;

export interface CostPipeline {
  readonly sandbox: Sandbox;
  readonly dynamo: LocalDynamoDb;
  readonly findings: DynamoDbFindingStore;
  readonly costs: DynamoDbCostStore;
  /** Runs one handler with an empty event (or `event`) and returns what it returned. */
  run(name: PipelineHandler, event?: unknown): Promise<unknown>;
  /** The open findings of the cost category, anomalies included. */
  openCostFindings(): Promise<Finding[]>;
  stop(): Promise<void>;
}

/** The handler of one function, imported after the environment is set, as Lambda would load it. */
export async function pipelineHandler(name: PipelineHandler): Promise<LambdaHandler> {
  return (await HANDLERS[name]()).handler as unknown as LambdaHandler;
}

/**
 * Starts dynalite and the sandbox serving `fleet`, points the handlers at them (static prices, the
 * `environment` cost tag) and runs a full scan: the plan, then every job of it.
 */
export async function startCostPipeline(fleet: Fleet): Promise<CostPipeline> {
  const dynamo = await startLocalDynamoDb();
  const sandbox = await startSandbox({ fleet }).catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    TABLE_NAME: dynamo.tableName,
    SCAN_BUCKET_NAME: 'hostmaster-integration-work',
    MEMBER_ROLE_NAME: 'HostMasterScanRole',
    EXTERNAL_ID: 'hostmaster-local-external-id',
    ACCOUNT_SOURCE: 'organizations',
    MANAGEMENT_ACCOUNT_ID: fleet.organization.managementAccountId,
    MEMBER_ACCOUNTS: '',
    REGIONS_ALLOW: '',
    REGIONS_DENY: '',
    PRICE_SOURCE: 'static',
    COST_TAG_KEYS: 'environment',
  });
  // The handlers read the environment at import: drop any copy imported before it was set.
  vi.resetModules();
  const documentClient = createDocumentClient(dynamo.clientConfig);
  const findings = new DynamoDbFindingStore(documentClient, dynamo.tableName);
  const costs = new DynamoDbCostStore(documentClient, dynamo.tableName);
  const run = async (name: PipelineHandler, event: unknown = {}) =>
    (await pipelineHandler(name))(event, lambdaContext(name));

  const plan = (await run('scan-plan')) as ScanPlanOutput;
  // The jobs the Distributed Map would read from the plan's object in the sandbox's S3.
  const body = await sandboxObjects().get(plan.jobs.bucket, plan.jobs.key);
  for (const line of body.split('\n')) {
    await run('scan-worker', { scanId: plan.scanId, ...(JSON.parse(line) as object) });
  }

  return {
    sandbox,
    dynamo,
    findings,
    costs,
    run,
    openCostFindings: async () => (await findings.listByCategory('cost')).filter((f) => f.status === 'open'),
    stop: async () => {
      await sandbox.stop();
      await dynamo.stop();
    },
  };
}
