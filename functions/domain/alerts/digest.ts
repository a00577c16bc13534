/**
 * Daily and weekly digests: only what changed since the previous one (alerts opened and resolved,
 * findings new and resolved), what is still open, cost where cost data exists, and exceptions about
 * to expire. A digest with nothing to report is not sent.
 */
import { compareSeverity, type Finding, type Severity } from '../model';
import { type Exception, type ExceptionScope, expiringSoon } from '../posture/exceptions';
import type { Alert } from './alert';
import { asciiText, dashboardLink, humanTime, resourceLink } from './messages';
import { countOf, formatCount, formatPercentChange, formatUsd, formatUsdChange } from './numbers';
import type { CostSummary, DigestKind } from './ports';

export interface DigestInput {
  readonly kind: DigestKind;
  /** End of the previous digest's window; undefined for the first digest (a day or a week back). */
  readonly since?: string;
  readonly now: Date;
  /** Alerts changed since `since` plus every active alert (duplicates are fine). */
  readonly alerts: readonly Alert[];
  /** Findings of every category (any status); only those changed in the window are reported. */
  readonly findings: readonly Finding[];
  /** Absent when no cost data exists: the section is left out, never guessed. */
  readonly cost?: CostSummary;
  /** Every stored exception (active or not); only those expiring soon are reported. @default none */
  readonly exceptions?: readonly Exception[];
  readonly dashboardUrl: string;
  /** Account names by id, shown as `name (id)`. @default none: accounts by id */
  readonly accountNames?: ReadonlyMap<string, string>;
}

/**
 * How far ahead both digests look for expiring exceptions. The same for daily and weekly: as long
 * as the weekly period, so an exception alive at one weekly digest is listed by the last weekly
 * digest before it lapses, and a daily reader gets a week's countdown rather than a day's notice.
 */
export const EXCEPTION_REMINDER_DAYS = 7;

export interface Digest {
  readonly kind: DigestKind;
  readonly from: string;
  readonly to: string;
  readonly openedAlerts: readonly Alert[];
  readonly resolvedAlerts: readonly Alert[];
  readonly openAlerts: readonly Alert[];
  readonly newFindings: readonly Finding[];
  readonly resolvedFindings: readonly Finding[];
  readonly cost?: CostSummary & { readonly deltaUsd?: number };
  /** Active exceptions expiring within `EXCEPTION_REMINDER_DAYS` of `to`, soonest first. */
  readonly expiringExceptions: readonly Exception[];
  /** True when nothing changed in the window and no exception is about to expire: such a digest is not sent. */
  readonly empty: boolean;
  readonly subject: string;
  readonly text: string;
}

const bySeverity = <T extends { severity: Severity }>(a: T, b: T) => compareSeverity(a.severity, b.severity);
const within = (at: string | undefined, from: string, to: string) =>
  at !== undefined && at > from && at <= to;

/** How many items a section lists before "and N more". */
const SECTION_LIMIT = 20;

export function buildDigest(input: DigestInput): Digest {
  const to = input.now.toISOString();
  const lookbackMs = input.kind === 'daily' ? 86_400_000 : 7 * 86_400_000;
  const from = input.since ?? new Date(input.now.getTime() - lookbackMs).toISOString();
  const unique = [...new Map(input.alerts.map((a) => [a.id, a])).values()];
  const openedAlerts = unique.filter((a) => within(a.since, from, to)).sort(bySeverity);
  const resolvedAlerts = unique
    .filter((a) => a.status === 'resolved' && within(a.resolvedAt, from, to))
    .sort(bySeverity);
  const openAlerts = unique.filter((a) => a.status !== 'resolved').sort(bySeverity);
  const newFindings = input.findings
    .filter((f) => f.status === 'open' && within(f.firstSeen, from, to))
    .sort(bySeverity);
  const resolvedFindings = input.findings
    .filter((f) => f.status === 'resolved' && within(f.resolvedAt, from, to))
    .sort(bySeverity);
  const cost = input.cost
    ? {
        ...input.cost,
        ...(input.cost.previousMonthToDateUsd === undefined
          ? {}
          : { deltaUsd: round2(input.cost.monthToDateUsd - input.cost.previousMonthToDateUsd) }),
      }
    : undefined;
  const expiringExceptions = expiringSoon(input.exceptions ?? [], input.now, EXCEPTION_REMINDER_DAYS);
  // Alerts still open are listed as context, but alone they are not news: no change, no digest.
  // An exception about to expire is: its findings reopen when it lapses, and an unsent digest
  // cannot remind anyone to renew or fix it.
  const empty =
    openedAlerts.length +
      resolvedAlerts.length +
      newFindings.length +
      resolvedFindings.length +
      expiringExceptions.length ===
    0;
  const title = input.kind === 'daily' ? 'Daily digest' : 'Weekly digest';
  const expiring =
    expiringExceptions.length === 0 ? '' : `, ${countOf(expiringExceptions.length, 'exception')} expiring`;
  const subject = asciiText(
    `[HostMaster] ${title}: ${countOf(openAlerts.length, 'open alert')}, ${countOf(newFindings.length, 'new finding')}${expiring}`,
  ).slice(0, 100);
  const digest = {
    kind: input.kind,
    from,
    to,
    openedAlerts,
    resolvedAlerts,
    openAlerts,
    newFindings,
    resolvedFindings,
    ...(cost ? { cost } : {}),
    expiringExceptions,
    empty,
    subject,
  };
  return {
    ...digest,
    text: renderDigest(digest, title, input.dashboardUrl, input.accountNames ?? new Map()),
  };
}

