/**
 * IAM (awsQuery, 2010-05-08, global): ListUsers, the credential report and the account summary, for
 * the `iam-users` and `iam-account-summary` collectors. Users are the fleet's `iam:user` resources (native
 * id: the user name, region `global`); the root user is described by the account's one
 * `iam:account-summary` resource, which also feeds the report's `<root_account>` row.
 *
 * The report is generated as IAM generates it: the first GenerateCredentialReport answers `STARTED`
 * (GetCredentialReport then answers `ReportInProgress`), later ones `COMPLETE` until the report is four
 * hours old. Its CSV has IAM's 22 columns in IAM's
 * order, with timestamps to the second (`2024-01-02T03:04:05+00:00`), as the real report has.
 *
 * Simplifications: users have path `/`; a user without `attributes.userId` gets one derived from its
 * name; an account without an `iam:account-summary` resource has a
 * root user without MFA and without access keys (the default of a new account).
 */
import { createHash } from 'node:crypto';
import type { FleetResourceOf } from '../fleet';
import {
  type SandboxContext,
  SandboxError,
  type SandboxService,
  toXml,
  xmlList,
  xmlResult,
} from '../service';

type User = FleetResourceOf<'iam:user'>;
type AccessKey = User['attributes']['accessKeys'][number];

/** A generated report stays current for four hours. */
const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;
/** When the sandbox's root users were created: the report needs a date, nothing reads it. */
const ROOT_CREATED = '2020-01-01T00:00:00+00:00';

