import { describe, expect, it } from 'vitest';
import type { RaiseSignal } from '../../../functions/domain/alerts/alert';
import { AlertConflictError } from '../../../functions/domain/alerts/ports';
import { EventBridgeEventSchema } from '../../../functions/domain/events';
import { NotFoundError } from '../../../functions/shared/errors';
import { person } from '../../domain/identity/fixtures';
import { FixedSubscriptions, memoryAlerting } from './fixtures';

const ARN = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc';

const crash = (at: string): RaiseSignal => ({
  kind: 'raise',
  dedupeKey: `ec2-state|${ARN}`,
  source: 'event',
  severity: 'critical',
  title: 'Instance stopped unexpectedly (Server.InternalError)',
  resource: { id: ARN, name: 'web-1', type: 'ec2:instance' },
  accountId: '111111111111',
  region: 'eu-west-1',
  at,
});

describe('AlertService', () => {
  it('names the instance from the inventory when an event arrives', async () => {
    // Prepare
    const rig = memoryAlerting();
    await rig.resources.putMany([
      {
        id: ARN,
        accountId: '111111111111',
        region: 'eu-west-1',
        type: 'ec2:instance',
        name: 'checkout-7',
        state: 'running',
        tags: { environment: 'production' },
        attributes: {
          instanceType: 't3.micro',
          launchTime: '2026-01-01T00:00:00.000Z',
          availabilityZone: 'eu-west-1a',
          imageId: 'ami-1',
          securityGroupIds: [],
          volumeIds: [],
          imdsV2Required: true,
        },
        firstSeen: '2026-01-01T00:00:00.000Z',
        lastSeen: '2026-11-23T11:00:00.000Z',
        contentHash: 'h',
      },
    ]);
    const event = EventBridgeEventSchema.parse({
      id: 'e',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '111111111111',
      time: '2026-11-23T12:00:00Z',
      region: 'eu-west-1',
      resources: [ARN],
      detail: { 'instance-id': 'i-0abc', state: 'stopped' },
    });
    // Act
    const outcome = await rig.service.handleEvent(event);
    // Assess: a production instance stopped without a request or reason pages
    expect(outcome).toMatchObject({ opened: 1, messagesSent: 2 });
    expect(rig.notifier.sent.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(rig.notifier.sent[0]?.text).toContain('checkout-7');
  });

  it('counts repeats without sending and resolves with a message', async () => {
    // Prepare
    const rig = memoryAlerting();
    // Act
    const first = await rig.service.apply([crash('2026-11-23T12:00:00.000Z')]);
    const repeats = await rig.service.apply([
      crash('2026-11-23T12:01:00.000Z'),
      crash('2026-11-23T12:02:00.000Z'),
    ]);
    rig.advance(5);
    const cleared = await rig.service.apply([
      {
        kind: 'clear',
        dedupeKey: `ec2-state|${ARN}`,
        at: '2026-11-23T12:05:00.000Z',
        reason: 'instance running again',
      },
    ]);
    // Assess
    expect(first).toMatchObject({ opened: 1, messagesSent: 2 });
    expect(repeats).toMatchObject({ repeated: 2, messagesSent: 0 });
    expect(cleared).toMatchObject({ resolved: 1, messagesSent: 2 });
    const [alert] = await rig.service.list({});
    expect(alert).toMatchObject({ status: 'resolved', occurrences: 3, lastSeen: '2026-11-23T12:02:00.000Z' });
  });

  it('decides again when another writer changed the alert in between', async () => {
    // Prepare
    const rig = memoryAlerting();
    const put = rig.alerts.put.bind(rig.alerts);
    let conflicts = 1;
    rig.alerts.put = async (alert) => {
      if (conflicts-- > 0) throw new AlertConflictError(alert.id);
      return put(alert);
    };
    // Act
    const outcome = await rig.service.apply([crash('2026-11-23T12:00:00.000Z')]);
    // Assess
    expect(outcome).toMatchObject({ opened: 1, messagesSent: 2 });
    expect(rig.notifier.sent).toHaveLength(2);
  });

  it('owes a notice whose publish failed and sends it on the next flush', async () => {
    // Prepare
    const rig = memoryAlerting();
    rig.notifier.failing.add('email');
    rig.notifier.failing.add('sms');
    // Act
    const failed = await rig.service.apply([crash('2026-11-23T12:00:00.000Z')]);
    const [owed] = await rig.service.list({});
    rig.notifier.failing.clear();
    rig.advance(5);
    const flushed = await rig.service.flushPending();
    // Assess
    expect(failed).toMatchObject({ messagesFailed: 2, messagesSent: 0 });
    expect(owed?.pendingNotice).toBe('opened');
    expect(flushed).toMatchObject({ unchanged: 0 });
    expect(rig.notifier.sent.map((m) => m.channel)).toContain('email');
    expect((await rig.service.list({}))[0]?.pendingNotice).toBeUndefined();
  });

  it('records what really happened to each notice: no recipients, sent to N, held, failed', async () => {
    // Prepare: nobody subscribed yet
    const subscriptions = new FixedSubscriptions();
    const rig = memoryAlerting(
      { quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' } },
      { subscriptions },
    );
    const other = (n: number, severity: RaiseSignal['severity'] = 'critical'): RaiseSignal => ({
      ...crash('2026-11-23T12:00:00.000Z'),
      dedupeKey: `ec2-state|${ARN}-${n}`,
      resource: { id: `${ARN}-${n}`, name: `web-${n}`, type: 'ec2:instance' },
      severity,
    });

    // Act
    await rig.service.apply([crash('2026-11-23T12:00:00.000Z')]);
    const unheard = (await rig.service.list({}))[0]!;
    subscriptions.subscriptions = [
      { id: 'arn:1', protocol: 'email', endpoint: 'a@example.com', status: 'confirmed' },
      { id: 'arn:2', protocol: 'email', endpoint: 'b@example.com', status: 'confirmed' },
      { id: 'pending:email:c', protocol: 'email', endpoint: 'c@example.com', status: 'pending-confirmation' },
      { id: 'arn:3', protocol: 'sms', endpoint: '+15555550100', status: 'confirmed' },
    ];
    await rig.service.apply([other(1)]);
    rig.notifier.failing.add('sms');
    await rig.service.apply([other(2)]);
    rig.notifier.failing.clear();
    rig.advance(11 * 60);
    await rig.service.apply([other(3, 'high')]);
    const byResource = new Map((await rig.service.list({})).map((a) => [a.resourceName, a]));

    // Assess
    expect(unheard.notifications.map((n) => [n.channel, n.status, n.recipients])).toEqual([
      ['sms', 'no-recipients', 0],
      ['email', 'no-recipients', 0],
    ]);
    expect(unheard.pendingNotice).toBeUndefined();
    expect(byResource.get('web-1')!.notifications.map((n) => [n.channel, n.status, n.recipients])).toEqual([
      ['sms', 'sent', 1],
      ['email', 'sent', 2],
    ]);
    expect(byResource.get('web-2')!.notifications.map((n) => [n.channel, n.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(byResource.get('web-3')!.notifications.map((n) => [n.channel, n.status, n.reason])).toEqual([
      ['email', 'held', 'quiet-hours'],
    ]);
    expect(rig.notifier.sent).toHaveLength(3);
  });

  it('acknowledges and resolves by id, and names a missing alert', async () => {
    // Prepare
    const rig = memoryAlerting();
    await rig.service.apply([crash('2026-11-23T12:00:00.000Z')]);
    const [alert] = await rig.service.list({});
    // Act
    const acked = await rig.service.acknowledge(alert!.id, person('alice@example.com'));
    const resolved = await rig.service.resolve(alert!.id, person('alice@example.com'));
    // Assess
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice@example.com' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'alice@example.com' });
    expect(rig.notifier.sent).toHaveLength(2);
    await expect(
      rig.service.acknowledge('al-0000000000000000', person('x@example.com')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
