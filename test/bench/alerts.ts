/**
 * The `alerts` benchmark section, and the rig the alert integration tests share: a sandbox
 * organization with running instances, dynalite with the HostMaster table, SNS topics with an email
 * and an SMS recipient, and the real health-event handler subscribed to the sandbox's events as the
 * hub bus rule would be.
 *
 * The benchmark crashes instances and recovers them in waves (each instance: stopping, stopped,
 * pending, running = 4 events) and measures, per notice, the time from the event's emission to the
 * moment the sandbox's SNS accepted the Publish. Rate limits are raised for the run so that every
 * opening and resolution publishes; the defaults would (rightly) hold most of them.
 *
 * `npx tsx test/bench/alerts.ts [--instances 250] [--wave 10] [--out FILE]`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import type { Resource } from '../../functions/domain/model';
import { startLocalDynamoDb } from '../local/dynalite';
import { type LambdaHandler, lambdaContext } from '../local/lambda-context';
import { sandboxClientConfig } from '../sandbox/clients';
import type { SandboxEvent } from '../sandbox/events';
import { type Fleet, type FleetResource, FleetSchema } from '../sandbox/fleet';
import { type Sandbox, startSandbox } from '../sandbox/server';
import type { OutboxMessage } from '../sandbox/services/sns';
import { mergeSection, sampleRss } from './results';

export const HUB_ACCOUNT = '123456789012';
export const MEMBER_ACCOUNT = '222233334444';
export const RIG_REGION = 'us-east-1';
export const DASHBOARD_URL = 'https://hostmaster.example.com';
export const EMAIL_RECIPIENT = 'oncall@example.com';
export const SMS_RECIPIENT = '+14155550100';

export const instanceId = (i: number) => `i-0${i.toString(16).padStart(16, '0')}`;
export const instanceName = (i: number) => `web-${i}`;
export const instanceArn = (id: string) => `arn:aws:ec2:${RIG_REGION}:${MEMBER_ACCOUNT}:instance/${id}`;

function instance(i: number): FleetResource {
  return {
    type: 'ec2:instance',
    id: instanceId(i),
    region: RIG_REGION,
    name: instanceName(i),
    state: 'running',
    // Opted in to remediation, so the tests can stop them through the remediation role (the scan role only reads).
    tags: { Name: instanceName(i), environment: 'production', 'hostmaster:remediation': 'allow' },
    attributes: {
      instanceType: 't3.small',
      launchTime: '2026-10-01T08:00:00.000Z',
      availabilityZone: 'us-east-1a',
      imageId: 'ami-0123456789abcdef0',
      securityGroupIds: [],
      volumeIds: [],
      imdsV2Required: true,
      statusChecks: { system: 'ok', instance: 'ok' },
    },
  } as FleetResource;
}

export function rigFleet(instances: number): Fleet {
  return FleetSchema.parse({
    description: 'Alerting rig: a hub and one production account with running web instances.',
    organization: { managementAccountId: HUB_ACCOUNT, hubAccountId: HUB_ACCOUNT },
    regions: [RIG_REGION, 'eu-west-1'],
    accounts: [
      { id: HUB_ACCOUNT, name: 'tooling', regions: [RIG_REGION], externalId: 'hostmaster-local-external-id' },
      {
        id: MEMBER_ACCOUNT,
        name: 'production',
        regions: [RIG_REGION],
        externalId: 'hostmaster-local-external-id',
        remediationExternalId: 'hostmaster-local-remediation-external-id',
        resources: Array.from({ length: instances }, (_, i) => instance(i)),
      },
    ],
  });
}

export interface AlertRigOptions {
  /** Running instances in the member account. @default 3 */
  readonly instances?: number;
  /** Extra environment for the handlers (rate limits, quiet hours). @default none */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface AlertRig {
  readonly sandbox: Sandbox;
  readonly emailTopicArn: string;
  readonly smsTopicArn: string;
  readonly tableName: string;
  readonly documentClient: DynamoDBDocumentClient;
  /** The health-event handler, as Lambda would invoke it. */
  handleEvent(event: SandboxEvent): Promise<unknown>;
  /** Forwards every sandbox event to the handler (the hub bus rule); returns the unsubscribe. */
  forwardEvents(onEvent?: (event: SandboxEvent, emittedAtMs: number) => void): () => void;
  /** Resolves once every forwarded event has been handled (and rethrows a handler failure). */
  settled(): Promise<void>;
  emails(): OutboxMessage[];
  sms(): OutboxMessage[];
  stop(): Promise<void>;
}

