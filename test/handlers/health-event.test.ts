import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertRig,
  instanceArn,
  instanceId,
  MEMBER_ACCOUNT,
  RIG_REGION,
  startAlertRig,
} from '../bench/alerts';

describe('health-event handler', () => {
  let rig: AlertRig;

  beforeAll(async () => {
    rig = await startAlertRig({ instances: 1 });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('drops what is not an EventBridge event instead of failing (a retry would not help)', async () => {
    // Act
    const result = await rig.handleEvent({ hello: 'world' } as never);
    // Assess
    expect(result).toEqual({ ignored: true });
    expect(rig.sandbox.sns.messages()).toHaveLength(0);
  });

  it('ignores event types it does not alert on', async () => {
    // Act
    const result = await rig.handleEvent({
      version: '0',
      id: 'x',
      'detail-type': 'EC2 Spot Instance Interruption Warning',
      source: 'aws.ec2',
      account: MEMBER_ACCOUNT,
      time: '2026-11-23T12:00:00Z',
      region: RIG_REGION,
      resources: [instanceArn(instanceId(0))],
      detail: {},
    });
    // Assess
    expect(result).toMatchObject({ opened: 0, messagesSent: 0 });
  });

  it('opens an alert for a terminated instance nobody asked HostMaster to terminate', async () => {
    // Act
    const result = await rig.handleEvent({
      version: '0',
      id: 'y',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: MEMBER_ACCOUNT,
      time: '2026-11-23T12:00:00Z',
      region: RIG_REGION,
      resources: [instanceArn(instanceId(0))],
      detail: { 'instance-id': instanceId(0), state: 'terminated' },
    });
    // Assess
    expect(result).toMatchObject({ opened: 1, messagesSent: 2 });
    expect(rig.emails()[0]?.subject).toBe(
      '[HostMaster] CRITICAL: Instance terminated without a HostMaster request - web-0',
    );
  });
});
