/**
 * A remediation test bench: the sandbox organization, dynalite, the real remediation step handler
 * run by the synthesized state machine on aws-local-stepfunctions, and the API's use cases wired to
 * DynamoDB. Resources are stored as the scan stores them (described through the SDK and normalized);
 * findings as the analysis would have written them.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDbApprovalLinkNonces } from '../../../functions/adapters/dynamodb/approval-link-nonces';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbFindingStore } from '../../../functions/adapters/dynamodb/finding-store';
import { DynamoDbRemediationStore } from '../../../functions/adapters/dynamodb/remediation-store';
import { DynamoDbResourceStore } from '../../../functions/adapters/dynamodb/resource-store';
import { createKmsApprovalLinkSigner } from '../../../functions/adapters/kms/kms-approval-link-signer';
import { AwsRemediationExecutor } from '../../../functions/adapters/remediation/aws-remediation-executor';
import type { ApprovalLinkDependencies } from '../../../functions/app/remediation/approval-link';
import {
  DEFAULT_REMEDIATION_SETTINGS,
  type RemediationApiDependencies,
  type RemediationSettings,
} from '../../../functions/app/remediation/dependencies';
import { type Finding, findingId } from '../../../functions/domain/model';
import type { RemediationDetail } from '../../../functions/domain/remediation/remediation';
import { ALL_RULES } from '../../../functions/domain/rules';
import { contentHash } from '../../../functions/domain/scan/content-hash';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';
import type { LambdaHandler } from '../../local/lambda-context';
import { type LocalRemediationRunner, stateMachineRemediationRunner } from '../../local/remediation-runner';
import { synthesizeHubDefinitions } from '../../local/scan-definition';
import type { Fleet, FleetResource } from '../../sandbox/fleet';
import { type Sandbox, startSandbox } from '../../sandbox/server';

export const ACCOUNT = '111111111111';
export const HUB = '999999999999';
export const REGION = 'us-east-1';
export const REMEDIATION_EXTERNAL_ID = 'remediation-external-id';
export const OPT_IN = { 'hostmaster:remediation': 'allow' };
/** A second member, never opted in as a whole (see `fleetOf`'s `other`). */
export const OTHER_ACCOUNT = '222222222222';

