import { describe, expect, it } from 'vitest';
import type { Alert, AlertSignal } from '../../../functions/domain/alerts/alert';
import {
  acknowledge,
  type Decision,
  decide,
  flushPending,
  ledgerAfter,
  resolveByPerson,
} from '../../../functions/domain/alerts/decide';
import { type DeliveryLedger, EMPTY_LEDGER } from '../../../functions/domain/alerts/ledger';
import type { AlertPolicy } from '../../../functions/domain/alerts/policy';
import { person } from '../identity/fixtures';
import { at, crash, POLICY, T0 } from './fixtures';

const CLEAR: AlertSignal = {
  kind: 'clear',
  dedupeKey: crash().dedupeKey,
  at: at(5).toISOString(),
  reason: 'instance running again',
};

/** Runs signals one after another like the service does, returning every decision. */
function run(
  steps: readonly { signal: AlertSignal; now: Date }[],
  policy: AlertPolicy = POLICY,
  start: { alert?: Alert; ledger?: DeliveryLedger } = {},
): Decision[] {
  const alerts = new Map<string, Alert>(start.alert ? [[start.alert.dedupeKey, start.alert]] : []);
  let ledger = start.ledger ?? EMPTY_LEDGER;
  return steps.map(({ signal, now }) => {
    const alert = alerts.get(signal.dedupeKey);
    const decision = decide({ ...(alert ? { alert } : {}), ledger }, signal, now, policy);
    if (decision.alert) alerts.set(signal.dedupeKey, decision.alert);
    ledger = ledgerAfter(ledger, decision, now);
    return decision;
  });
}

const channels = (decision: Decision) => decision.messages.map((m) => m.channel).sort();

describe('decide: opening and repeats', () => {
  it('opens a critical alert and sends it by SMS and email', () => {
    // Act
    const [opened] = run([{ signal: crash(), now: T0 }]);
    // Assess
    expect(opened?.alert).toMatchObject({
      status: 'open',
      occurrences: 1,
      since: T0.toISOString(),
      openedVia: ['sms', 'email'],
    });
    expect(channels(opened!)).toEqual(['email', 'sms']);
    expect(opened?.deliveries).toHaveLength(2);
  });

  it('sends non-critical alerts by email only', () => {
    // Act
    const [opened] = run([
      { signal: crash({ severity: 'high', title: 'Instance stopped outside HostMaster' }), now: T0 },
    ]);
    // Assess
    expect(channels(opened!)).toEqual(['email']);
  });

  it('counts 50 repeats of an open alert and sends nothing more', () => {
    // Prepare
    const repeats = Array.from({ length: 50 }, (_, i) => ({
      signal: crash({ at: at(i + 1).toISOString() }),
      now: at(i + 1),
    }));
    // Act
    const decisions = run([{ signal: crash(), now: T0 }, ...repeats]);
    // Assess
    const last = decisions.at(-1)!;
    expect(decisions.slice(1).flatMap((d) => d.messages)).toEqual([]);
    expect(last.alert).toMatchObject({
      occurrences: 51,
      lastSeen: at(50).toISOString(),
      since: T0.toISOString(),
    });
  });
});

describe('decide: resolution', () => {
  it('resolves when the condition clears and sends the resolution to the channels the opening used', () => {
    // Act
    const [, resolved] = run([
      { signal: crash(), now: T0 },
      { signal: CLEAR, now: at(5) },
    ]);
    // Assess
    expect(resolved?.alert).toMatchObject({
      status: 'resolved',
      resolvedAt: at(5).toISOString(),
      resolvedBy: 'instance running again',
    });
    expect(channels(resolved!)).toEqual(['email', 'sms']);
    expect(resolved?.messages.every((m) => m.kind === 'resolved')).toBe(true);
  });

  it('ignores a clear for a condition it never saw or already resolved', () => {
    // Act
    const [nothing] = run([{ signal: CLEAR, now: at(5) }]);
    const [, , again] = run([
      { signal: crash(), now: T0 },
      { signal: CLEAR, now: at(5) },
      { signal: CLEAR, now: at(6) },
    ]);
    // Assess
    expect(nothing).toMatchObject({ changed: false, messages: [] });
    expect(again).toMatchObject({ changed: false, messages: [] });
  });

  it('reopens a resolved alert as a new episode and keeps the previous one', () => {
    // Act
    const decisions = run([
      { signal: crash(), now: T0 },
      { signal: CLEAR, now: at(5) },
      { signal: crash({ at: at(90).toISOString() }), now: at(90) },
    ]);
    // Assess
    const reopened = decisions[2]!;
    expect(reopened.alert).toMatchObject({
      status: 'open',
      since: at(90).toISOString(),
      occurrences: 1,
      version: 3,
    });
    expect(reopened.alert?.episodes).toEqual([
      { since: T0.toISOString(), resolvedAt: at(5).toISOString(), occurrences: 1 },
    ]);
    expect(channels(reopened)).toEqual(['email', 'sms']);
  });
});

