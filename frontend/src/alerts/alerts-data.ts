/** Alert page helpers: validation of recipients and ordering of alerts. */
import type { Alert } from '../api/types';
import { severityRank } from '../components/tone';

/** E.164, as SNS requires for SMS: `+`, country code and number, at most 15 digits, no leading zero. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why an endpoint would be refused, shown as the person types; undefined when it is valid or empty. */
export function endpointProblem(protocol: 'email' | 'sms', endpoint: string): string | undefined {
  const value = endpoint.trim();
  if (value === '') return undefined;
  if (protocol === 'email')
    return EMAIL.test(value) ? undefined : 'Enter an email address, e.g. ops@example.com.';
  if (/[\s()-]/.test(value)) return 'Leave out spaces, dashes and brackets: +14155550100.';
  if (!value.startsWith('+')) return 'Start with + and the country code, e.g. +14155550100.';
  return E164.test(value)
    ? undefined
    : 'Use E.164: + then 7 to 15 digits, no leading zero, e.g. +14155550100.';
}

const STATUS_ORDER: Readonly<Record<Alert['status'], number>> = { open: 0, acknowledged: 1, resolved: 2 };

/** Open before acknowledged before resolved; then most severe; then most recent. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      severityRank(a.severity) - severityRank(b.severity) ||
      b.lastSeen.localeCompare(a.lastSeen),
  );
}

/** Open alerts per severity, for the overview's counts. */
export function countBySeverity(alerts: readonly Alert[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const alert of alerts)
    if (alert.status !== 'resolved') counts[alert.severity] = (counts[alert.severity] ?? 0) + 1;
  return counts;
}

type Notification = Alert['notifications'][number];

const HOLD_TEXT: Readonly<Record<NonNullable<Notification['reason']>, string>> = {
  'quiet-hours': 'held in quiet hours',
  'rate-limit-resource': 'held: too many about this resource in the last hour',
  'rate-limit-overall': 'held: too many in the last hour',
  'sms-budget': "held: over this month's SMS budget",
};

/** What happened to one notice, as a person reads it: `Email (opened): sent to 2 recipients`. */
export function notificationText(n: Notification): string {
  const channel = n.channel === 'sms' ? 'SMS' : 'Email';
  const what =
    n.status === 'sent'
      ? n.recipients === undefined
        ? 'sent'
        : `sent to ${n.recipients} ${n.recipients === 1 ? 'recipient' : 'recipients'}`
      : n.status === 'no-recipients'
        ? 'not sent: nobody is subscribed'
        : n.status === 'failed'
          ? 'failed to publish; will retry'
          : n.reason
            ? HOLD_TEXT[n.reason]
            : 'held';
  return `${channel} (${n.kind}): ${what}`;
}