export interface RemediationBench {
  readonly sandbox: Sandbox;
  readonly dynamo: LocalDynamoDb;
  readonly runner: LocalRemediationRunner;
  readonly api: RemediationApiDependencies;
  readonly executor: AwsRemediationExecutor;
  readonly emailTopicArn: string;
  /** Emailed approval links as the API verifies them: the sandbox's KMS key, nonces in DynamoDB. */
  readonly links: ApprovalLinkDependencies;
  /** Stores the fleet resources as a scan would and writes an open finding of `ruleId` for each. */
  seed(
    entries: readonly {
      readonly nativeId: string;
      readonly type: FleetResource['type'];
      readonly ruleId: string;
      readonly savings?: number;
      /** @default ACCOUNT */
      readonly accountId?: string;
    }[],
  ): Promise<string[]>;
  /** Waits for every execution, then reads the request with its items. */
  settle(remediationId: string): Promise<RemediationDetail>;
  detail(remediationId: string): Promise<RemediationDetail>;
  /** Waits until the request is awaiting approval. @default timeoutMs 10,000 */
  awaitingApproval(remediationId: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function arnOf(type: FleetResource['type'], id: string, account = ACCOUNT): string {
  if (type === 's3:bucket') return `arn:aws:s3:::${id}`;
  if (type === 'rds:db-instance') return `arn:aws:rds:${REGION}:${account}:db:${id}`;
  if (type === 'ec2:ebs-encryption-default') return `arn:aws:ec2:${REGION}:${account}:${id}`;
  const kind = {
    'ec2:volume': 'volume',
    'ec2:instance': 'instance',
    'ec2:snapshot': 'snapshot',
    'ec2:elastic-ip': 'elastic-ip',
    'ec2:security-group': 'security-group',
  }[type as string];
  // EC2 leaves the account out of snapshot ARNs (a snapshot can be shared), as the collectors do.
  return `arn:aws:ec2:${REGION}:${kind === 'snapshot' ? '' : account}:${kind}/${id}`;
}

/**
 * A one-member organization; `accountOptIn` puts the member in `hostmaster:remediationAccounts`
 * (its role then allows the account-level writes, and the hub's pre-flight knows it).
 */
export function fleetOf(
  resources: readonly FleetResource[],
  faults?: Fleet['faults'],
  options: {
    readonly accountOptIn?: boolean;
    /** Resources of {@link OTHER_ACCOUNT}, a member with the remediation role but not opted in as a whole. */
    readonly other?: readonly FleetResource[];
  } = {},
): Fleet {
  return {
    organization: { managementAccountId: HUB, hubAccountId: HUB },
    regions: [REGION],
    accounts: [
      {
        id: ACCOUNT,
        name: 'workloads',
        regions: [REGION],
        externalId: 'scan-external-id',
        roleName: 'HostMasterScanRole',
        remediationExternalId: REMEDIATION_EXTERNAL_ID,
        ...(options.accountOptIn ? { remediationAccountOptIn: true } : {}),
        resources: [...resources],
      },
      ...(options.other
        ? [
            {
              id: OTHER_ACCOUNT,
              name: 'sandbox',
              regions: [REGION],
              externalId: 'scan-external-id',
              roleName: 'HostMasterScanRole',
              remediationExternalId: REMEDIATION_EXTERNAL_ID,
              resources: [...options.other],
            },
          ]
        : []),
      {
        id: HUB,
        name: 'hub',
        regions: [REGION],
        externalId: 'scan-external-id',
        roleName: 'HostMasterScanRole',
        resources: [],
      },
    ],
    ...(faults ? { faults } : {}),
  };
}

export async function startRemediationBench(
  fleet: Fleet,
  options: {
    readonly settings?: Partial<RemediationSettings>;
    readonly approvalTimeoutSeconds?: number;
    /** How long an item waits for its backup, in seconds. @default the definition's (BACKUP_DEADLINE_HOURS) */
    readonly backupDeadlineSeconds?: number;
  } = {},
): Promise<RemediationBench> {
  const sandbox = await startSandbox({ fleet });
  const dynamo = await startLocalDynamoDb();
  const emailTopicArn = sandbox.sns.createTopic(`arn:aws:sns:${REGION}:${HUB}:hostmaster-alerts-email`);
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIAHOSTMASTERLOCAL',
    AWS_SECRET_ACCESS_KEY: 'hostmaster-local-secret',
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    TABLE_NAME: dynamo.tableName,
    REMEDIATION_EXTERNAL_ID,
    // The same list the member stacks get: the fleet's accounts opted in as a whole.
    OPTED_IN_ACCOUNTS: fleet.accounts
      .filter((account) => account.remediationAccountOptIn)
      .map((account) => account.id)
      .join(','),
    EMAIL_TOPIC_ARN: emailTopicArn,
    DASHBOARD_URL: 'http://hostmaster.test',
    APPROVAL_LINK_KEY_ID: sandbox.kms.createMacKey(`arn:aws:kms:${REGION}:${HUB}:key/approval-links`),
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    // Throttled-call tests exhaust the retries: three attempts instead of eight keep them seconds long.
    AWS_MAX_ATTEMPTS: '3',
  });
  delete process.env.AWS_PROFILE;
  const step = (await import('../../../functions/handlers/remediation-step')).handler as LambdaHandler;
  const { remediation } = await synthesizeHubDefinitions({
    'hostmaster:externalId': 'scan-external-id',
    'hostmaster:remediationExternalId': REMEDIATION_EXTERNAL_ID,
  });
  const runner = await stateMachineRemediationRunner(remediation, step, {
    ...(options.approvalTimeoutSeconds === undefined
      ? {}
      : { approvalTimeoutSeconds: options.approvalTimeoutSeconds }),
    ...(options.backupDeadlineSeconds === undefined
      ? {}
      : { backupDeadlineSeconds: options.backupDeadlineSeconds }),
    // A pending backup is checked again at once: the sandbox's snapshots take describes, not time.
    backupWaitMs: 20,
  });
  const documentClient = createDocumentClient();
  const store = new DynamoDbRemediationStore(documentClient, dynamo.tableName);
  const resources = new DynamoDbResourceStore(documentClient, dynamo.tableName);
  const findings = new DynamoDbFindingStore(documentClient, dynamo.tableName);
  const executor = new AwsRemediationExecutor({ externalId: REMEDIATION_EXTERNAL_ID, maxAttempts: 3 });
  const settings: RemediationSettings = { ...DEFAULT_REMEDIATION_SETTINGS, ...options.settings };
  const api: RemediationApiDependencies = {
    store,
    resources,
    findings,
    settings,
    optedInAccounts: new Set(
      fleet.accounts.filter((account) => account.remediationAccountOptIn).map((account) => account.id),
    ),
    starter: { start: async (input) => runner.start(input) },
    signal: {
      approve: async (token, output) => {
        if (!runner.sendTaskSuccess(token, output)) throw new Error(`no task waits on ${token}`);
      },
      reject: async (token, reason) => {
        if (!runner.sendTaskFailure(token, 'RemediationRejected', reason))
          throw new Error(`no task waits on ${token}`);
      },
    },
    now: () => new Date(),
    newId: () => `rem-${randomUUID().slice(0, 8)}`,
  };
  const detail = async (id: string): Promise<RemediationDetail> => {
    const remediation = await store.get(id);
    if (!remediation) throw new Error(`no remediation ${id}`);
    return { remediation, items: await store.items(id) };
  };
  return {
    sandbox,
    dynamo,
    runner,
    api,
    executor,
    emailTopicArn,
    links: {
      signer: createKmsApprovalLinkSigner(process.env.APPROVAL_LINK_KEY_ID ?? ''),
      nonces: new DynamoDbApprovalLinkNonces(documentClient, dynamo.tableName),
    },
    async seed(entries) {
      const now = new Date().toISOString();
      const stored = [];
      const ids: string[] = [];
      for (const entry of entries) {
        const accountId = entry.accountId ?? ACCOUNT;
        const id = arnOf(entry.type, entry.nativeId, accountId);
        const data = await executor.describe({ id, type: entry.type, accountId, region: REGION });
        if (!data) throw new Error(`the sandbox has no ${id}`);
        stored.push({ ...data, firstSeen: now, lastSeen: now, contentHash: contentHash(data) });
        const rule = ALL_RULES.find((candidate) => candidate.id === entry.ruleId)!;
        const finding: Finding = {
          id: findingId(entry.ruleId, id),
          ruleId: entry.ruleId,
          resourceId: id,
          resourceType: entry.type,
          resourceName: data.name,
          accountId,
          region: REGION,
          category: rule.category,
          severity: rule.severity,
          title: rule.title,
          evidence: {},
          ...(entry.savings === undefined ? {} : { monthlySavingsUsd: entry.savings }),
          references: [],
          status: 'open',
          firstSeen: now,
          lastSeen: now,
        };
        await findings.putMany([finding]);
        ids.push(finding.id);
      }
      await resources.putMany(stored as never);
      return ids;
    },
    async settle(id) {
      await runner.idle();
      const result = runner.results.find((r) => r.remediationId === id);
      if (result?.error) throw new Error(`the execution of ${id} failed: ${result.error}`);
      return detail(id);
    },
    detail,
    async awaitingApproval(id, timeoutMs = 10_000) {
      for (let i = 0; i < timeoutMs / 50; i++) {
        if ((await store.get(id))?.status === 'awaiting-approval' && (await store.approvalToken(id))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seen = await store.get(id);
      const items = await store.items(id);
      throw new Error(
        `remediation ${id} never awaited approval: ${seen?.status} ${JSON.stringify(items.map((i) => i.steps))} ${JSON.stringify(runner.results)}`,
      );
    },
    async stop() {
      // A request a test left awaiting approval would otherwise keep idle() waiting forever.
      runner.abandonWaiting();
      await runner.idle();
      await sandbox.stop();
      await dynamo.stop();
    },
  };
}

/** Resources of a small opted-in estate. */
export const volume = (
  id: string,
  tags: Record<string, string> = OPT_IN,
  extra: Partial<FleetResource & { type: 'ec2:volume' }> = {},
): FleetResource =>
  ({
    id,
    region: REGION,
    type: 'ec2:volume',
    name: id,
    state: 'available',
    tags,
    attributes: {
      volumeType: 'gp2',
      sizeGiB: 100,
      encrypted: false,
      availabilityZone: `${REGION}a`,
      createTime: '2026-01-01T00:00:00.000Z',
      attachments: [],
    },
    ...(extra as object),
  }) as FleetResource;

export const instance = (id: string, tags: Record<string, string> = OPT_IN): FleetResource => ({
  id,
  region: REGION,
  type: 'ec2:instance',
  name: id,
  state: 'running',
  tags,
  attributes: {
    instanceType: 'm5.large',
    launchTime: '2026-01-01T00:00:00.000Z',
    availabilityZone: `${REGION}a`,
    imageId: 'ami-0123456789abcdef0',
    securityGroupIds: [],
    volumeIds: [],
    imdsV2Required: true,
  },
});

export const securityGroup = (id: string, tags: Record<string, string> = OPT_IN): FleetResource => ({
  id,
  region: REGION,
  type: 'ec2:security-group',
  name: id,
  state: 'active',
  tags,
  attributes: {
    groupId: id,
    vpcId: 'vpc-0123456789abcdef0',
    description: 'web',
    isDefault: false,
    ingress: [
      {
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        ipv4Ranges: ['0.0.0.0/0', '10.0.0.0/8'],
        ipv6Ranges: [],
        sourceGroupIds: [],
        prefixListIds: [],
      },
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        ipv4Ranges: ['0.0.0.0/0'],
        ipv6Ranges: [],
        sourceGroupIds: [],
        prefixListIds: [],
      },
    ],
    egress: [],
  },
});

export const elasticIp = (id: string, tags: Record<string, string> = OPT_IN): FleetResource => ({
  id,
  region: REGION,
  type: 'ec2:elastic-ip',
  name: id,
  state: 'active',
  tags,
  attributes: { publicIp: '203.0.113.10', allocationId: id, domain: 'vpc' },
});

export const bucket = (
  id: string,
  publicAccessBlock: (FleetResource & { type: 's3:bucket' })['attributes']['publicAccessBlock'] = null,
  tags: Record<string, string> = {},
): FleetResource => ({
  id,
  region: REGION,
  type: 's3:bucket',
  name: id,
  state: 'active',
  tags,
  attributes: {
    creationDate: '2026-01-01T00:00:00.000Z',
    publicAccessBlock,
    policyIsPublic: null,
    defaultEncryption: 'AES256',
    versioning: 'Disabled',
  },
});

export const dbInstance = (
  id: string,
  tags: Record<string, string> = OPT_IN,
  extra: Partial<(FleetResource & { type: 'rds:db-instance' })['attributes']> = {},
): FleetResource => ({
  id,
  region: REGION,
  type: 'rds:db-instance',
  name: id,
  state: 'available',
  tags,
  attributes: {
    engine: 'postgres',
    engineVersion: '16.3',
    instanceClass: 'db.m5.large',
    storageType: 'gp3',
    allocatedStorageGiB: 100,
    storageEncrypted: true,
    publiclyAccessible: false,
    multiAz: false,
    backupRetentionDays: 7,
    availabilityZone: `${REGION}a`,
    createTime: '2026-01-01T00:00:00.000Z',
    // Deletion protection only matters for deletes; these fixtures leave it off.
    deletionProtection: false,
    dbiResourceId: `db-${id.toUpperCase()}`,
    securityGroupIds: [],
    ...extra,
  },
});

export const ebsEncryptionDefault = (enabled = false): FleetResource => ({
  id: 'ebs-encryption-default',
  region: REGION,
  type: 'ec2:ebs-encryption-default',
  name: 'ebs-encryption-default',
  state: 'active',
  tags: {},
  attributes: { enabled },
});

export const snapshot = (id: string, tags: Record<string, string> = OPT_IN): FleetResource => ({
  id,
  region: REGION,
  type: 'ec2:snapshot',
  name: id,
  state: 'completed',
  tags,
  attributes: { volumeSizeGiB: 8, encrypted: false, startTime: '2025-01-01T00:00:00.000Z', public: false },
});
