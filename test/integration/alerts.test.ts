/**
 * Health alerting end to end, in process: the sandbox organization emits EC2 state changes, the real
 * health-event handler (as the hub bus rule would invoke it) stores alerts in dynalite and publishes
 * through SNS to the sandbox's outbox.
 */
import { EC2Client, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbAlertStore,
  DynamoDbDeliveryLedgerStore,
  DynamoDbExpectedChangeStore,
} from '../../functions/adapters/dynamodb/alert-store';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { SnsNotifier } from '../../functions/adapters/notify/sns-notifier';
import { AlertService } from '../../functions/app/alerts/alert-service';
import { MAX_EPISODES } from '../../functions/domain/alerts/alert';
import { expectChange } from '../../functions/domain/alerts/expected-change';
import { DEFAULT_ALERT_POLICY } from '../../functions/domain/alerts/policy';
import { EventBridgeEventSchema } from '../../functions/domain/events';
import {
  type AlertRig,
  DASHBOARD_URL,
  instanceArn,
  instanceId,
  MEMBER_ACCOUNT,
  RIG_REGION,
  startAlertRig,
} from '../bench/alerts';
import { assumeRemediationRole, sandboxClientConfig } from '../sandbox/clients';
import type { SandboxEvent } from '../sandbox/events';