const scopeText = (scope: ExceptionScope) =>
  scope.kind === 'resource' ? `resource ${scope.resourceId}` : `tag ${scope.key}=${scope.value}`;
/** Reasons are typed by people: one line each, so a line break cannot forge digest lines. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A heading, up to SECTION_LIMIT items (each a line, and its link indented below it), then "and N more". */
function section<T>(
  heading: string,
  items: readonly T[],
  line: (item: T) => string,
  link?: (item: T) => string,
  moreLink?: string,
): string[] {
  if (items.length === 0) return [];
  const shown = items
    .slice(0, SECTION_LIMIT)
    .flatMap((item) => [`  - ${line(item)}`, ...(link ? [`    ${link(item)}`] : [])]);
  const more =
    items.length > SECTION_LIMIT
      ? [`  ... and ${formatCount(items.length - SECTION_LIMIT)} more${moreLink ? `: ${moreLink}` : ''}`]
      : [];
  return [`${heading} (${formatCount(items.length)})`, ...shown, ...more, ''];
}

/** `+$12.30 (+4.5%)` against the previous month's same days; no percentage when that month was $0. */
function costDelta(cost: NonNullable<Digest['cost']>): string {
  if (cost.deltaUsd === undefined || cost.previousMonthToDateUsd === undefined) return '';
  const percent =
    cost.previousMonthToDateUsd > 0
      ? `, ${formatPercentChange((cost.deltaUsd / cost.previousMonthToDateUsd) * 100)}`
      : '';
  return ` (${formatUsdChange(cost.deltaUsd)}${percent} against the same days last month)`;
}

function renderDigest(
  digest: Omit<Digest, 'text'>,
  title: string,
  dashboardUrl: string,
  accountNames: ReadonlyMap<string, string>,
): string {
  const account = (id: string) => {
    const name = accountNames.get(id);
    return name ? `account ${name} (${id})` : `account ${id}`;
  };
  const where = (item: { accountId: string; region: string }) => `${account(item.accountId)}, ${item.region}`;
  const alertLine = (a: Alert) =>
    `${a.severity.toUpperCase()} ${a.title} - ${a.resourceName}, ${where(a)}, since ${humanTime(a.since)}`;
  const findingLine = (f: Finding) =>
    `${f.severity.toUpperCase()} ${f.title} - ${f.resourceName ?? f.resourceId}, ${where(f)}` +
    (f.monthlySavingsUsd === undefined ? '' : `, saves ${formatUsd(f.monthlySavingsUsd)}/month`);
  // An alert and a finding are shown on their resource's page, beside its other alerts and findings.
  const onResource = (item: { resourceId: string }) => resourceLink(dashboardUrl, item.resourceId);
  const alerts = dashboardLink(dashboardUrl, 'alerts');
  const security = dashboardLink(dashboardUrl, 'security');
  const lines = [
    `HostMaster ${title.toLowerCase()}: ${humanTime(digest.from)} to ${humanTime(digest.to)}`,
    '',
    ...(digest.empty ? ['Nothing changed since the previous digest.', ''] : []),
    ...section('Open alerts', digest.openAlerts, alertLine, onResource, alerts),
    ...section('New alerts', digest.openedAlerts, alertLine, onResource, alerts),
    ...section(
      'Resolved alerts',
      digest.resolvedAlerts,
      (a) => `${a.title} - ${a.resourceName}, ${where(a)}, resolved ${humanTime(a.resolvedAt ?? digest.to)}`,
      onResource,
      alerts,
    ),
    ...section('New findings', digest.newFindings, findingLine, onResource, security),
    ...section('Resolved findings', digest.resolvedFindings, findingLine, onResource, security),
    ...(digest.cost
      ? [
          'Cost',
          `  Month to date${digest.cost.closedThrough ? ` (through ${digest.cost.closedThrough}, closed days only)` : ''}: ${formatUsd(digest.cost.monthToDateUsd)}${costDelta(digest.cost)}`,
          ...(digest.cost.forecastMonthUsd === undefined
            ? []
            : [`  Forecast for the month: ${formatUsd(digest.cost.forecastMonthUsd)}`]),
          `  ${dashboardLink(dashboardUrl, 'cost')}`,
          '',
        ]
      : []),
    ...section(
      `Exceptions expiring within ${EXCEPTION_REMINDER_DAYS} days`,
      digest.expiringExceptions,
      (e) =>
        `${e.ruleId} on ${scopeText(e.scope)} (${e.accountId === undefined ? 'every account' : account(e.accountId)}) expires ${humanTime(e.expiresAt)}: "${oneLine(e.reason)}", set by ${e.createdBy} on ${humanTime(e.createdAt)}`,
      (e) => (e.scope.kind === 'resource' ? resourceLink(dashboardUrl, e.scope.resourceId) : security),
    ),
    `Dashboard: ${dashboardLink(dashboardUrl, '')}`,
  ];
  return lines.join('\n');
}
