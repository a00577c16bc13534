/**
 * Test set-up for the API: the in-memory stores, a scan starter that records its calls, and builders
 * for resources, runs and API Gateway events.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log';
import { MemoryCostStore } from '../../../functions/adapters/memory/cost-store';
import { MemoryExceptionStore } from '../../../functions/adapters/memory/exception-store';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryPostureStore } from '../../../functions/adapters/memory/posture-store';
import { MemoryRemediationStore } from '../../../functions/adapters/memory/remediation-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemorySavingsLedgerStore } from '../../../functions/adapters/memory/savings-ledger-store';
import { MemoryScanRecordStore } from '../../../functions/adapters/memory/scan-record-store';
import { MemoryScanRunStore } from '../../../functions/adapters/memory/scan-run-store';
import {
  MemoryScheduleRecordStore,
  MemoryScheduleStore,
} from '../../../functions/adapters/memory/schedule-store';
import { MemoryUserDirectory } from '../../../functions/adapters/memory/user-directory';
import type { Resource, ScanRun } from '../../../functions/domain/model';
import type { ScanStarter, StartedScan } from '../../../functions/domain/ports';
import type { ApprovalSignal, RemediationWorkflowStarter } from '../../../functions/domain/remediation/ports';
import { readDeploymentSettings } from '../../../functions/handlers/api/deployment-settings';
import type { ApiDependencies } from '../../../functions/handlers/api/operation';

/** The settings variables of a hub scanning an organization through its management account. */
export const SETTINGS_ENVIRONMENT = {
  ACCOUNT_SOURCE: 'organizations',
  MEMBER_ACCOUNTS: '',
  MEMBER_ORGANIZATIONAL_UNITS: 'ou-ab12-cd34ef56,ou-ab12-gh78ij90',
  MEMBER_REGIONS: 'eu-west-1,us-east-1',
  MANAGEMENT_ACCOUNT_ID: '333333333333',
  REGIONS_ALLOW: 'eu-west-1,us-east-1',
  REGIONS_DENY: '',
  SCAN_RATE: 'rate(15 minutes)',
  SCAN_CONCURRENCY: '16',
  COST_REFRESH_RATE: 'rate(8 hours)',
  COST_TAG_KEYS: 'team',
  DAILY_DIGEST_SCHEDULE: 'cron(0 8 * * ? *)',
  WEEKLY_DIGEST_SCHEDULE: 'cron(0 8 ? * MON *)',
  DIGEST_TIME_ZONE: 'Europe/Paris',
  ALERT_QUIET_HOURS: '22:00-07:00 Europe/Paris',
} as const;

export class RecordingScanStarter implements ScanStarter {
  readonly requests: { scanId: string; requestedBy: string }[] = [];

  async start(request: { readonly scanId: string; readonly requestedBy: string }): Promise<StartedScan> {
    this.requests.push({ ...request });
    return { scanId: request.scanId, startedAt: '2026-11-23T10:00:00.000Z' };
  }
}

/** The caller every {@link apiEvent} names (`sub` and `cognito:username`). */
export const CALLER = { sub: '11111111-2222-3333-4444-555555555555', username: 'ada' } as const;

/** How the user directory of {@link dependencies} knows the caller: enabled, confirmed, an admin. */
export const CALLER_IN_DIRECTORY = {
  username: CALLER.username,
  enabled: true,
  status: 'CONFIRMED',
  groups: ['admin'],
} as const;