/**
 * Starts the rig and imports the health-event handler with its environment pointing at it. Handlers
 * read their environment at import, so there is one rig per process.
 */
export async function startAlertRig(options: AlertRigOptions = {}): Promise<AlertRig> {
  const count = options.instances ?? 3;
  const fleet = rigFleet(count);
  const sandbox = await startSandbox({ fleet });
  const dynalite = await startLocalDynamoDb();
  const sns = new SNSClient(sandboxClientConfig(sandbox.endpoint, RIG_REGION));
  const emailTopicArn = (await sns.send(new CreateTopicCommand({ Name: 'hostmaster-email' }))).TopicArn ?? '';
  const smsTopicArn = (await sns.send(new CreateTopicCommand({ Name: 'hostmaster-sms' }))).TopicArn ?? '';
  await sns.send(
    new SubscribeCommand({ TopicArn: emailTopicArn, Protocol: 'email', Endpoint: EMAIL_RECIPIENT }),
  );
  sandbox.sns.confirm(emailTopicArn, EMAIL_RECIPIENT);
  await sns.send(new SubscribeCommand({ TopicArn: smsTopicArn, Protocol: 'sms', Endpoint: SMS_RECIPIENT }));
  sns.destroy();

  Object.assign(process.env, {
    AWS_REGION: RIG_REGION,
    AWS_ACCESS_KEY_ID: 'AKIAHOSTMASTERLOCAL0',
    AWS_SECRET_ACCESS_KEY: 'hostmaster-local-secret',
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    TABLE_NAME: dynalite.tableName,
    EMAIL_TOPIC_ARN: emailTopicArn,
    SMS_TOPIC_ARN: smsTopicArn,
    DASHBOARD_URL,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    ...options.environment,
  });
  delete process.env.AWS_PROFILE;

  const documentClient = createDocumentClient();
  // What a scan would have stored: the instances HostMaster knows by name.
  const now = new Date().toISOString();
  const resources = fleet.accounts[1]!.resources.map(
    (r) =>
      ({
        ...r,
        id: instanceArn(r.id),
        accountId: MEMBER_ACCOUNT,
        firstSeen: now,
        lastSeen: now,
        contentHash: 'rig',
      }) as Resource,
  );
  await new DynamoDbResourceStore(documentClient, dynalite.tableName).putMany(resources);

  const handler = (await import('../../functions/handlers/health-event')).handler as LambdaHandler;
  const pending = new Set<Promise<unknown>>();
  const failures: unknown[] = [];
  const handleEvent = (event: SandboxEvent) => handler(event, lambdaContext('health-event'));
  return {
    sandbox,
    emailTopicArn,
    smsTopicArn,
    tableName: dynalite.tableName,
    documentClient,
    handleEvent,
    forwardEvents(onEvent) {
      return sandbox.onEvent((event) => {
        onEvent?.(event, Date.now());
        const run = handleEvent(event).catch((error: unknown) => failures.push(error));
        pending.add(run);
        void run.finally(() => pending.delete(run));
      });
    },
    async settled() {
      // Events are emitted on the next turn of the event loop: let them arrive first.
      await new Promise((resolve) => setImmediate(resolve));
      while (pending.size > 0) {
        await Promise.all([...pending]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (failures.length > 0) throw failures[0];
    },
    emails: () => sandbox.sns.messages(emailTopicArn),
    sms: () => sandbox.sns.messages(smsTopicArn),
    async stop() {
      await sandbox.stop();
      await dynalite.stop();
    },
  };
}

/** Crashes (Server.InternalError) and then restarts an instance through the sandbox's state. */
export function recoverInstance(sandbox: Sandbox, id: string): void {
  const current = sandbox.state.find(MEMBER_ACCOUNT, RIG_REGION, 'ec2:instance', id);
  if (!current) throw new Error(`No instance ${id}`);
  const { stateReason: _reason, ...attributes } = current.attributes;
  sandbox.state.update(MEMBER_ACCOUNT, { ...current, state: 'running', attributes });
}

export interface AlertsBenchResult {
  readonly events: number;
  readonly instances: number;
  readonly waves: number;
  readonly eventToPublishP50Ms: number;
  readonly eventToPublishP99Ms: number;
  readonly eventToPublishMaxMs: number;
  readonly messagesSent: number;
  readonly smsSent: number;
  readonly emailsSent: number;
  readonly durationMs: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function runAlertsBenchmark(
  options: { instances?: number; wave?: number; log?: (line: string) => void } = {},
): Promise<AlertsBenchResult> {
  const log = options.log ?? (() => undefined);
  const instances = options.instances ?? 250;
  const wave = options.wave ?? 10;
  const rss = sampleRss();
  const rig = await startAlertRig({
    instances,
    environment: {
      ALERT_SMS_LIMITS: '100/100000',
      ALERT_EMAIL_LIMITS: '100/100000',
      SMS_MONTHLY_BUDGET_USD: '1000',
    },
  });
  try {
    // When each instance's opening (first `stopping`) and resolution (`running`) events were emitted.
    const emitted = new Map<string, number>();
    let events = 0;
    const unsubscribe = rig.forwardEvents((event, at) => {
      events++;
      const id = String(event.detail['instance-id']);
      const state = String(event.detail.state);
      if (state === 'stopping') emitted.set(`opened|${id}`, at);
      if (state === 'running') emitted.set(`resolved|${id}`, at);
    });
    const latencies: number[] = [];
    const stopListening = rig.sandbox.sns.onMessage((message) => {
      const id = /instance(?:\/|%2F)(i-[0-9a-f]+)/.exec(message.message)?.[1] ?? nameToId(message.message);
      const kind = /RESOLVED/.test(message.subject ?? message.message) ? 'resolved' : 'opened';
      const start = id ? emitted.get(`${kind}|${id}`) : undefined;
      if (start !== undefined) latencies.push(message.receivedAtMs - start);
    });
    const started = Date.now();
    let waves = 0;
    for (let first = 0; first < instances; first += wave) {
      const ids = Array.from({ length: Math.min(wave, instances - first) }, (_, k) => instanceId(first + k));
      for (const id of ids) rig.sandbox.events.crashInstance(id);
      await rig.settled();
      for (const id of ids) recoverInstance(rig.sandbox, id);
      await rig.settled();
      waves++;
      if (waves % 5 === 0) log(`${first + ids.length}/${instances} instances crashed and recovered`);
    }
    const durationMs = Date.now() - started;
    unsubscribe();
    stopListening();
    const sorted = [...latencies].sort((a, b) => a - b);
    const smsSent = rig.sms().length;
    const emailsSent = rig.emails().length;
    const result: AlertsBenchResult = {
      events,
      instances,
      waves,
      eventToPublishP50Ms: percentile(sorted, 50),
      eventToPublishP99Ms: percentile(sorted, 99),
      eventToPublishMaxMs: sorted.at(-1) ?? 0,
      messagesSent: smsSent + emailsSent,
      smsSent,
      emailsSent,
      durationMs,
      eventsPerSecond: Math.round((events / durationMs) * 1000 * 10) / 10,
      peakRssMiB: rss.stop(),
    };
    log(
      `${events} events, ${result.messagesSent} messages, event to publish p50 ${result.eventToPublishP50Ms} ms, p99 ${result.eventToPublishP99Ms} ms`,
    );
    return result;
  } finally {
    rss.stop();
    await rig.stop();
  }
}

/** SMS carry the instance's name (`web-12`), not its id. */
function nameToId(text: string): string | undefined {
  const name = /\| web-(\d+) \|/.exec(text)?.[1];
  return name === undefined ? undefined : instanceId(Number(name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '250' },
      wave: { type: 'string', default: '10' },
      out: { type: 'string' },
    },
  });
  {
    const result = await runAlertsBenchmark({
      instances: Number(values.instances),
      wave: Number(values.wave),
      log: (line) => console.error(`[alerts] ${line}`),
    });
    if (values.out) {
      await mergeSection(values.out, 'alerts', {
        ...result,
        environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
      });
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
