/**
 * The one formatter of finding evidence: a human label for every key and its value with its unit
 * (`monthlyUsd: 313.9` → "Monthly cost" "$313.90"; `cpuP95Percent: 1.92` → "CPU p95" "1.9%";
 * `sizeGiB` "100 GiB"; `backupAgeHours` "1,520.9 hours"; `pricesAsOf` "1 Jun 2025"). Units come from
 * the rules' key conventions (`…Usd`, `…Percent`, `…GiB`, `…Hours`, `…Days`, `…Iops`,
 * `…BytesPerDay`), so a new rule that follows them is formatted without a change here.
 */
import { formatCount, formatDay, humanizeKey, isIsoDate } from '../format';

/** One evidence value ready to show. */
export type EvidenceValue =
  | { readonly kind: 'text'; readonly text: string; readonly numeric?: boolean; readonly code?: boolean }
  | { readonly kind: 'empty'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'date-time'; readonly iso: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'record'; readonly entries: readonly EvidenceEntry[] };

export interface EvidenceEntry {
  readonly key: string;
  readonly label: string;
  readonly value: EvidenceValue;
}

type Unit = (value: number) => string;

const decimals = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const upTo = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
const cents = decimals(2);
const oneDecimal = decimals(1);
const upToOne = upTo(1);
const centsToFour = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** `$313.90`; below a dollar up to four decimals, since unit prices ($0.0116 an hour) need them. */
export function formatEvidenceUsd(value: number): string {
  const abs = Math.abs(value);
  const subCent = abs < 1 && Math.abs(abs * 100 - Math.round(abs * 100)) > 1e-9;
  const text = subCent ? centsToFour.format(abs) : cents.format(abs);
  return `${value < 0 ? '-' : ''}$${text}`;
}

const percent: Unit = (v) => `${oneDecimal.format(v)}%`;
const hours: Unit = (v) => `${upToOne.format(v)} ${v === 1 ? 'hour' : 'hours'}`;
const days: Unit = (v) => `${upToOne.format(v)} ${v === 1 ? 'day' : 'days'}`;
const gib: Unit = (v) => `${upToOne.format(v)} GiB`;
const iops: Unit = (v) => `${formatCount(v)} IOPS`;

const BYTE_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
function bytes(value: number): string {
  let amount = value;
  let unit = 0;
  while (Math.abs(amount) >= 1024 && unit < BYTE_UNITS.length - 1) {
    amount /= 1024;
    unit++;
  }
  return `${unit === 0 ? formatCount(amount) : upToOne.format(amount)} ${BYTE_UNITS[unit]}`;
}

/** Words the generic humanizer would spell wrong in evidence. */
const WORDS: Record<string, string> = {
  cpu: 'CPU',
  rpo: 'RPO',
  gp2: 'gp2',
  gp3: 'gp3',
  io1: 'io1',
  io2: 'io2',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  gb: 'GB',
  mfa: 'MFA',
  iops: 'IOPS',
  id: 'ID',
  ids: 'IDs',
  vpc: 'VPC',
  ebs: 'EBS',
  db: 'DB',
  http: 'HTTP',
  iam: 'IAM',
  kms: 'KMS',
  az: 'AZ',
  ip: 'IP',
  imds: 'IMDS',
};

/** Keys whose meaning no suffix rule spells out. */
const LABELS: Record<string, string> = {
  days: 'Period observed',
  monthlyUsd: 'Monthly cost',
  hourlyUsd: 'Hourly price',
  multiAz: 'Multi-AZ',
  hoursOnPerWeek: 'Running per week',
  hoursOffPerMonth: 'Stopped per month',
  pricesAsOf: 'Prices as of',
  accountMFAEnabled: 'Root MFA enabled',
};

/** Keys measured in a unit their name does not end with. */
const UNIT_OF_KEY: Record<string, Unit> = {
  days: days,
  hoursOnPerWeek: hours,
  hoursOffPerMonth: hours,
};