describe('acknowledge and resolve by a person', () => {
  it('records who acknowledged, sends nothing, and still resolves (with a message) when the condition clears', () => {
    // Prepare
    const [opened] = run([{ signal: crash(), now: T0 }]);
    // Act
    const acked = acknowledge(opened!.alert!, person('alice@example.com'), at(2));
    const [resolved] = run([{ signal: CLEAR, now: at(5) }], POLICY, { alert: acked });
    // Assess
    expect(acked).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'alice@example.com',
      acknowledgedByIdentity: { sub: person('alice@example.com').sub, username: 'alice' },
      acknowledgedAt: at(2).toISOString(),
    });
    expect(resolved?.alert?.status).toBe('resolved');
    expect(resolved?.messages).toHaveLength(2);
  });

  it('lets a person resolve an open alert without notifying anyone', () => {
    // Prepare
    const [opened] = run([{ signal: crash(), now: T0 }]);
    // Act
    const closed = resolveByPerson(opened!.alert!, person('bob@example.com'), at(3));
    // Assess
    expect(closed).toMatchObject({
      status: 'resolved',
      resolvedBy: 'bob@example.com',
      resolvedByIdentity: { sub: person('bob@example.com').sub, username: 'bob' },
      version: opened!.alert!.version + 1,
    });
    expect(acknowledge(closed, person('carol@example.com'), at(4))).toBe(closed);
  });
});

describe('rate limits', () => {
  it('caps SMS about one resource per hour and falls back to email with a note', () => {
    // Prepare: open/close cycles of one instance, one minute apart
    const steps = Array.from({ length: 4 }, (_, i) => [
      { signal: crash({ at: at(i * 2).toISOString() }), now: at(i * 2) },
      { signal: { ...CLEAR, at: at(i * 2 + 1).toISOString() }, now: at(i * 2 + 1) },
    ]).flat();
    // Act
    const decisions = run(steps);
    // Assess
    const messages = decisions.flatMap((d) => d.messages);
    expect(messages.filter((m) => m.channel === 'sms')).toHaveLength(POLICY.sms.perResourcePerHour);
    expect(messages.filter((m) => m.channel === 'email')).toHaveLength(POLICY.email.perResourcePerHour);
    const fallback = messages.find((m) => m.channel === 'email' && m.text.includes('SMS not sent'));
    expect(fallback?.text).toContain('more than 2 SMS about this resource in the last hour');
  });

  it('caps SMS overall per hour across resources', () => {
    // Prepare
    const steps = Array.from({ length: 12 }, (_, i) => {
      const arn = `arn:aws:ec2:eu-west-1:111111111111:instance/i-${i}`;
      return {
        signal: crash({
          dedupeKey: `ec2-state|${arn}`,
          resource: { id: arn, name: `web-${i}`, type: 'ec2:instance' },
        }),
        now: at(i),
      };
    });
    // Act
    const decisions = run(steps);
    // Assess
    const sms = decisions.flatMap((d) => d.messages).filter((m) => m.channel === 'sms');
    expect(sms).toHaveLength(POLICY.sms.perHour);
    expect(decisions.at(-1)?.alert?.notifications).toContainEqual(
      expect.objectContaining({ channel: 'sms', status: 'held', reason: 'rate-limit-overall' }),
    );
  });

  it('sends again once the hour has passed', () => {
    // Prepare
    const ledger: DeliveryLedger = {
      recent: [0, 1].map((m) => ({
        at: at(m).toISOString(),
        channel: 'sms' as const,
        resourceId: crash().resource.id,
        alertId: 'x',
      })),
      smsThisMonth: 2,
    };
    // Act
    const [within] = run([{ signal: crash({ at: at(30).toISOString() }), now: at(30) }], POLICY, { ledger });
    const [after] = run([{ signal: crash({ at: at(61).toISOString() }), now: at(61) }], POLICY, { ledger });
    // Assess
    expect(channels(within!)).toEqual(['email']);
    expect(channels(after!)).toEqual(['email', 'sms']);
  });
});

