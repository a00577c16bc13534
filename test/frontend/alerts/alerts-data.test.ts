import { describe, expect, it } from 'vitest';
import { endpointProblem, notificationText, sortAlerts } from '../../../frontend/src/alerts/alerts-data';
import type { Alert } from '../../../frontend/src/api/types';

function alert(over: Partial<Alert>): Alert {
  return {
    id: 'al-1',
    dedupeKey: 'k',
    source: 'event',
    severity: 'high',
    title: 'Instance stopped',
    resourceId: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
    resourceName: 'web-1',
    resourceType: 'ec2:instance',
    accountId: '111111111111',
    region: 'eu-west-1',
    status: 'open',
    since: '2026-11-22T10:00:00.000Z',
    lastSeen: '2026-11-22T10:00:00.000Z',
    occurrences: 1,
    openedVia: [],
    notifications: [],
    episodes: [],
    version: 1,
    updatedAt: '2026-11-22T10:00:00.000Z',
    ...over,
  };
}

describe('alert helpers', () => {
  it('accepts E.164 numbers and explains what is wrong with others', () => {
    // Assess
    expect(endpointProblem('sms', '+14155550100')).toBeUndefined();
    expect(endpointProblem('sms', '')).toBeUndefined();
    expect(endpointProblem('sms', '4155550100')).toMatch(/Start with \+/);
    expect(endpointProblem('sms', '+1 415 555 0100')).toMatch(/spaces/);
    expect(endpointProblem('sms', '+0123456789')).toMatch(/E\.164/);
    expect(endpointProblem('sms', '+1234567890123456')).toMatch(/E\.164/);
    expect(endpointProblem('email', 'ops@example.com')).toBeUndefined();
    expect(endpointProblem('email', 'ops@')).toMatch(/email address/);
  });

  it('sorts open before acknowledged before resolved, then by severity, then newest', () => {
    // Act
    const sorted = sortAlerts([
      alert({ id: 'resolved', status: 'resolved', severity: 'critical' }),
      alert({ id: 'ack', status: 'acknowledged' }),
      alert({ id: 'open-low', severity: 'low' }),
      alert({ id: 'open-high-old', lastSeen: '2026-11-20T00:00:00.000Z' }),
      alert({ id: 'open-high-new', lastSeen: '2026-11-22T12:00:00.000Z' }),
    ]);

    // Assess
    expect(sorted.map((a) => a.id)).toEqual([
      'open-high-new',
      'open-high-old',
      'open-low',
      'ack',
      'resolved',
    ]);
  });
});

describe('notificationText', () => {
  it('says what really happened to a notice', () => {
    // Prepare
    const at = '2026-11-23T12:00:00.000Z';

    // Act
    const texts = [
      notificationText({ at, channel: 'email', kind: 'opened', status: 'sent', recipients: 2 }),
      notificationText({ at, channel: 'sms', kind: 'opened', status: 'sent', recipients: 1 }),
      notificationText({ at, channel: 'email', kind: 'opened', status: 'no-recipients', recipients: 0 }),
      notificationText({ at, channel: 'email', kind: 'resolved', status: 'held', reason: 'quiet-hours' }),
      notificationText({ at, channel: 'sms', kind: 'opened', status: 'held', reason: 'sms-budget' }),
      notificationText({ at, channel: 'sms', kind: 'opened', status: 'failed' }),
    ];

    // Assess
    expect(texts).toEqual([
      'Email (opened): sent to 2 recipients',
      'SMS (opened): sent to 1 recipient',
      'Email (opened): not sent: nobody is subscribed',
      'Email (resolved): held in quiet hours',
      "SMS (opened): held: over this month's SMS budget",
      'SMS (opened): failed to publish; will retry',
    ]);
  });
});