function words(key: string): string {
  const parts = key.match(/[A-Z]?[a-z]+\d*|[A-Z]+\d*(?![a-z])|\d+/g) ?? [key];
  return parts
    .map((part, index) => {
      const mapped = WORDS[part.toLowerCase()];
      if (mapped) return mapped;
      const lower = part.toLowerCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

/** Suffix rules, most specific first: the label's tail and the value's unit. */
const SUFFIXES: readonly {
  readonly suffix: string;
  readonly label: (base: string) => string;
  readonly unit: Unit;
}[] = [
  { suffix: 'MonthlyUsd', label: (b) => `${words(b)} monthly cost`, unit: formatEvidenceUsd },
  { suffix: 'HourlyUsd', label: (b) => `${words(b)} hourly price`, unit: formatEvidenceUsd },
  { suffix: 'GbMonthUsd', label: (b) => `${words(b)} price per GB-month`, unit: formatEvidenceUsd },
  { suffix: 'IopsMonthUsd', label: (b) => `${words(b)} price per IOPS-month`, unit: formatEvidenceUsd },
  { suffix: 'Usd', label: (b) => words(b), unit: formatEvidenceUsd },
  { suffix: 'Percent', label: (b) => words(b), unit: percent },
  { suffix: 'BytesPerDay', label: (b) => `${words(b)} per day`, unit: bytes },
  { suffix: 'Bytes', label: (b) => words(b), unit: bytes },
  { suffix: 'GiB', label: (b) => words(b), unit: gib },
  { suffix: 'Hours', label: (b) => words(b), unit: hours },
  { suffix: 'Days', label: (b) => words(b), unit: days },
  { suffix: 'Iops', label: (b) => words(b), unit: iops },
];

/** CPU statistics are percentages even without the suffix (`businessHoursCpuAverage`). */
const CPU_STATISTIC = /Cpu(Average|Maximum|Minimum|P\d+)$/;

interface KeyFormat {
  readonly label: string;
  readonly unit?: Unit;
}

/** Numbers that are names, not quantities: a port is 3389, never 3,389. */
const PLAIN_NUMBER = /(^|[a-z])(port|Port|key|Key|number|Number)$/;
const plain: Unit = (v) => String(v);

function keyFormat(key: string): KeyFormat {
  const rule = SUFFIXES.find((r) => key.endsWith(r.suffix) && key.length > r.suffix.length);
  const label =
    LABELS[key] ??
    (rule
      ? rule.label(key.slice(0, -rule.suffix.length))
      : /[A-Z]/.test(key)
        ? words(key)
        : humanizeKey(key));
  const unit =
    UNIT_OF_KEY[key] ??
    rule?.unit ??
    (CPU_STATISTIC.test(key) ? percent : PLAIN_NUMBER.test(key) ? plain : undefined);
  return unit ? { label, unit } : { label };
}

/** The label a key is shown with (also the column title of a nested table). */
export function evidenceLabel(key: string): string {
  return keyFormat(key).label;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const CODE_LIKE = /^(arn:|[a-z]{1,10}-[0-9a-f]{3,}$|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$)/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as one line of text, for list items and table cells. */
export function evidenceText(key: string, value: unknown): string {
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${evidenceLabel(k)}: ${evidenceText(k, v)}`)
      .join('; ');
  }
  if (Array.isArray(value))
    return value.length === 0 ? 'None' : value.map((item) => evidenceText(key, item)).join(', ');
  const shown = formatEvidenceValue(key, value);
  switch (shown.kind) {
    case 'text':
    case 'empty':
      return shown.text;
    case 'boolean':
      return shown.value ? 'Yes' : 'No';
    case 'date-time':
      return formatDay(shown.iso.slice(0, 10), { long: true });
    default:
      return String(value);
  }
}

export function formatEvidenceValue(key: string, value: unknown): EvidenceValue {
  if (value === null || value === undefined) return { kind: 'empty', text: 'None' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') {
    const { unit } = keyFormat(key);
    return { kind: 'text', text: unit ? unit(value) : formatCount(value), numeric: true };
  }
  if (typeof value === 'string') {
    if (value === '') return { kind: 'empty', text: 'Empty' };
    if (isIsoDate(value)) return { kind: 'date-time', iso: value };
    if (DATE_ONLY.test(value)) return { kind: 'text', text: formatDay(value, { long: true }) };
    return CODE_LIKE.test(value) ? { kind: 'text', text: value, code: true } : { kind: 'text', text: value };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'empty', text: 'None' };
    if (value.every(isRecord)) {
      const columns: string[] = [];
      for (const row of value)
        for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
      return {
        kind: 'table',
        columns: columns.map(evidenceLabel),
        rows: value.map((row) =>
          columns.map((column) => (column in row ? evidenceText(column, row[column]) : '—')),
        ),
      };
    }
    return { kind: 'list', items: value.map((item) => evidenceText(key, item)) };
  }
  if (isRecord(value)) {
    const entries = formatEvidence(value);
    return entries.length === 0 ? { kind: 'empty', text: 'None' } : { kind: 'record', entries };
  }
  return { kind: 'text', text: String(value) };
}

/** Evidence keys shown first: how the verdict was reached before what was observed and priced. */
const LEADING = ['method', 'basis', 'thresholds', 'threshold'];
const rank = (key: string) => {
  const index = LEADING.indexOf(key);
  return index === -1 ? LEADING.length : index;
};

/** A finding's evidence, method and thresholds first, each entry labelled and formatted. */
export function formatEvidence(evidence: Readonly<Record<string, unknown>>): EvidenceEntry[] {
  return Object.entries(evidence)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => ({ key, label: evidenceLabel(key), value: formatEvidenceValue(key, value) }));
}