export function dependencies(): ApiDependencies & {
  resources: MemoryResourceStore;
  scanRuns: MemoryScanRunStore;
  scans: RecordingScanStarter;
  scanRecords: MemoryScanRecordStore;
  findings: MemoryFindingStore;
  exceptions: MemoryExceptionStore;
  posture: MemoryPostureStore;
  costs: MemoryCostStore;
  directory: MemoryUserDirectory;
  schedules: { store: MemoryScheduleStore; records: MemoryScheduleRecordStore };
} {
  const exceptions = new MemoryExceptionStore();
  const scheduleStore = new MemoryScheduleStore();
  return {
    resources: new MemoryResourceStore(),
    scanRuns: new MemoryScanRunStore(),
    scans: new RecordingScanStarter(),
    scanRecords: new MemoryScanRecordStore(),
    findings: new MemoryFindingStore(),
    exceptions,
    posture: new MemoryPostureStore(),
    costs: new MemoryCostStore(),
    settings: readDeploymentSettings(SETTINGS_ENVIRONMENT),
    directory: new MemoryUserDirectory([CALLER_IN_DIRECTORY]),
    audit: new MemoryAuditLog(exceptions, scheduleStore),
    schedules: { store: scheduleStore, records: new MemoryScheduleRecordStore() },
    remediation: {
      store: new MemoryRemediationStore(),
      starter: new RecordingRemediationStarter(),
      signal: new RecordingApprovalSignal(),
      ledger: new MemorySavingsLedgerStore(),
    },
  };
}

/** Records the executions remediation requests would start. */
export class RecordingRemediationStarter implements RemediationWorkflowStarter {
  readonly started: { remediationId: string; itemIds: readonly string[] }[] = [];

  async start(input: { readonly remediationId: string; readonly itemIds: readonly string[] }): Promise<void> {
    this.started.push({ ...input });
  }
}

/** Records the task responses approvals and rejections would send. */
export class RecordingApprovalSignal implements ApprovalSignal {
  readonly sent: { token: string; kind: 'success' | 'failure'; detail: unknown }[] = [];

  async approve(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    this.sent.push({ token, kind: 'success', detail: output });
  }

  async reject(token: string, reason: string): Promise<void> {
    this.sent.push({ token, kind: 'failure', detail: reason });
  }
}

export function instance(accountId: string, instanceId: string, overrides: Partial<Resource> = {}): Resource {
  return {
    id: `arn:aws:ec2:eu-west-1:${accountId}:instance/${instanceId}`,
    accountId,
    region: 'eu-west-1',
    type: 'ec2:instance',
    name: instanceId,
    state: 'running',
    tags: { environment: 'prod' },
    attributes: {
      instanceType: 't3.micro',
      launchTime: '2026-01-01T00:00:00.000Z',
      availabilityZone: 'eu-west-1a',
      imageId: 'ami-12345678',
      securityGroupIds: [],
      volumeIds: [],
      imdsV2Required: true,
    },
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-23T00:00:00.000Z',
    contentHash: 'hash',
    ...overrides,
  } as Resource;
}

export function scanRun(accountId: string, region: string, overrides: Partial<ScanRun> = {}): ScanRun {
  return {
    scanId: 'scan-1',
    accountId,
    region,
    startedAt: '2026-11-23T09:00:00.000Z',
    finishedAt: '2026-11-23T09:00:05.000Z',
    durationMs: 5000,
    status: 'succeeded',
    counts: { 'ec2:instance': 3 },
    changes: { added: 3, updated: 0, gone: 0, unchanged: 0 },
    apiCalls: 12,
    retries: 0,
    errors: [],
    ...overrides,
  };
}

export interface EventOptions {
  readonly method?: string;
  readonly resource?: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: string;
  /** `null` sends no authorizer claims at all. */
  readonly groups?: string | null;
  readonly email?: string;
  /** The `email_verified` claim as API Gateway passes it. @default 'true' */
  readonly emailVerified?: string;
}

/** An API Gateway REST proxy event as the Cognito authorizer delivers it. */
export function apiEvent(options: EventOptions = {}): APIGatewayProxyEvent {
  const resource = options.resource ?? '/api/resources';
  const claims =
    options.groups === null
      ? undefined
      : {
          sub: CALLER.sub,
          'cognito:username': CALLER.username,
          email: options.email ?? 'ada@example.com',
          email_verified: options.emailVerified ?? 'true',
          token_use: 'id',
          ...(options.groups === undefined
            ? { 'cognito:groups': 'admin' }
            : { 'cognito:groups': options.groups }),
        };
  return {
    resource,
    path: resource,
    httpMethod: options.method ?? 'GET',
    headers: {},
    multiValueHeaders: {},
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      authorizer: claims ? { claims } : undefined,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}
