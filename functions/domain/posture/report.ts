/**
 * Posture reports for people and spreadsheets: the same rows as a JSON document and as CSV
 * (RFC 4180), each with what to do about it when the finding carries its rule's remediation. Pure formatting; the API, the CLI and the dashboard choose what to feed in.
 */
import { compareSeverity, type Finding, type Severity, zeroPerSeverity } from '../model';
import type { WithRemediation } from '../rules/support/remediation-advice';
import type { FrameworkScore } from './score';

export interface PostureReportOptions {
  /** Report on one account only. @default every account in `findings` */
  readonly accountId?: string;
  /** Timestamp printed in the JSON report (the caller's clock). @default omitted */
  readonly generatedAt?: string;
  /** Include resolved findings. @default false */
  readonly includeResolved?: boolean;
}

export interface PostureReportRow {
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly resourceType: string;
  readonly resourceName?: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Finding['status'];
  /** `framework:control`, e.g. `cis-aws-foundations-3.0.0:5.2`. */
  readonly references: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly evidenceSummary: string;
  /** What to do about it: the rule's remediation advice. */
  readonly remediation?: string;
  readonly suppression?: Finding['suppression'];
}

export interface PostureReportJson {
  readonly accountId?: string;
  readonly generatedAt?: string;
  readonly summary: {
    readonly findings: number;
    readonly open: number;
    readonly suppressed: number;
    readonly resolved: number;
    /** Open findings per severity. */
    readonly openBySeverity: Readonly<Record<Severity, number>>;
  };
  readonly scores: readonly FrameworkScore[];
  readonly findings: readonly PostureReportRow[];
}

export interface PostureReport {
  readonly json: PostureReportJson;
  readonly csv: string;
}

export const CSV_COLUMNS = [
  'account',
  'region',
  'resource id',
  'resource type',
  'rule id',
  'title',
  'severity',
  'status',
  'framework references',
  'first seen',
  'evidence summary',
  'remediation',
] as const;

const STATUS_ORDER: readonly Finding['status'][] = ['open', 'suppressed', 'resolved'];

/** Builds the JSON and CSV forms of a posture report; rows sorted by status, severity, account, resource. */
export function postureReport(
  findings: readonly WithRemediation<Finding>[],
  scores: readonly FrameworkScore[],
  options: PostureReportOptions = {},
): PostureReport {
  const { accountId, generatedAt, includeResolved = false } = options;
  const selected = findings.filter(
    (f) =>
      (accountId === undefined || f.accountId === accountId) && (includeResolved || f.status !== 'resolved'),
  );
  const rows = [...selected].sort(compareFindings).map(toRow);
  const openBySeverity = zeroPerSeverity();
  for (const f of selected) if (f.status === 'open') openBySeverity[f.severity]++;
  const count = (status: Finding['status']) => selected.filter((f) => f.status === status).length;
  const json: PostureReportJson = {
    ...(accountId === undefined ? {} : { accountId }),
    ...(generatedAt === undefined ? {} : { generatedAt }),
    summary: {
      findings: selected.length,
      open: count('open'),
      suppressed: count('suppressed'),
      resolved: count('resolved'),
      openBySeverity,
    },
    scores:
      accountId === undefined
        ? scores
        : scores.filter((s) => s.accountId === undefined || s.accountId === accountId),
    findings: rows,
  };
  return { json, csv: toCsv(rows) };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    compareSeverity(a.severity, b.severity) ||
    a.accountId.localeCompare(b.accountId) ||
    a.resourceId.localeCompare(b.resourceId) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

function toRow(f: WithRemediation<Finding>): PostureReportRow {
  return {
    accountId: f.accountId,
    region: f.region,
    resourceId: f.resourceId,
    resourceType: f.resourceType,
    ...(f.resourceName === undefined ? {} : { resourceName: f.resourceName }),
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    status: f.status,
    references: f.references.map((r) => `${r.framework}:${r.control}`),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    evidence: f.evidence,
    evidenceSummary: summarizeEvidence(f.evidence),
    ...(f.remediation === undefined ? {} : { remediation: f.remediation }),
    ...(f.suppression === undefined ? {} : { suppression: f.suppression }),
  };
}

/** One line of evidence for a table cell: `key: value; key: value`, nested values flattened. */
export function summarizeEvidence(evidence: Readonly<Record<string, unknown>>): string {
  return Object.entries(evidence)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${formatValue(value)}`)
    .join('; ');
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`);
    return `(${parts.join(' ')})`;
  }
  return String(value);
}

/** RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break quoted and quotes doubled. */
export function toCsv(rows: readonly PostureReportRow[]): string {
  const lines = [
    CSV_COLUMNS.map(csvField).join(','),
    ...rows.map((r) =>
      [
        r.accountId,
        r.region,
        r.resourceId,
        r.resourceType,
        r.ruleId,
        r.title,
        r.severity,
        r.status,
        r.references.join(' '),
        r.firstSeen,
        r.evidenceSummary,
        r.remediation ?? '',
      ]
        .map(csvField)
        .join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One CSV field. Text a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or CR)
 * gets a leading apostrophe: resource names and tags come from the audited accounts, not from us.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