describe('monthly SMS budget', () => {
  it('stops SMS when this month would exceed the budget and says so in the email', () => {
    // Prepare: $1 at $0.00645 a message allows 155 messages
    const ledger: DeliveryLedger = { recent: [], smsThisMonth: 155 };
    // Act
    const [opened] = run([{ signal: crash(), now: T0 }], POLICY, { ledger });
    // Assess
    expect(channels(opened!)).toEqual(['email']);
    expect(opened?.messages[0]?.text).toContain("this month's SMS budget ($1.00) would be exceeded");
    expect(opened?.alert?.notifications).toContainEqual(
      expect.objectContaining({ channel: 'sms', reason: 'sms-budget' }),
    );
  });

  it('still sends the SMS that fits in the budget', () => {
    // Act
    const [opened] = run([{ signal: crash(), now: T0 }], POLICY, {
      ledger: { recent: [], smsThisMonth: 154 },
    });
    // Assess
    expect(channels(opened!)).toEqual(['email', 'sms']);
  });
});

describe('quiet hours', () => {
  const quiet: AlertPolicy = {
    ...POLICY,
    quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
  };
  const night = new Date('2026-11-23T23:30:00.000Z'); // 00:30 in Paris
  const morning = new Date('2026-11-24T06:30:00.000Z'); // 07:30 in Paris

  it('holds a non-critical alert during quiet hours and sends it after', () => {
    // Prepare
    const signal = crash({ severity: 'high', at: night.toISOString() });
    // Act
    const [held] = run([{ signal, now: night }], quiet);
    const flushedAtNight = flushPending({ alert: held!.alert!, ledger: EMPTY_LEDGER }, night, quiet);
    const flushed = flushPending({ alert: held!.alert!, ledger: EMPTY_LEDGER }, morning, quiet);
    // Assess
    expect(held?.messages).toEqual([]);
    expect(held?.alert?.pendingNotice).toBe('opened');
    expect(flushedAtNight.changed).toBe(false);
    expect(channels(flushed)).toEqual(['email']);
    expect(flushed.alert?.pendingNotice).toBeUndefined();
    expect(flushed.alert?.openedVia).toEqual(['email']);
  });

  it('pages critical alerts at night anyway', () => {
    // Act
    const [opened] = run([{ signal: crash({ at: night.toISOString() }), now: night }], quiet);
    // Assess
    expect(channels(opened!)).toEqual(['email', 'sms']);
  });

  it('drops a held opening whose alert resolved before morning (the digest reports both)', () => {
    // Prepare
    const [held, resolved] = run(
      [
        { signal: crash({ severity: 'medium', at: night.toISOString() }), now: night },
        {
          signal: { ...CLEAR, at: new Date(night.getTime() + 600_000).toISOString() },
          now: new Date(night.getTime() + 600_000),
        },
      ],
      quiet,
    );
    // Act
    const flushed = flushPending({ alert: resolved!.alert!, ledger: EMPTY_LEDGER }, morning, quiet);
    // Assess
    expect(held?.messages).toEqual([]);
    expect(resolved?.messages).toEqual([]);
    expect(resolved?.alert?.pendingNotice).toBeUndefined();
    expect(flushed.messages).toEqual([]);
  });
});
