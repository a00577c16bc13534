/**
 * The text people receive. Short and complete: what happened, where (account, region, resource name
 * and id), since when, and a link to the resource in the dashboard. SMS fits one 160-character GSM-7
 * segment (ASCII only: a single non-GSM character would switch the message to UCS-2 and 70 chars).
 */
import type { Alert, Channel, NoticeKind } from './alert';
import { formatCount } from './numbers';

export const SMS_MAX_LENGTH = 160;
/** SNS refuses subjects over 100 characters, or with line breaks or non-ASCII characters. */
export const EMAIL_SUBJECT_MAX_LENGTH = 100;

/** One message for one channel, ready to publish. */
export interface OutboundMessage {
  readonly channel: Channel;
  readonly kind: NoticeKind;
  readonly alertId: string;
  readonly resourceId: string;
  /** Email only. */
  readonly subject?: string;
  readonly text: string;
}

/**
 * A page of the dashboard: its address (DASHBOARD_URL, absolute, which the wiring checks) and the
 * hash route. The dashboard routes by hash, so deep links work from S3 and CloudFront without a
 * server-side fallback.
 */
export function dashboardLink(dashboardUrl: string, route: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/#/${route.replace(/^\/+/, '')}`;
}

/**
 * The resource's page in the dashboard (`#/resources/<id>`, which lists its findings and alerts); the
 * id is URL-encoded except for `:`, which is legal in a path and keeps the ARN (account, region)
 * readable in the link.
 */
export function resourceLink(dashboardUrl: string, resourceId: string): string {
  return dashboardLink(dashboardUrl, `resources/${encodeURIComponent(resourceId).replace(/%3A/gi, ':')}`);
}

/** The dashboard's alert list. */
export function alertsLink(dashboardUrl: string): string {
  return dashboardLink(dashboardUrl, 'alerts');
}

/** Printable ASCII only (anything else becomes `?`), whitespace runs collapsed. */
export function asciiText(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 3 ? text.slice(0, max) : `${text.slice(0, max - 3).trimEnd()}...`;
}

/** `2026-11-23 12:04 UTC` */
export function humanTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `1h 5m`, `3m`, `2d 4h`. */
export function humanDuration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

const label = (alert: Alert, kind: NoticeKind) =>
  kind === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();

export function emailSubject(alert: Alert, kind: NoticeKind): string {
  return truncate(
    asciiText(`[HostMaster] ${label(alert, kind)}: ${alert.title} - ${alert.resourceName}`),
    EMAIL_SUBJECT_MAX_LENGTH,
  );
}

export function emailText(alert: Alert, kind: NoticeKind, dashboardUrl: string, note?: string): string {
  const lines = [
    kind === 'resolved'
      ? `Resolved: ${alert.title} (${alert.resourceName}), after ${humanDuration(alert.since, alert.resolvedAt ?? alert.lastSeen)}.`
      : `${alert.severity.toUpperCase()}: ${alert.title} (${alert.resourceName})`,
    '',
    `What:     ${alert.title}`,
    ...(alert.detail ? [`Details:  ${alert.detail}`] : []),
    `Where:    account ${alert.accountId}, region ${alert.region}`,
    `Resource: ${alert.resourceName} (${alert.resourceId})`,
    `Since:    ${humanTime(alert.since)}`,
    ...(kind === 'resolved' && alert.resolvedAt ? [`Resolved: ${humanTime(alert.resolvedAt)}`] : []),
    ...(alert.occurrences > 1 ? [`Seen:     ${formatCount(alert.occurrences)} times`] : []),
    `Link:     ${resourceLink(dashboardUrl, alert.resourceId)}`,
    ...(note ? ['', `Note: ${note}`] : []),
    '',
    `Alert ${alert.id} (${alert.source}). Acknowledge it in the dashboard to tell your team you are on it.`,
  ];
  return lines.join('\n');
}

/**
 * One SMS segment: `HostMaster CRITICAL: <what> | <name> | <account>/<region> since HH:MMZ <link>`.
 * The link is the resource's page when it fits; a resource link holds the whole ARN (often 100
 * characters with the dashboard's address), so usually it is the dashboard's alert list instead,
 * and the email carries the resource link.
 */
export function smsText(alert: Alert, kind: NoticeKind, dashboardUrl: string): string {
  const where = `${alert.accountId}/${alert.region}`;
  const when =
    kind === 'resolved'
      ? `after ${humanDuration(alert.since, alert.resolvedAt ?? alert.lastSeen)}`
      : `since ${alert.since.slice(11, 16)}Z`;
  const head = `HostMaster ${label(alert, kind)}:`;
  const title = asciiText(alert.title);
  const name = asciiText(alert.resourceName);
  const compose = (t: string, n: string, tail: string) => `${head} ${t} | ${n} | ${where} ${when}${tail}`;
  const fitWith = (tail: string, minTitle: number, minName: number): string | undefined => {
    let t = title;
    let n = name;
    let text = compose(t, n, tail);
    if (text.length > SMS_MAX_LENGTH) {
      t = truncate(t, Math.max(minTitle, t.length - (text.length - SMS_MAX_LENGTH)));
      text = compose(t, n, tail);
    }
    if (text.length > SMS_MAX_LENGTH) {
      n = truncate(n, Math.max(minName, n.length - (text.length - SMS_MAX_LENGTH)));
      text = compose(t, n, tail);
    }
    return text.length <= SMS_MAX_LENGTH ? text : undefined;
  };
  return (
    fitWith(` ${resourceLink(dashboardUrl, alert.resourceId)}`, 28, 12) ??
    fitWith(` ${alertsLink(dashboardUrl)}`, 16, 8) ??
    truncate(compose(title, name, ''), SMS_MAX_LENGTH)
  );
}

/** The message for one channel. */
export function renderMessage(
  alert: Alert,
  kind: NoticeKind,
  channel: Channel,
  dashboardUrl: string,
  note?: string,
): OutboundMessage {
  const base = { channel, kind, alertId: alert.id, resourceId: alert.resourceId };
  return channel === 'sms'
    ? { ...base, text: smsText(alert, kind, dashboardUrl) }
    : {
        ...base,
        subject: emailSubject(alert, kind),
        text: emailText(alert, kind, dashboardUrl, note),
      };
}
