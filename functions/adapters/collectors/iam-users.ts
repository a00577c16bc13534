import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  paginateListUsers,
  type User,
} from '@aws-sdk/client-iam';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { UnexpectedResponseError } from './sdk-shared';

type UserResource = Extract<ResourceData, { type: 'iam:user' }>;
type AccessKey = UserResource['attributes']['accessKeys'][number];

/** Options of {@link createIamUsersCollector}. */
export interface IamUsersCollectorOptions {
  /**
   * Wait between GenerateCredentialReport calls while the report is being generated.
   * @default 2000
   */
  readonly pollIntervalMs?: number;
  /**
   * GenerateCredentialReport calls before giving up on a report that never completes.
   * @default 30
   */
  readonly maxAttempts?: number;
  /** How to wait (injectable so tests need not sleep). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** ListUsers accepts 1 to 1,000 items a page. */
const PAGE_SIZE = 1000;

/** The report's account row: it describes the root user, which is not an IAM user. */
export const ROOT_ACCOUNT_ROW = '<root_account>';

/** A credential report that was still being generated after every allowed attempt. */
export class CredentialReportTimeoutError extends Error {
  override readonly name = 'CredentialReportTimeoutError';
  constructor(readonly attempts: number) {
    super(`The IAM credential report was not complete after ${attempts} GenerateCredentialReport calls`);
  }
}

/**
 * IAM users of an account, from the IAM credential report: one generated report describes every
 * user's password, MFA and access keys, where the per-user APIs would cost five calls a user. The
 * `<root_account>` row is skipped: the root user is described by the `iam-account-summary` collector.
 *
 * IAM serves a report up to four hours old, so it is joined (by ARN) with ListUsers, one call per
 * 1,000 users: a user deleted since the report is not reported, and a user created since then is
 * reported once a later report includes it (its credentials are not known before). ListUsers also
 * gives the user id. Neither source has tags, so `tags` is `{}`.
 */
export function createIamUsersCollector(options: IamUsersCollectorOptions = {}): Collector {
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? 30;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    name: 'iam-users',
    resourceTypes: ['iam:user'],
    scope: 'global',
    async collect(clients) {
      const iam = clients.get(IAMClient);
      const [rows, users] = await Promise.all([readReport(iam), listUsers(iam)]);
      return rows.flatMap((row) => {
        const user = row.arn === undefined ? undefined : users.get(row.arn);
        return row.user === ROOT_ACCOUNT_ROW || !user ? [] : [toResource(row, user, clients.accountId)];
      });
    },
  };

  async function readReport(iam: IAMClient): Promise<Record<string, string>[]> {
    for (let attempt = 1; ; attempt++) {
      const generated = await iam.send(new GenerateCredentialReportCommand({}));
      if (generated.State === 'COMPLETE') break;
      if (attempt >= maxAttempts) throw new CredentialReportTimeoutError(attempt);
      await sleep(pollIntervalMs);
    }
    const report = await iam.send(new GetCredentialReportCommand({}));
    if (!report.Content) throw new UnexpectedResponseError('GetCredentialReport', 'no Content');
    return parseCredentialReport(new TextDecoder().decode(report.Content));
  }
}

/** Every user of the account by ARN. */
async function listUsers(iam: IAMClient): Promise<Map<string, User>> {
  const users = new Map<string, User>();
  for await (const page of paginateListUsers({ client: iam, pageSize: PAGE_SIZE }, {})) {
    for (const user of page.Users ?? []) if (user.Arn) users.set(user.Arn, user);
  }
  return users;
}

/** The IAM users collector with the default polling. */
export const iamUsersCollector: Collector = createIamUsersCollector();

/**
 * Parses the credential report CSV into rows keyed by its header (RFC 4180: quoted fields may hold
 * commas, which IAM user names allow).
 */
export function parseCredentialReport(csv: string): Record<string, string>[] {
  const records = parseCsv(csv);
  const header = records[0];
  if (!header) return [];
  for (const column of ['user', 'arn', 'user_creation_time']) {
    if (!header.includes(column)) {
      throw new UnexpectedResponseError('GetCredentialReport', `a report without the ${column} column`);
    }
  }
  return records
    .slice(1)
    .map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])));
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.length > 1 || r[0] !== '');
}

/** A report timestamp as ISO 8601, or undefined for `N/A`, `no_information`, `not_supported`. */
function reportDate(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function accessKey(row: Record<string, string>, slot: 1 | 2): AccessKey[] {
  // A slot that never held a key reports `N/A` as its rotation time.
  const lastRotated = reportDate(row[`access_key_${slot}_last_rotated`]);
  if (!lastRotated) return [];
  return [
    {
      id: String(slot),
      active: row[`access_key_${slot}_active`] === 'true',
      lastRotated,
      lastUsed: reportDate(row[`access_key_${slot}_last_used_date`]),
    },
  ];
}

function toResource(row: Record<string, string>, listed: User, accountId: string): UserResource {
  const user = row.user ?? '';
  const arn = row.arn ?? '';
  const createDate = reportDate(row.user_creation_time);
  if (!user || !arn || !createDate) {
    throw new UnexpectedResponseError(
      'GetCredentialReport',
      `a row without user, arn or creation time (${user})`,
    );
  }
  return {
    id: arn,
    accountId,
    region: 'global',
    type: 'iam:user',
    name: user,
    state: 'active',
    tags: {},
    attributes: {
      userId: listed.UserId,
      createDate,
      passwordEnabled: row.password_enabled === 'true',
      passwordLastUsed: reportDate(row.password_last_used),
      mfaActive: row.mfa_active === 'true',
      accessKeys: [...accessKey(row, 1), ...accessKey(row, 2)],
    },
  };
}
