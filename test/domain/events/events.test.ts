import { describe, expect, it } from 'vitest';
import { expectChange } from '../../../functions/domain/alerts/expected-change';
import {
  type EventBridgeEvent,
  EventBridgeEventSchema,
  type EventContext,
  instanceDedupeKey,
  rdsDedupeKey,
  resourceIdsOf,
  signalsForEvent,
} from '../../../functions/domain/events';

const ARN = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc';
const TIME = '2026-11-23T12:00:00Z';

function stateChange(state: string, reason?: { code: string; message?: string }): EventBridgeEvent {
  return EventBridgeEventSchema.parse({
    version: '0',
    id: 'e-1',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111111111111',
    time: TIME,
    region: 'eu-west-1',
    resources: [ARN],
    detail: { 'instance-id': 'i-0abc', state, ...(reason ? { 'state-reason': reason } : {}) },
  });
}

const known = (tags: Record<string, string> = {}): EventContext => ({
  resource: (id) => (id === ARN ? { name: 'web-1', type: 'ec2:instance', tags } : undefined),
  expected: () => undefined,
});

describe('EC2 instance state changes', () => {
  it('raises a critical alert for a stop AWS caused (Server.*)', () => {
    // Act
    const signals = signalsForEvent(
      stateChange('stopped', {
        code: 'Server.InternalError',
        message: 'Server.InternalError: Internal error',
      }),
      known(),
    );
    // Assess
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'raise',
        dedupeKey: instanceDedupeKey(ARN),
        severity: 'critical',
        title: 'Instance stopped unexpectedly (Server.InternalError)',
        resource: { id: ARN, name: 'web-1', type: 'ec2:instance' },
        at: TIME,
      }),
    ]);
  });

  it('raises high for a stop by someone outside HostMaster, and for an unexplained stop of a non-production instance', () => {
    // Act
    const [byUser] = signalsForEvent(
      stateChange('stopping', { code: 'Client.UserInitiatedShutdown' }),
      known(),
    );
    const [plain] = signalsForEvent(stateChange('stopped'), known({ environment: 'staging' }));
    const [production] = signalsForEvent(stateChange('stopped'), known({ Environment: 'Prod' }));
    // Assess
    expect(byUser).toMatchObject({ severity: 'high', title: 'Instance stopped outside HostMaster' });
    expect(plain).toMatchObject({ severity: 'high', title: 'Instance stopped without a HostMaster request' });
    expect(production).toMatchObject({ severity: 'critical' });
  });

  it('raises nothing for a stop HostMaster requested, and clears on a requested termination', () => {
    // Prepare
    const requested = (action: 'stop' | 'terminate'): EventContext => ({
      ...known(),
      expected: () => expectChange(ARN, action, 'schedule:office-hours', new Date('2026-11-23T11:59:30Z')),
    });
    // Act
    const stop = signalsForEvent(
      stateChange('stopped', { code: 'Client.UserInitiatedShutdown' }),
      requested('stop'),
    );
    const terminate = signalsForEvent(stateChange('terminated'), requested('terminate'));
    const late = signalsForEvent(
      { ...stateChange('stopped'), time: '2026-11-23T13:00:00Z' },
      requested('stop'),
    );
    // Assess
    expect(stop).toEqual([]);
    expect(terminate).toEqual([
      expect.objectContaining({ kind: 'clear', reason: 'terminated as requested by schedule:office-hours' }),
    ]);
    expect(late).toEqual([expect.objectContaining({ kind: 'raise' })]);
  });

  it('treats an unrequested termination as critical and running as recovery', () => {
    // Act
    const [terminated] = signalsForEvent(stateChange('terminated'), known());
    const [running] = signalsForEvent(stateChange('running'), known());
    const pending = signalsForEvent(stateChange('pending'), known());
    // Assess
    expect(terminated).toMatchObject({ kind: 'raise', severity: 'critical' });
    expect(running).toMatchObject({ kind: 'clear', dedupeKey: instanceDedupeKey(ARN) });
    expect(pending).toEqual([]);
  });

  it('names the instance by id when HostMaster has not collected it yet', () => {
    const [signal] = signalsForEvent(stateChange('stopped'), {
      resource: () => undefined,
      expected: () => undefined,
    });
    expect(signal).toMatchObject({ resource: { name: 'i-0abc' } });
  });
});

describe('AWS Health events', () => {
  const health = (statusCode: string, resources: string[]): EventBridgeEvent =>
    EventBridgeEventSchema.parse({
      id: 'h-1',
      'detail-type': 'AWS Health Event',
      source: 'aws.health',
      account: '111111111111',
      time: TIME,
      region: 'eu-west-1',
      resources,
      detail: {
        eventArn: 'arn:aws:health:eu-west-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/1',
        service: 'EC2',
        eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        eventTypeCategory: 'scheduledChange',
        statusCode,
        eventDescription: [{ language: 'en_US', latestDescription: 'Your instance will be retired.' }],
      },
    });

  it('raises one alert per affected resource and clears them when the event closes', () => {
    // Act
    const opened = signalsForEvent(health('open', [ARN]), known());
    const closed = signalsForEvent(health('closed', [ARN]), known());
    // Assess
    expect(opened).toEqual([
      expect.objectContaining({
        kind: 'raise',
        severity: 'medium',
        title: 'AWS Health: EC2 aws ec2 instance retirement scheduled',
        detail: 'Your instance will be retired.',
        resource: { id: ARN, name: 'web-1', type: 'ec2:instance' },
      }),
    ]);
    expect(closed).toEqual([expect.objectContaining({ kind: 'clear', dedupeKey: opened[0]?.dedupeKey })]);
  });
});

describe('RDS instance events', () => {
  const DB = 'arn:aws:rds:eu-west-1:111111111111:db:orders';
  const rds = (eventId: string, message: string): EventBridgeEvent =>
    EventBridgeEventSchema.parse({
      id: 'r-1',
      'detail-type': 'RDS DB Instance Event',
      source: 'aws.rds',
      account: '111111111111',
      time: TIME,
      region: 'eu-west-1',
      resources: [DB],
      detail: {
        EventCategories: ['failure'],
        SourceType: 'DB_INSTANCE',
        SourceArn: DB,
        SourceIdentifier: 'orders',
        Message: message,
        EventID: eventId,
      },
    });

  it('raises a failure as critical and clears it when the instance restarts', () => {
    // Act
    const [failed] = signalsForEvent(rds('RDS-EVENT-0031', 'DB instance failed'), known());
    const [restarted] = signalsForEvent(rds('RDS-EVENT-0006', 'DB instance restarted'), known());
    const ignored = signalsForEvent(rds('RDS-EVENT-0001', 'Backing up DB instance'), known());
    // Assess
    expect(failed).toMatchObject({
      kind: 'raise',
      severity: 'critical',
      dedupeKey: rdsDedupeKey('availability', DB),
      detail: 'RDS-EVENT-0031: DB instance failed',
      resource: { name: 'orders' },
    });
    expect(restarted).toMatchObject({ kind: 'clear', dedupeKey: rdsDedupeKey('availability', DB) });
    expect(ignored).toEqual([]);
    expect(resourceIdsOf(rds('RDS-EVENT-0031', 'x'))).toContain(DB);
  });
});
