/** Display formatting. Functions that depend on the time take `now` so they are testable. */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** `23 Nov 2026, 14:05:09 UTC` in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`, or `in 4 min` for the future. */
export function formatRelative(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  let text: string;
  if (s < 45) return 'just now';
  if (s < 3600) text = `${Math.max(1, Math.round(s / 60))} min`;
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else if (s < 86_400 * 60) text = `${Math.round(s / 86_400)} d`;
  else if (s < 86_400 * 730) text = `${Math.round(s / (86_400 * 30))} mo`;
  else text = `${Math.round(s / (86_400 * 365))} y`;
  return future ? `in ${text}` : `${text} ago`;
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const integer = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return integer.format(value);
}

/** `1 resource`, `2,400 resources`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Words that read better in capitals or with a unit than as split camelCase. */
const WORDS: Record<string, string> = {
  id: 'ID',
  ids: 'IDs',
  arn: 'ARN',
  arns: 'ARNs',
  ip: 'IP',
  ips: 'IPs',
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  iops: 'IOPS',
  imds: 'IMDS',
  iam: 'IAM',
  az: 'AZ',
  dns: 'DNS',
  vpc: 'VPC',
  kms: 'KMS',
  mfa: 'MFA',
  sse: 'SSE',
  acls: 'ACLs',
  db: 'DB',
  dbi: 'DBI',
  s3: 'S3',
  ebs: 'EBS',
  sg: 'SG',
};

const UNITS: readonly (readonly [string, string])[] = [
  ['GiB', 'GiB'],
  ['MiBps', 'MiB/s'],
  ['Ms', 'ms'],
];

/** Keys whose spelling no word rule produces. */
const KEYS: Record<string, string> = { imdsV2Required: 'IMDSv2 required' };

/** `iamInstanceProfileArn` → `IAM instance profile ARN`; `sizeGiB` → `Size (GiB)`. */
export function humanizeKey(key: string): string {
  const special = KEYS[key];
  if (special) return special;
  let base = key;
  let unit = '';
  for (const [suffix, label] of UNITS) {
    if (base.endsWith(suffix) && base.length > suffix.length) {
      base = base.slice(0, -suffix.length);
      unit = ` (${label})`;
      break;
    }
  }
  const words = base.match(/[A-Z]?[a-z]+\d*|[A-Z]+\d*(?![a-z])|\d+/g) ?? [base];
  const text = words
    .map((word, index) => {
      const lower = word.toLowerCase();
      const mapped = WORDS[lower];
      if (mapped) return mapped;
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
  return text + unit;
}

const usdWhole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const usdCents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$1,234.56`; `whole` drops the cents (`$1,235`) for headline figures. */
export function formatUsd(value: number, options: { readonly whole?: boolean } = {}): string {
  // Negative zero (a rounded tiny credit) would print as `-$0.00`.
  const amount = Object.is(value, -0) ? 0 : value;
  return (options.whole ? usdWhole : usdCents).format(amount);
}

/** `$1.2k`, `$340`, `$2.5M`: chart axis labels. */
export function formatUsdShort(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `$${trimZero((value / 1_000_000).toFixed(1))}M`;
  if (abs >= 10_000) return `$${Math.round(value / 1000)}k`;
  if (abs >= 1000) return `$${trimZero((value / 1000).toFixed(1))}k`;
  if (abs >= 10 || value === 0) return `$${Math.round(value)}`;
  return `$${trimZero(value.toFixed(2))}`;
}

function trimZero(text: string): string {
  return text.replace(/\.0+$/, '');
}

/** `+12.3%`, `-4.0%`; signed, for changes. */
export function formatChange(percent: number): string {
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${Math.abs(percent).toFixed(1)}%`;
}

/** A 0..1 ratio as `83%`. */
export function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** `2026-11-23` → `23 Nov`; `long` adds the year. */
export function formatDay(day: string, options: { readonly long?: boolean } = {}): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) return day;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(options.long ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(time);
}
