/**
 * The local HostMaster (`npm start`, and the end-to-end tests): the sandbox organization, dynalite,
 * cognito-local, the scan schedule as a timer, and the dashboard + API server, all on loopback,
 * running the same handler code as Lambda with only the clients' endpoints changed.
 *
 * The handlers read their environment at import, as they do in Lambda, so this sets `process.env`
 * before importing them: one local HostMaster per process.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemediationExecutionInput } from '../../functions/shared/contract/remediation';
import { SCHEDULE_STATES } from '../../functions/shared/contract/schedule-state-machine';
import type { Fleet } from '../sandbox/fleet';
import { countResources, generateFleet } from '../sandbox/generator';
import { startSandbox } from '../sandbox/server';
import { localAlertEnvironment, startLocalAlerting } from './alerting';
import { type ApiHandler, startLocalApiGateway } from './api-gateway';
import { type DemoUser, startCognito } from './cognito';
import { createCognitoAuthorizer } from './cognito-authorizer';
import { startLocalDynamoDb } from './dynalite';
import { buildFrontendIfStale } from './frontend-build';
import type { LambdaHandler } from './lambda-context';
import { assertPortFree, freePort } from './ports';
import { startLocalRefresh } from './refresh';
import { type LocalRemediationRunner, stateMachineRemediationRunner } from './remediation-runner';
import { sandboxObjects } from './sandbox-objects';
import { LOCAL_SCAN_BUCKET, synthesizeDefinition, synthesizeScanDefinition } from './scan-definition';
import {
  inProcessScanExecutor,
  type ScanExecutionResult,
  type ScanExecutor,
  type ScanHandlers,
  stateMachineScanExecutor,
} from './scan-runner';
import { LocalScanScheduler } from './scan-scheduler';
import { startScheduleTicker } from './schedule-ticker';
import { startStepFunctionsEndpoint } from './step-functions-endpoint';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCAL_REGION = 'us-east-1';
const SCAN_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:HostMasterScan`;
const REMEDIATION_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:HostMasterRemediation`;

/** The sandbox KMS key id approval links are signed with. */
const APPROVAL_LINK_KEY = '0a1b2c3d-hostmaster-approval-links';

export const LOCAL_REMEDIATION_EXTERNAL_ID = 'hostmaster-local-remediation-external-id';

/**
 * The demo organization: a few hundred resources over four accounts and two regions, with problems
 * planted. Every account has deployed the remediation role and opts its volumes, addresses, security
 * groups and instances in to remediation and schedules (`hostmaster:remediation=allow`).
 */
export function demoFleet(): Fleet {
  const fleet = generateFleet({ seed: 20261123, accounts: 4, regions: 2, resources: 400, problemShare: 0.2 });
  const optIn = new Set(['ec2:volume', 'ec2:elastic-ip', 'ec2:security-group', 'ec2:instance']);
  return {
    ...fleet,
    accounts: fleet.accounts.map((account) => ({
      ...account,
      remediationExternalId: LOCAL_REMEDIATION_EXTERNAL_ID,
      resources: account.resources.map((resource) =>
        optIn.has(resource.type)
          ? ({
              ...resource,
              tags: { ...resource.tags, 'hostmaster:remediation': 'allow' },
            } as typeof resource)
          : resource,
      ),
    })),
  };
}

export interface StartLocalOptions {
  /** Port of the dashboard and API. @default 3000 */
  readonly port?: number;
  /** @default demoFleet() */
  readonly fleet?: Fleet;
  /** Where dynalite and cognito-local keep their data. @default <repo>/.hostmaster */
  readonly dataDir?: string;
  /** Minutes between scheduled scans. @default 15 */
  readonly scanIntervalMinutes?: number;
  /** Minutes between scheduler ticks (schedules start and stop resources). @default 5 */
  readonly scheduleTickMinutes?: number;
  /** Run scans through the synthesized state machine when it can be synthesized. @default true */
  readonly useStateMachine?: boolean;
  /** Build frontend/dist when it is missing or older than frontend/src. @default true */
  readonly buildFrontend?: boolean;
  /** One line per component as it starts. @default no output */
  readonly log?: (line: string) => void;
}

