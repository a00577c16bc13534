/**
 * The alert lifecycle as pure decisions: given the stored alert (if any), the recent deliveries, a
 * signal and the time, what the alert becomes and which messages go out. Stores and notifiers only
 * carry out what these functions return.
 *
 * - A raise for an active alert is a repeat: occurrences++, lastSeen, nothing sent.
 * - A raise with no alert (or a resolved one) opens an episode and notifies: critical by SMS and
 *   email, others by email; every alert also reaches the digest.
 * - A clear resolves an active alert; the resolution goes to the channels the opening reached (an
 *   opening nobody received gets no resolution: the digest reports both).
 * - Limits: per channel, per resource and overall per hour; SMS also within the monthly budget. An
 *   SMS over a limit falls back to email with a note; an email over a limit is held. Non-critical
 *   notices are held during quiet hours. Held notices are owed (`pendingNotice`) and `flushPending`
 *   sends them once allowed, if still relevant.
 */
import { type Actor, actorName, identityOf } from '../identity/actor';
import {
  type Alert,
  type AlertSignal,
  alertIdFor,
  type Channel,
  type ClearSignal,
  type HoldReason,
  isActive,
  MAX_EPISODES,
  MAX_NOTIFICATIONS,
  type NoticeKind,
  type Notification,
  type RaiseSignal,
} from './alert';
import { countRecent, type Delivery, type DeliveryLedger, withDeliveries } from './ledger';
import { type OutboundMessage, renderMessage } from './messages';
import { type AlertPolicy, channelsFor, inQuietHours } from './policy';

export interface AlertState {
  /** The stored alert for the signal's dedupe key, if there is one. */
  readonly alert?: Alert;
  readonly ledger: DeliveryLedger;
  /**
   * Confirmed subscribers per channel. A channel with none gets no message (there is nobody to tell)
   * and its notification says `no-recipients`. @default unknown: sent, without a count
   */
  readonly recipients?: Readonly<Record<Channel, number>>;
}

export interface Decision {
  /** The alert to store; undefined when there is nothing to store (a clear for an unknown condition). */
  readonly alert?: Alert;
  /** False when the stored alert is already what it should be. */
  readonly changed: boolean;
  readonly messages: readonly OutboundMessage[];
  /** Deliveries to add to the ledger (one per message). */
  readonly deliveries: readonly Delivery[];
}

const nothing = (alert?: Alert): Decision => ({
  ...(alert ? { alert } : {}),
  changed: false,
  messages: [],
  deliveries: [],
});

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export function decide(state: AlertState, signal: AlertSignal, now: Date, policy: AlertPolicy): Decision {
  return signal.kind === 'raise' ? raise(state, signal, now, policy) : clear(state, signal, now, policy);
}

function raise(state: AlertState, signal: RaiseSignal, now: Date, policy: AlertPolicy): Decision {
  const nowIso = now.toISOString();
  const existing = state.alert;
  if (existing && isActive(existing)) {
    const alert: Alert = {
      ...existing,
      lastSeen: later(existing.lastSeen, signal.at),
      occurrences: existing.occurrences + 1,
      version: existing.version + 1,
      updatedAt: nowIso,
    };
    return { alert, changed: true, messages: [], deliveries: [] };
  }
  const episodes = existing?.resolvedAt
    ? [
        ...existing.episodes,
        { since: existing.since, resolvedAt: existing.resolvedAt, occurrences: existing.occurrences },
      ].slice(-MAX_EPISODES)
    : (existing?.episodes ?? []);
  const opened: Alert = {
    id: alertIdFor(signal.dedupeKey),
    dedupeKey: signal.dedupeKey,
    source: signal.source,
    severity: signal.severity,
    title: signal.title,
    ...(signal.detail ? { detail: signal.detail } : {}),
    resourceId: signal.resource.id,
    resourceName: signal.resource.name,
    resourceType: signal.resource.type,
    accountId: signal.accountId,
    region: signal.region,
    status: 'open',
    since: signal.at,
    lastSeen: signal.at,
    occurrences: 1,
    openedVia: [],
    notifications: existing?.notifications ?? [],
    episodes,
    version: (existing?.version ?? 0) + 1,
    updatedAt: nowIso,
  };
  return {
    ...deliver(opened, 'opened', channelsFor(opened.severity, policy), state, now, policy),
    changed: true,
  };
}