/** IAM's credential report columns, in IAM's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

type Row = Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>;

/** `arn:aws:iam::<account>:user/<name>` */
export function iamUserArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:user/${name}`;
}

/** The user's id: the fleet's, or a stable `AIDA...` derived from account and name. */
function userIdOf(user: User, accountId: string): string {
  return (
    user.attributes.userId ??
    `AIDA${createHash('sha256').update(`${accountId}|${user.id}`).digest('hex').slice(0, 17).toUpperCase()}`
  );
}

/** The report's timestamp format: ISO 8601 to the second with an explicit `+00:00`. */
function reportTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

function keyColumns(key: AccessKey | undefined): [string, string, string, string, string] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed === undefined;
  return [
    String(key.active),
    reportTime(key.lastRotated),
    used ? 'N/A' : reportTime(key.lastUsed ?? ''),
    used ? 'N/A' : 'us-east-1',
    used ? 'N/A' : 'sts',
  ];
}

function userRow(user: User, accountId: string): Row {
  const a = user.attributes;
  const slot = (n: 1 | 2) =>
    a.accessKeys.find((k, i) => k.id === String(n) || (k.id !== '1' && k.id !== '2' && i === n - 1));
  const [k1Active, k1Rotated, k1Used, k1Region, k1Service] = keyColumns(slot(1));
  const [k2Active, k2Rotated, k2Used, k2Region, k2Service] = keyColumns(slot(2));
  return {
    user: user.id,
    arn: iamUserArn(accountId, user.id),
    user_creation_time: reportTime(a.createDate),
    password_enabled: String(a.passwordEnabled),
    password_last_used: !a.passwordEnabled
      ? 'N/A'
      : a.passwordLastUsed
        ? reportTime(a.passwordLastUsed)
        : 'no_information',
    password_last_changed: a.passwordEnabled ? reportTime(a.createDate) : 'N/A',
    password_next_rotation: 'N/A',
    mfa_active: String(a.mfaActive),
    access_key_1_active: k1Active,
    access_key_1_last_rotated: k1Rotated,
    access_key_1_last_used_date: k1Used,
    access_key_1_last_used_region: k1Region,
    access_key_1_last_used_service: k1Service,
    access_key_2_active: k2Active,
    access_key_2_last_rotated: k2Rotated,
    access_key_2_last_used_date: k2Used,
    access_key_2_last_used_region: k2Region,
    access_key_2_last_used_service: k2Service,
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
}

function rootSummary(context: SandboxContext): { mfa: boolean; keys: boolean } {
  const summary = context.resources('iam:account-summary')[0];
  return {
    mfa: summary?.attributes.rootMfaEnabled ?? false,
    keys: summary?.attributes.rootAccessKeysPresent ?? false,
  };
}

function rootRow(context: SandboxContext): Row {
  const { mfa, keys } = rootSummary(context);
  return {
    user: '<root_account>',
    arn: `arn:aws:iam::${context.account.id}:root`,
    user_creation_time: ROOT_CREATED,
    password_enabled: 'not_supported',
    password_last_used: 'no_information',
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: String(mfa),
    access_key_1_active: String(keys),
    access_key_1_last_rotated: keys ? ROOT_CREATED : 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The credential report of the calling account as IAM renders it (CSV, `\n` line ends, no trailing one). */
export function credentialReportCsv(context: SandboxContext): string {
  const rows = [
    rootRow(context),
    ...context.resources('iam:user').map((u) => userRow(u, context.account.id)),
  ];
  return [
    CREDENTIAL_REPORT_COLUMNS.join(','),
    ...rows.map((row) => CREDENTIAL_REPORT_COLUMNS.map((c) => csvField(row[c])).join(',')),
  ].join('\n');
}

/** Each account's credential report: when its generation started, and whether a later call saw it done. */
interface ReportState {
  readonly startedAt: Date;
  complete: boolean;
}

function reports(context: SandboxContext): Map<string, ReportState> {
  return context.shared('iam:credential-reports', () => new Map<string, ReportState>());
}

export const iamService: SandboxService = {
  name: 'iam',
  signingName: 'iam',
  protocol: 'awsQuery',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  global: true,
  actions: {
    ListUsers: (request, context) => {
      const prefix = request.params.get('PathPrefix') ?? '/';
      const users = prefix === '/' ? context.resources('iam:user') : [];
      const page = context.page(users, {
        action: 'ListUsers',
        maxResults: request.params.int('MaxItems'),
        nextToken: request.params.get('Marker'),
        min: 1,
        max: 1000,
        defaultSize: 100,
        rangeError: (value) =>
          new SandboxError(
            400,
            'ValidationError',
            `1 validation error detected: Value '${value}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
          ),
        tokenError: () => new SandboxError(400, 'ValidationError', 'Invalid Marker'),
      });
      return xmlResult(
        toXml({
          Users: xmlList(
            'member',
            page.items.map((u) => ({
              Path: '/',
              UserName: u.id,
              UserId: userIdOf(u, context.account.id),
              Arn: iamUserArn(context.account.id, u.id),
              CreateDate: u.attributes.createDate,
              PasswordLastUsed: u.attributes.passwordLastUsed,
            })),
          ),
          IsTruncated: page.nextToken !== undefined,
          Marker: page.nextToken,
        }),
      );
    },
    GenerateCredentialReport: (_request, context) => {
      const report = reports(context).get(context.account.id);
      const now = context.now();
      if (report === undefined || now.getTime() - report.startedAt.getTime() > REPORT_LIFETIME_MS) {
        reports(context).set(context.account.id, { startedAt: now, complete: false });
        return xmlResult(
          toXml({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' }),
        );
      }
      report.complete = true;
      return xmlResult(toXml({ State: 'COMPLETE' }));
    },
    GetCredentialReport: (_request, context) => {
      const report = reports(context).get(context.account.id);
      if (report === undefined) {
        throw new SandboxError(
          410,
          'ReportNotPresent',
          'Credential report not present. Generate a report first.',
        );
      }
      if (!report.complete) {
        throw new SandboxError(
          404,
          'ReportInProgress',
          'Credential report is being generated. Try again later.',
        );
      }
      if (context.now().getTime() - report.startedAt.getTime() > REPORT_LIFETIME_MS) {
        throw new SandboxError(
          410,
          'ReportExpired',
          'The credential report has expired. Generate a new report.',
        );
      }
      return xmlResult(
        toXml({
          Content: Buffer.from(credentialReportCsv(context), 'utf8').toString('base64'),
          ReportFormat: 'text/csv',
          GeneratedTime: report.startedAt,
        }),
      );
    },
    GetAccountSummary: (_request, context) => {
      const { mfa, keys } = rootSummary(context);
      const summary: Record<string, number> = {
        AccountMFAEnabled: mfa ? 1 : 0,
        AccountAccessKeysPresent: keys ? 1 : 0,
        AccountSigningCertificatesPresent: 0,
        Users: context.resources('iam:user').length,
        UsersQuota: 5000,
        MFADevicesInUse:
          context.resources('iam:user').filter((u) => u.attributes.mfaActive).length + (mfa ? 1 : 0),
        AccessKeysPerUserQuota: 2,
      };
      return xmlResult(
        toXml({
          SummaryMap: xmlList(
            'entry',
            Object.entries(summary).map(([key, value]) => ({ key, value })),
          ),
        }),
      );
    },
  },
};