export interface LocalHostMaster {
  /** The URL to open: the dashboard, with the API under `/api`. */
  readonly url: string;
  readonly users: readonly DemoUser[];
  readonly fleet: Fleet;
  /** Scans completed so far. */
  readonly scans: readonly ScanExecutionResult[];
  /** Remediation executions finished so far (the synthesized remediation state machine). */
  readonly remediations: LocalRemediationRunner;
  /**
   * Resolves when no scan is running or queued (the first scan starts at once) and the cost and
   * utilization refreshes and the health check that follow the first scan have finished.
   */
  scansIdle(): Promise<void>;
  /** Stops every server and process it started. */
  stop(): Promise<void>;
}

export async function startLocal(options: StartLocalOptions = {}): Promise<LocalHostMaster> {
  const log = options.log ?? (() => undefined);
  const port = options.port ?? 3000;
  const dataDir = path.resolve(options.dataDir ?? path.join(REPO_ROOT, '.hostmaster'));
  const fleet = options.fleet ?? demoFleet();
  await assertPortFree(port, 'HostMaster dashboard and API');
  mkdirSync(dataDir, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => console.error('stopping a local component failed', error));
    }
  };
  try {
    const staticDir = path.join(REPO_ROOT, 'frontend/dist');
    if (options.buildFrontend !== false) buildFrontendIfStale(log);

    const sandbox = await startSandbox({ fleet });
    stops.push(() => sandbox.stop());
    log(
      `Sandbox AWS organization: ${fleet.accounts.length} accounts, ${countResources(fleet)} resources on ${sandbox.endpoint}`,
    );

    const dynaliteDir = path.join(dataDir, 'dynalite');
    mkdirSync(dynaliteDir, { recursive: true });
    const dynalite = await startLocalDynamoDb({ path: dynaliteDir });
    stops.push(() => dynalite.stop());
    log(`DynamoDB (dynalite) table ${dynalite.tableName} on ${dynalite.endpoint}, data in ${dynaliteDir}`);

    const cognitoDir = path.join(dataDir, 'cognito');
    const cognito = await startCognito({ dataDir: cognitoDir, port: await stablePort(cognitoDir) });
    stops.push(() => cognito.stop());
    log(`Cognito (cognito-local) user pool ${cognito.userPoolId} on ${cognito.endpoint}`);

    let scheduler: LocalScanScheduler | undefined;
    let remediations: LocalRemediationRunner | undefined;
    const stepFunctions = await startStepFunctionsEndpoint(
      (request) => {
        if (request.stateMachineArn === REMEDIATION_STATE_MACHINE_ARN) {
          remediations?.start(request.input as RemediationExecutionInput);
        } else {
          scheduler?.trigger(request.input as Record<string, unknown>);
        }
      },
      {
        success: (token, output) => remediations?.sendTaskSuccess(token, output) ?? false,
        failure: (token, error, cause) => remediations?.sendTaskFailure(token, error, cause) ?? false,
      },
    );
    stops.push(() => stepFunctions.stop());

    const firstAccount = fleet.accounts[0]!;
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'AKIAHOSTMASTERLOCAL',
      AWS_SECRET_ACCESS_KEY: 'hostmaster-local-secret',
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint,
      // The API asks the user pool before every change (AdminGetUser, AdminListGroupsForUser).
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      TABLE_NAME: dynalite.tableName,
      USER_POOL_ID: cognito.userPoolId,
      SCAN_STATE_MACHINE_ARN,
      SCAN_BUCKET_NAME: LOCAL_SCAN_BUCKET,
      REMEDIATION_STATE_MACHINE_ARN,
      REMEDIATION_EXTERNAL_ID: LOCAL_REMEDIATION_EXTERNAL_ID,
      MEMBER_ROLE_NAME: firstAccount.roleName,
      EXTERNAL_ID: firstAccount.externalId,
      // The sandbox's static credentials are the hub's, and Organizations answers only the management
      // account (or a delegated administrator), so the local hub scans the fleet's accounts as registered.
      ACCOUNT_SOURCE: 'registered',
      // `id:name`, as the hub would list them from Organizations. A comma would split an entry.
      MEMBER_ACCOUNTS: fleet.accounts
        .map((account) => `${account.id}:${account.name.replaceAll(',', ' ')}`)
        .join(','),
      REGIONS_ALLOW: '',
      REGIONS_DENY: '',
      // Prices from the shipped table (the Price List API is not simulated); Cost Explorer is read
      // through the management account's member role, as a hub that is not the payer does.
      PRICE_SOURCE: 'static',
      MANAGEMENT_ACCOUNT_ID: fleet.organization.managementAccountId,
      COST_TAG_KEYS: 'environment',
      // What `GET /settings` shows: the schedules this local runtime keeps (timers, see refresh.ts and
      // alerting.ts) and no member StackSet (the sandbox's accounts have their roles already).
      MEMBER_ORGANIZATIONAL_UNITS: '',
      MEMBER_REGIONS: '',
      SCAN_RATE: `rate(${options.scanIntervalMinutes ?? 15} minutes)`,
      COST_REFRESH_RATE: 'rate(8 hours)',
      DAILY_DIGEST_SCHEDULE: 'rate(1 day)',
      WEEKLY_DIGEST_SCHEDULE: '',
      DIGEST_TIME_ZONE: 'Etc/UTC',
      // Schedules and remediations act through the member remediation role and its own ExternalId.
      REMEDIATION_ROLE_NAME: 'HostMasterRemediationRole',
      // The fleet's accounts whose member stacks list them in hostmaster:remediationAccounts.
      OPTED_IN_ACCOUNTS: fleet.accounts
        .filter((account) => account.remediationAccountOptIn)
        .map((account) => account.id)
        .join(','),
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      ...localAlertEnvironment(sandbox, fleet.organization.hubAccountId, LOCAL_REGION),
      // The approval email's links are signed by a sandbox KMS HMAC key, as by the real one when deployed.
      APPROVAL_LINK_KEY_ID: sandbox.kms.createMacKey(
        `arn:aws:kms:${LOCAL_REGION}:${fleet.organization.hubAccountId}:key/${APPROVAL_LINK_KEY}`,
      ),
    });
    delete process.env.AWS_PROFILE;

    const handlers: ScanHandlers = {
      plan: (await import('../../functions/handlers/scan-plan')).handler as LambdaHandler,
      worker: (await import('../../functions/handlers/scan-worker')).handler as LambdaHandler,
      analyze: (await import('../../functions/handlers/analyze')).handler as LambdaHandler,
    };
    const { executor, description, concurrency } = await scanExecutor(
      handlers,
      options.useStateMachine !== false,
      firstAccount.externalId,
      log,
    );
    process.env.SCAN_CONCURRENCY = String(concurrency);
    scheduler = new LocalScanScheduler({
      executor,
      intervalMs: (options.scanIntervalMinutes ?? 15) * 60_000,
      onResult: (result) =>
        log(
          `Scan ${result.scanId}: ${result.jobs} jobs in ${result.durationMs} ms` +
            (result.failedJobs.length > 0 ? `, ${result.failedJobs.length} failed` : ''),
        ),
      onError: (error) => console.error('scan failed', error),
    });
    const schedule = scheduler;
    stops.push(() => schedule.stop());
    schedule.start();
    log(`Scans every ${options.scanIntervalMinutes ?? 15} min (${description}); the first one is running`);

    if (options.useStateMachine !== false) {
      const ticker = await startScheduleTicker({
        definition: await synthesizeDefinition(
          { 'hostmaster:externalId': firstAccount.externalId },
          SCHEDULE_STATES.tickEachScope,
        ),
        plan: (await import('../../functions/handlers/schedule-plan')).handler as LambdaHandler,
        worker: (await import('../../functions/handlers/schedule-worker')).handler as LambdaHandler,
        intervalMs: (options.scheduleTickMinutes ?? 5) * 60_000,
        onError: (error) => console.error('schedule tick failed', error),
      });
      stops.push(async () => ticker.stop());
      log(
        `Schedules tick every ${options.scheduleTickMinutes ?? 5} min (synthesized state machine on aws-local-stepfunctions)`,
      );
    }

    const refresh = startLocalRefresh({
      costRefresh: (await import('../../functions/handlers/cost-refresh')).handler as LambdaHandler,
      utilizationRefresh: (await import('../../functions/handlers/utilization-refresh'))
        .handler as LambdaHandler,
      after: schedule.idle(),
      log,
    });
    stops.push(() => refresh.stop());
    log('Cost refresh every 8 h and utilization refresh daily, the first ones after the first scan');

    // The API links its digest preview into the dashboard and reads DASHBOARD_URL at import, so the
    // port is settled before the handler loads (port 0: a free one, chosen now).
    const listenPort = port === 0 ? await freePort() : port;
    process.env.DASHBOARD_URL = `http://127.0.0.1:${listenPort}`;
    const api = (await import('../../functions/handlers/api')).handler as unknown as ApiHandler;
    const gateway = await startLocalApiGateway({
      handler: api,
      authorizer: createCognitoAuthorizer({
        issuer: cognito.issuer,
        jwksUrl: cognito.jwksUrl,
        clientId: cognito.userPoolClientId,
      }),
      staticDir,
      config: {
        apiUrl: '/api',
        region: LOCAL_REGION,
        userPoolId: cognito.userPoolId,
        userPoolClientId: cognito.userPoolClientId,
        cognitoEndpoint: `${cognito.endpoint}/`,
      },
      port: listenPort,
    });
    stops.push(() => gateway.stop());
    log(`Dashboard and API on ${gateway.url} (API under /api)`);

    // Alert links point at the dashboard as it listens.
    process.env.DASHBOARD_URL = gateway.url;
    const step = (await import('../../functions/handlers/remediation-step')).handler as LambdaHandler;
    const runner = await stateMachineRemediationRunner(
      await synthesizeDefinition({ 'hostmaster:externalId': firstAccount.externalId }, 'AwaitApproval'),
      step,
      // The sandbox's snapshots complete at once: a second, not the deployed 30 s, before the check.
      { backupWaitMs: 1000 },
    );
    remediations = runner;
    stops.push(() => runner.idle());
    log(
      'Remediation on the synthesized state machine (aws-local-stepfunctions), through HostMasterRemediationRole',
    );
    const alerting = await startLocalAlerting({ sandbox, log });
    stops.push(() => alerting.stop());
    // The first health check runs once the first analysis has judged the inventory.
    const firstHealthCheck = refresh.idle().then(() => alerting.checkNow());

    return {
      url: gateway.url,
      users: cognito.users,
      fleet,
      scans: schedule.results,
      remediations: runner,
      scansIdle: async () => {
        await schedule.idle();
        await refresh.idle();
        await firstHealthCheck;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The synthesized scan state machine unless told otherwise; otherwise the in-process steps. */
async function scanExecutor(
  handlers: ScanHandlers,
  useStateMachine: boolean,
  externalId: string,
  log: (line: string) => void,
): Promise<{ executor: ScanExecutor; description: string; concurrency: number }> {
  const objects = sandboxObjects();
  if (useStateMachine) {
    try {
      const definition = await synthesizeScanDefinition({ 'hostmaster:externalId': externalId });
      return {
        executor: await stateMachineScanExecutor(definition, handlers, { objects }),
        description: 'synthesized state machine on aws-local-stepfunctions',
        concurrency: mapConcurrency(definition),
      };
    } catch (error) {
      log(
        `The scan state machine could not be synthesized (${(error as Error).message}); scanning in process`,
      );
    }
  }
  return {
    executor: inProcessScanExecutor(handlers, { concurrency: IN_PROCESS_CONCURRENCY, objects }),
    description: 'plan and worker handlers in process',
    concurrency: IN_PROCESS_CONCURRENCY,
  };
}

/** Jobs at once when scanning without the state machine. */
const IN_PROCESS_CONCURRENCY = 4;

/** The MaxConcurrency of the definition's Map state over the jobs. */
function mapConcurrency(definition: Record<string, unknown>): number {
  const states = Object.values((definition.States ?? {}) as Record<string, Record<string, unknown>>);
  const map = states.find((state) => state.Type === 'Map' && typeof state.MaxConcurrency === 'number');
  if (!map) throw new Error('the scan definition has no Map state with a MaxConcurrency');
  return map.MaxConcurrency as number;
}

/**
 * The port cognito-local used last time when it is still free: its tokens name it in their issuer, so
 * keeping it keeps the dashboard's sessions valid across a restart.
 */
async function stablePort(dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'port');
  const previous = existsSync(file) ? Number(readFileSync(file, 'utf8')) : Number.NaN;
  if (Number.isInteger(previous) && previous > 0) {
    const free = await assertPortFree(previous, 'cognito-local').then(
      () => true,
      () => false,
    );
    if (free) return previous;
  }
  const port = await freePort();
  writeFileSync(file, String(port));
  return port;
}