function clear(state: AlertState, signal: ClearSignal, now: Date, policy: AlertPolicy): Decision {
  const existing = state.alert;
  if (!existing || !isActive(existing)) return nothing(existing);
  const nowIso = now.toISOString();
  const resolved: Alert = {
    ...existing,
    status: 'resolved',
    resolvedAt: later(signal.at, existing.since),
    resolvedBy: signal.reason,
    version: existing.version + 1,
    updatedAt: nowIso,
  };
  const { pendingNotice: _owed, ...withoutPending } = resolved;
  if (existing.openedVia.length === 0) {
    return { alert: withoutPending, changed: true, messages: [], deliveries: [] };
  }
  return {
    ...deliver(withoutPending, 'resolved', existing.openedVia, state, now, policy),
    changed: true,
  };
}

/** A person takes the alert: no message, the record says who and when. Resolved alerts stay resolved. */
export function acknowledge(alert: Alert, by: Actor, now: Date): Alert {
  if (alert.status !== 'open') return alert;
  const nowIso = now.toISOString();
  return {
    ...alert,
    status: 'acknowledged',
    acknowledgedBy: actorName(by),
    acknowledgedByIdentity: identityOf(by),
    acknowledgedAt: nowIso,
    version: alert.version + 1,
    updatedAt: nowIso,
  };
}

/**
 * A person closes the alert (the condition is known to be gone, or accepted). Nothing is sent: the
 * person resolving it is the one who would be told. A new signal reopens it.
 */
export function resolveByPerson(alert: Alert, by: Actor, now: Date): Alert {
  if (!isActive(alert)) return alert;
  const nowIso = now.toISOString();
  const { pendingNotice: _owed, ...rest } = alert;
  return {
    ...rest,
    status: 'resolved',
    resolvedAt: nowIso,
    resolvedBy: actorName(by),
    resolvedByIdentity: identityOf(by),
    version: alert.version + 1,
    updatedAt: nowIso,
  };
}

/**
 * Sends a held notice once quiet hours are over and limits allow, if it still matters: an opening
 * for an alert that resolved meanwhile is dropped (the digest reports both).
 */
export function flushPending(state: AlertState, now: Date, policy: AlertPolicy): Decision {
  const alert = state.alert;
  if (!alert?.pendingNotice) return nothing(alert);
  const kind = alert.pendingNotice;
  const relevant = kind === 'opened' ? isActive(alert) : !isActive(alert);
  const nowIso = now.toISOString();
  const { pendingNotice: _owed, ...rest } = alert;
  const base: Alert = { ...rest, version: alert.version + 1, updatedAt: nowIso };
  if (!relevant) return { alert: base, changed: true, messages: [], deliveries: [] };
  const channels =
    kind === 'opened'
      ? channelsFor(alert.severity, policy).filter((c) => !alert.openedVia.includes(c))
      : alert.openedVia;
  const decision = deliver(base, kind, channels, state, now, policy);
  // Still held for the same reason: keep the stored record as it was.
  if (decision.messages.length === 0 && decision.alert?.pendingNotice === kind) return nothing(alert);
  return { ...decision, changed: true };
}

interface Plan {
  readonly channel: Channel;
  readonly note?: string;
}