describe('health alerting through the sandbox, dynalite and the health-event handler', () => {
  let rig: AlertRig;
  let ec2: EC2Client;
  const events: SandboxEvent[] = [];
  let stopForwarding: () => void;

  beforeAll(async () => {
    rig = await startAlertRig({ instances: 4 });
    stopForwarding = rig.forwardEvents((event) => events.push(event));
    // The scan role may only read: stops go through the remediation role, as HostMaster's own do.
    const credentials = await assumeRemediationRole(
      rig.sandbox.endpoint,
      rig.sandbox.state.fleet,
      MEMBER_ACCOUNT,
    );
    ec2 = new EC2Client(sandboxClientConfig(rig.sandbox.endpoint, RIG_REGION, credentials));
  });
  afterAll(async () => {
    stopForwarding?.();
    ec2?.destroy();
    await rig?.stop();
  });

  const crashed = instanceId(0);

  it('pages by SMS and email within 60 seconds when an instance stops unexpectedly', async () => {
    // Prepare
    const started = Date.now();
    // Act
    const response = await fetch(`${rig.sandbox.endpoint}/_sandbox/instances/${crashed}/crash`, {
      method: 'POST',
    });
    while (Date.now() - started < 60_000 && (rig.sms().length < 1 || rig.emails().length < 1)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsedMs = Date.now() - started;
    await rig.settled();
    // Assess
    expect(response.status).toBe(200);
    expect(elapsedMs).toBeLessThan(60_000);
    console.info(`crash to SMS and email: ${elapsedMs} ms`);
    const [sms] = rig.sms();
    const [email] = rig.emails();
    expect(rig.sms()).toHaveLength(1);
    expect(rig.emails()).toHaveLength(1);
    expect(sms?.message).toMatch(
      /^HostMaster CRITICAL: Instance stopped unexpectedly \(Server\.InternalError\) \| web-0 \| 222233334444\/us-east-1 since \d\d:\d\dZ https:\/\/hostmaster\.example\.com\/#\/alerts$/,
    );
    expect(sms?.message.length).toBeLessThanOrEqual(160);
    expect(sms?.attributes).toEqual({ 'AWS.SNS.SMS.SMSType': 'Transactional' });
    expect(sms?.deliveries).toEqual([expect.objectContaining({ protocol: 'sms', endpoint: '+14155550100' })]);
    expect(email?.subject).toBe(
      '[HostMaster] CRITICAL: Instance stopped unexpectedly (Server.InternalError) - web-0',
    );
    expect(email?.message).toContain('Where:    account 222233334444, region us-east-1');
    expect(email?.message).toContain(`Resource: web-0 (${instanceArn(crashed)})`);
    expect(email?.message).toContain(
      `Link:     ${DASHBOARD_URL}/#/resources/arn:aws:ec2:us-east-1:222233334444:instance%2F${crashed}`,
    );
    expect(email?.deliveries).toEqual([
      expect.objectContaining({ protocol: 'email', endpoint: 'oncall@example.com' }),
    ]);
  });

  it('sends nothing more when the same event arrives 50 times', async () => {
    // Prepare
    const stopped = events.find((e) => e.detail['instance-id'] === crashed && e.detail.state === 'stopped');
    const before = rig.sandbox.sns.messages().length;
    // Act
    await Promise.all(Array.from({ length: 50 }, () => rig.handleEvent(stopped!)));
    // Assess
    expect(stopped).toBeDefined();
    expect(rig.sandbox.sns.messages()).toHaveLength(before);
    const alert = await new DynamoDbAlertStore(rig.documentClient, rig.tableName).list({
      resourceId: instanceArn(crashed),
    });
    expect(alert).toEqual([expect.objectContaining({ status: 'open', occurrences: 52 })]);
  });

  it('sends one resolution per channel when the instance runs again', async () => {
    // Act
    await ec2.send(new StartInstancesCommand({ InstanceIds: [crashed] }));
    await rig.settled();
    // Assess
    const resolutions = rig.sandbox.sns
      .messages()
      .filter((m) => (m.subject ?? m.message).includes('RESOLVED'));
    expect(resolutions.map((m) => m.topicArn).sort()).toEqual([rig.emailTopicArn, rig.smsTopicArn].sort());
    expect(rig.sms()[1]?.message).toMatch(
      /^HostMaster RESOLVED: Instance stopped unexpectedly .* \| web-0 \| .* after \d+m/,
    );
    const [alert] = await new DynamoDbAlertStore(rig.documentClient, rig.tableName).list({
      resourceId: instanceArn(crashed),
    });
    expect(alert).toMatchObject({ status: 'resolved', resolvedBy: 'instance running again' });
  });

  it('raises nothing for a stop HostMaster asked for', async () => {
    // Prepare
    const target = instanceId(1);
    const before = rig.sandbox.sns.messages().length;
    await new DynamoDbExpectedChangeStore(rig.documentClient, rig.tableName).record(
      expectChange(instanceArn(target), 'stop', 'schedule:office-hours', new Date()),
    );
    // Act
    await ec2.send(new StopInstancesCommand({ InstanceIds: [target] }));
    await rig.settled();
    // Assess
    expect(events.filter((e) => e.detail['instance-id'] === target).map((e) => e.detail.state)).toEqual([
      'stopping',
      'stopped',
    ]);
    expect(rig.sandbox.sns.messages()).toHaveLength(before);
  });

  it('caps what a resource flapping for an hour sends (simulated clock)', async () => {
    // Prepare
    const flapping = instanceArn(instanceId(2));
    let now = new Date('2026-11-23T09:00:00.000Z');
    const service = new AlertService({
      alerts: new DynamoDbAlertStore(rig.documentClient, rig.tableName),
      ledger: new DynamoDbDeliveryLedgerStore(rig.documentClient, rig.tableName),
      expected: new DynamoDbExpectedChangeStore(rig.documentClient, rig.tableName),
      resources: new DynamoDbResourceStore(rig.documentClient, rig.tableName),
      notifier: new SnsNotifier(new SNSClient({ region: RIG_REGION }), {
        emailTopicArn: rig.emailTopicArn,
        smsTopicArn: rig.smsTopicArn,
      }),
      policy: { ...DEFAULT_ALERT_POLICY, dashboardUrl: DASHBOARD_URL },
      clock: () => now,
    });
    const event = (state: string) =>
      EventBridgeEventSchema.parse({
        id: `flap-${state}-${now.getTime()}`,
        'detail-type': 'EC2 Instance State-change Notification',
        source: 'aws.ec2',
        account: MEMBER_ACCOUNT,
        time: now.toISOString(),
        region: RIG_REGION,
        resources: [flapping],
        detail: {
          'instance-id': instanceId(2),
          state,
          ...(state === 'stopped' ? { 'state-reason': { code: 'Server.InternalError' } } : {}),
        },
      });
    const before = rig.sandbox.sns.messages().length;
    // Act: down and up again every two minutes for an hour
    for (let minute = 0; minute < 60; minute += 2) {
      now = new Date(Date.parse('2026-11-23T09:00:00.000Z') + minute * 60_000);
      await service.handleEvent(event('stopped'));
      now = new Date(now.getTime() + 60_000);
      await service.handleEvent(event('running'));
    }
    // Assess
    const sent = rig.sandbox.sns.messages().slice(before);
    const sms = sent.filter((m) => m.topicArn === rig.smsTopicArn);
    const emails = sent.filter((m) => m.topicArn === rig.emailTopicArn);
    expect(sms).toHaveLength(DEFAULT_ALERT_POLICY.sms.perResourcePerHour);
    expect(emails).toHaveLength(DEFAULT_ALERT_POLICY.email.perResourcePerHour);
    expect(emails.some((m) => m.message.includes('SMS not sent: more than 2 SMS about this resource'))).toBe(
      true,
    );
    const [alert] = await new DynamoDbAlertStore(rig.documentClient, rig.tableName).list({
      resourceId: flapping,
    });
    expect(alert?.episodes).toHaveLength(MAX_EPISODES);
  });
});
