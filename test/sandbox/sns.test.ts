import { EC2Client, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  paginateListSubscriptionsByTopic,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assumeRemediationRole, sandboxClientConfig } from './clients';
import type { SandboxEvent } from './events';
import { type Fleet, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const HUB = '123456789012';
const MEMBER = '222233334444';
const REGION = 'us-east-1';

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: HUB, hubAccountId: HUB },
  regions: [REGION, 'eu-west-1'],
  accounts: [
    { id: HUB, name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: [REGION],
      externalId: 'hostmaster-local-external-id',
      remediationExternalId: 'remediation-external-id',
      resources: [
        {
          type: 'ec2:instance',
          id: 'i-0aaa',
          region: REGION,
          name: 'web-1',
          state: 'running',
          tags: { Name: 'web-1', 'hostmaster:remediation': 'allow' },
          attributes: {
            instanceType: 't3.micro',
            launchTime: '2026-01-01T00:00:00.000Z',
            availabilityZone: 'us-east-1a',
            imageId: 'ami-1',
            securityGroupIds: [],
            volumeIds: [],
            imdsV2Required: true,
            statusChecks: { system: 'ok', instance: 'ok' },
          },
        },
      ],
    },
  ],
});

describe('sandbox SNS', () => {
  let sandbox: Sandbox;
  let sns: SNSClient;
  let topicArn: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    sns = new SNSClient(sandboxClientConfig(sandbox.endpoint, REGION));
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'hostmaster-email' }))).TopicArn ?? '';
  });
  afterAll(async () => {
    sns.destroy();
    await sandbox.stop();
  });
  beforeEach(() => sandbox.sns.clear());

  it('creates topics idempotently in the caller account and region', async () => {
    // Act
    const again = await sns.send(new CreateTopicCommand({ Name: 'hostmaster-email' }));
    // Assess
    expect(topicArn).toBe(`arn:aws:sns:${REGION}:${HUB}:hostmaster-email`);
    expect(again.TopicArn).toBe(topicArn);
  });

  it('records every published message in the outbox with its fan-out to confirmed subscriptions', async () => {
    // Prepare
    const sub = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    const before = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Subject: 'First', Message: 'one' }),
    );
    const confirm = await fetch(
      `${sandbox.endpoint}/_sandbox/outbox/confirm?topicArn=${encodeURIComponent(topicArn)}&endpoint=ops@example.com`,
      { method: 'POST' },
    );
    // Act
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Second',
        Message: 'two',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } },
      }),
    );
    const outbox = (await (await fetch(`${sandbox.endpoint}/_sandbox/outbox`)).json()) as {
      topics: {
        topicArn: string;
        messages: { subject: string; message: string; deliveries: unknown[]; attributes: object }[];
      }[];
    };
    // Assess
    expect(sub.SubscriptionArn).toBe('pending confirmation');
    expect(before.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await confirm.json()).toEqual({ confirmed: true });
    const messages = outbox.topics.find((t) => t.topicArn === topicArn)?.messages ?? [];
    expect(messages.map((m) => [m.subject, m.message, m.deliveries.length])).toEqual([
      ['First', 'one', 0],
      ['Second', 'two', 1],
    ]);
    expect(messages[1]?.attributes).toEqual({ kind: 'alert' });
    expect(sandbox.sns.messages(topicArn)).toHaveLength(2);
  });

  it('refuses unknown topics, bad subjects and non-E.164 phone numbers as SNS does', async () => {
    // Act / Assess
    await expect(
      sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${HUB}:missing`, Message: 'x' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(
      sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'two\nlines', Message: 'x' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sms', Endpoint: '555-0100' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('lists subscriptions page by page (pending ones without an ARN) and unsubscribes', async () => {
    // Prepare
    const smsTopic = (await sns.send(new CreateTopicCommand({ Name: 'hostmaster-sms' }))).TopicArn ?? '';
    const phones = Array.from({ length: 105 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    for (const phone of phones)
      await sns.send(new SubscribeCommand({ TopicArn: smsTopic, Protocol: 'sms', Endpoint: phone }));
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'new@example.com' }),
    );
    // Act
    const listed = [];
    for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: smsTopic })) {
      listed.push(...(page.Subscriptions ?? []));
    }
    const first = listed[0]?.SubscriptionArn ?? '';
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: first }));
    const emails = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    // Assess
    expect(listed).toHaveLength(105);
    expect(listed[0]).toMatchObject({ Protocol: 'sms', Endpoint: phones[0], Owner: HUB });
    expect(sandbox.sns.subscriptions(smsTopic)).toHaveLength(104);
    expect(emails.Subscriptions?.find((s) => s.Endpoint === 'new@example.com')?.SubscriptionArn).toBe(
      'PendingConfirmation',
    );
    await expect(sns.send(new UnsubscribeCommand({ SubscriptionArn: first }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });
});

describe('sandbox events', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;
  const received: SandboxEvent[] = [];

  const waitFor = async (count: number) => {
    for (let i = 0; i < 100 && received.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    sandbox.onEvent((event) => {
      received.push(event);
    });
    ec2 = new EC2Client(
      sandboxClientConfig(
        sandbox.endpoint,
        REGION,
        await assumeRemediationRole(sandbox.endpoint, fleet, MEMBER),
      ),
    );
  });
  afterAll(async () => {
    ec2.destroy();
    await sandbox.stop();
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('emits EventBridge-shaped state changes for StopInstances and StartInstances', async () => {
    // Act
    await ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0aaa'] }));
    await waitFor(2);
    await ec2.send(new StartInstancesCommand({ InstanceIds: ['i-0aaa'] }));
    await waitFor(4);
    // Assess
    expect(received.map((e) => e.detail.state)).toEqual(['stopping', 'stopped', 'pending', 'running']);
    expect(received[1]).toMatchObject({
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: MEMBER,
      region: REGION,
      resources: [`arn:aws:ec2:${REGION}:${MEMBER}:instance/i-0aaa`],
      detail: { 'instance-id': 'i-0aaa', 'state-reason': { code: 'Client.UserInitiatedShutdown' } },
    });
    expect(received[1]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(received[3]?.detail['state-reason']).toBeUndefined();
  });

  it('crashes a running instance with Server.InternalError through the admin hook', async () => {
    // Act
    const response = await fetch(`${sandbox.endpoint}/_sandbox/instances/i-0aaa/crash`, { method: 'POST' });
    await waitFor(2);
    const again = await fetch(`${sandbox.endpoint}/_sandbox/instances/i-0aaa/crash`, { method: 'POST' });
    const unknown = await fetch(`${sandbox.endpoint}/_sandbox/instances/i-nope/crash`, { method: 'POST' });
    // Assess
    expect(await response.json()).toMatchObject({ instanceId: 'i-0aaa', state: 'stopped' });
    expect(received.at(-1)?.detail).toEqual({
      'instance-id': 'i-0aaa',
      state: 'stopped',
      'state-reason': { code: 'Server.InternalError', message: 'Server.InternalError: Internal error' },
    });
    expect(sandbox.state.find(MEMBER, REGION, 'ec2:instance', 'i-0aaa')?.state).toBe('stopped');
    expect(again.status).toBe(409);
    expect(unknown.status).toBe(404);
    const log = (await (await fetch(`${sandbox.endpoint}/_sandbox/events`)).json()) as {
      events: SandboxEvent[];
    };
    expect(log.events.at(-1)?.detail.state).toBe('stopped');
  });
});