/** Applies routing, quiet hours, rate limits and the SMS budget to one notice. */
function deliver(
  alert: Alert,
  kind: NoticeKind,
  wanted: readonly Channel[],
  state: Pick<AlertState, 'ledger' | 'recipients'>,
  now: Date,
  policy: AlertPolicy,
): Decision {
  const { ledger, recipients } = state;
  const nowIso = now.toISOString();
  const notifications: Notification[] = [];
  const hold = (channel: Channel, reason: HoldReason) =>
    notifications.push({ at: nowIso, channel, kind, status: 'held', reason });

  if (alert.severity !== 'critical' && inQuietHours(now, policy.quietHours)) {
    for (const channel of wanted) hold(channel, 'quiet-hours');
    return finish(alert, kind, [], notifications, now, true);
  }

  const plans: Plan[] = [];
  let smsFallbackNote: string | undefined;
  if (wanted.includes('sms')) {
    const recent = countRecent(ledger, 'sms', alert.resourceId, now);
    const budgetUsd = (ledger.smsThisMonth + 1) * policy.smsBudget.pricePerMessageUsd;
    if (budgetUsd > policy.smsBudget.monthlyUsd) {
      hold('sms', 'sms-budget');
      smsFallbackNote = `SMS not sent: this month's SMS budget ($${policy.smsBudget.monthlyUsd.toFixed(2)}) would be exceeded.`;
    } else if (recent.resource >= policy.sms.perResourcePerHour) {
      hold('sms', 'rate-limit-resource');
      smsFallbackNote = `SMS not sent: more than ${policy.sms.perResourcePerHour} SMS about this resource in the last hour.`;
    } else if (recent.overall >= policy.sms.perHour) {
      hold('sms', 'rate-limit-overall');
      smsFallbackNote = `SMS not sent: more than ${policy.sms.perHour} SMS in the last hour.`;
    } else {
      plans.push({ channel: 'sms' });
    }
  }
  if (wanted.includes('email') || smsFallbackNote) {
    const recent = countRecent(ledger, 'email', alert.resourceId, now);
    if (recent.resource >= policy.email.perResourcePerHour) hold('email', 'rate-limit-resource');
    else if (recent.overall >= policy.email.perHour) hold('email', 'rate-limit-overall');
    else plans.push({ channel: 'email', ...(smsFallbackNote ? { note: smsFallbackNote } : {}) });
  }
  // Nobody subscribed to a channel: nothing is published there and nothing is owed to it.
  const unheard = plans.filter((plan) => recipients?.[plan.channel] === 0);
  const heard = plans.filter((plan) => !unheard.includes(plan));
  const messages = heard.map((plan) =>
    renderMessage(alert, kind, plan.channel, policy.dashboardUrl, plan.note),
  );
  for (const plan of unheard)
    notifications.push({ at: nowIso, channel: plan.channel, kind, status: 'no-recipients', recipients: 0 });
  for (const plan of heard) {
    const count = recipients?.[plan.channel];
    notifications.push({
      at: nowIso,
      channel: plan.channel,
      kind,
      status: 'sent',
      ...(count === undefined ? {} : { recipients: count }),
    });
  }
  return finish(alert, kind, messages, notifications, now, plans.length === 0);
}

function finish(
  alert: Alert,
  kind: NoticeKind,
  messages: OutboundMessage[],
  notifications: Notification[],
  now: Date,
  owed: boolean,
): Decision {
  const nowIso = now.toISOString();
  const sentVia = messages.map((m) => m.channel);
  const { pendingNotice: _previous, ...rest } = alert;
  const next: Alert = {
    ...rest,
    ...(kind === 'opened' ? { openedVia: [...new Set([...alert.openedVia, ...sentVia])] } : {}),
    ...(owed ? { pendingNotice: kind } : {}),
    notifications: [...alert.notifications, ...notifications].slice(-MAX_NOTIFICATIONS),
  };
  const deliveries: Delivery[] = messages.map((m) => ({
    at: nowIso,
    channel: m.channel,
    resourceId: alert.resourceId,
    alertId: alert.id,
  }));
  return { alert: next, changed: true, messages, deliveries };
}

/** The ledger after a decision's deliveries: feed it to the next decision of the same batch. */
export function ledgerAfter(ledger: DeliveryLedger, decision: Decision, now: Date): DeliveryLedger {
  return decision.deliveries.length === 0 ? ledger : withDeliveries(ledger, decision.deliveries, now);
}
