/**
 * The environment each Lambda expects, written down once. `lib/` sets these names when it builds a
 * function; handlers read them with `readEnvironment`, which fails fast naming what is missing.
 */

/** Shared by every function that touches storage. */
export interface StorageEnvironment {
  /** The single HostMaster table (pk/sk, GSI `gsi1`, TTL attribute `expiresAt`). */
  readonly TABLE_NAME: string;
}

export interface ScanEnvironment extends StorageEnvironment {
  /** Name of the read-only role HostMasterMemberStack creates in every member account. */
  readonly MEMBER_ROLE_NAME: string;
  /** ExternalId the member role requires in AssumeRole. */
  readonly EXTERNAL_ID: string;
  /** `organizations` to list accounts from AWS Organizations, or `registered` for MEMBER_ACCOUNTS. */
  readonly ACCOUNT_SOURCE: string;
  /**
   * Comma-separated 12-digit account ids, each optionally `id:name` (the name shown beside the id),
   * used when ACCOUNT_SOURCE is `registered`.
   */
  readonly MEMBER_ACCOUNTS: string;
  /** Comma-separated region allow list; empty means every enabled region. */
  readonly REGIONS_ALLOW: string;
  /** Comma-separated region deny list. */
  readonly REGIONS_DENY: string;
  /**
   * Account whose member role lists the organization's accounts (the management account or a
   * delegated administrator), used when ACCOUNT_SOURCE is `organizations`. Optional.
   * @default '' (the hub's own credentials call Organizations)
   */
  readonly MANAGEMENT_ACCOUNT_ID?: string;
}

/** The scheduler's tick functions (issue 12). */
export interface ScheduleEnvironment extends StorageEnvironment {
  /** The member remediation role schedules act through (issue 11). */
  readonly REMEDIATION_ROLE_NAME: string;
  /** The ExternalId that role requires. */
  readonly REMEDIATION_EXTERNAL_ID: string;
  /** Comma-separated accounts opted in as a whole; elsewhere only `hostmaster:remediation=allow` resources. */
  readonly OPTED_IN_ACCOUNTS: string;
}

/**
 * The deployment's configuration, as `GET /settings` shows it to administrators. lib/ sets every
 * variable from the CDK context (lib/config.ts); the local runtime sets the values it runs with.
 * Lists are comma-separated; an empty string means none.
 */
export interface SettingsEnvironment {
  /** `organizations` or `registered`, as for the scan. */
  readonly ACCOUNT_SOURCE: string;
  /** Registered member account ids. */
  readonly MEMBER_ACCOUNTS: string;
  /** Organizational units the hub's member StackSet deploys to. */
  readonly MEMBER_ORGANIZATIONAL_UNITS: string;
  /** Regions of the member StackSet, the first holding the account-wide scan role. */
  readonly MEMBER_REGIONS: string;
  /** The management (payer) account read through its member role; empty when the hub's own credentials are used. */
  readonly MANAGEMENT_ACCOUNT_ID: string;
  readonly REGIONS_ALLOW: string;
  readonly REGIONS_DENY: string;
  /** Schedule expression of the scan. */
  readonly SCAN_RATE: string;
  /** How many (account, region) jobs run at once, an integer. */
  readonly SCAN_CONCURRENCY: string;
  /** Schedule expression of the Cost Explorer refresh. */
  readonly COST_REFRESH_RATE: string;
  /** Cost allocation tag keys costs are broken down by. */
  readonly COST_TAG_KEYS: string;
  readonly DAILY_DIGEST_SCHEDULE: string;
  readonly WEEKLY_DIGEST_SCHEDULE: string;
  /** IANA time zone the digest schedules are read in. */
  readonly DIGEST_TIME_ZONE: string;
  /** As in AlertEnvironment. @default none */
  readonly ALERT_QUIET_HOURS?: string;
  /** As in AlertEnvironment. @default '1' */
  readonly SMS_MONTHLY_BUDGET_USD?: string;
}

/** The required variables of SettingsEnvironment. */
export const SETTINGS_ENVIRONMENT_NAMES = [
  'ACCOUNT_SOURCE',
  'MEMBER_ACCOUNTS',
  'MEMBER_ORGANIZATIONAL_UNITS',
  'MEMBER_REGIONS',
  'MANAGEMENT_ACCOUNT_ID',
  'REGIONS_ALLOW',
  'REGIONS_DENY',
  'SCAN_RATE',
  'SCAN_CONCURRENCY',
  'COST_REFRESH_RATE',
  'COST_TAG_KEYS',
  'DAILY_DIGEST_SCHEDULE',
  'WEEKLY_DIGEST_SCHEDULE',
  'DIGEST_TIME_ZONE',
] as const satisfies readonly (keyof SettingsEnvironment)[];

/** The plan function, which also writes the scan's jobs for the Distributed Map to read. */
export interface ScanPlanEnvironment extends ScanEnvironment {
  /** Bucket of scan work objects: the plan's jobs (`scans/<scanId>/jobs.jsonl`) and Map Run results. */
  readonly SCAN_BUCKET_NAME: string;
}

export interface ApiEnvironment extends StorageEnvironment, SettingsEnvironment {
  readonly USER_POOL_ID: string;
  /** ARN of the scan state machine that `POST /scans` starts. */
  readonly SCAN_STATE_MACHINE_ARN: string;
  /** ARN of the remediation state machine that `POST /remediations` starts and approvals release. */
  readonly REMEDIATION_STATE_MACHINE_ARN: string;
  /** The KMS HMAC key emailed approval links are verified with (kms:VerifyMac only). */
  readonly APPROVAL_LINK_KEY_ID: string;
  /** As in RemediationEnvironment: the preview's pre-flight reads it. */
  readonly OPTED_IN_ACCOUNTS: string;
}

/** The remediation workflow's step function (functions/handlers/remediation-step.ts). */
export interface RemediationEnvironment extends StorageEnvironment {
  /** ExternalId the member remediation role requires (not the scan role's). */
  readonly REMEDIATION_EXTERNAL_ID: string;
  /** Alerts email topic: remediation news goes there. */
  readonly EMAIL_TOPIC_ARN: string;
  /** Base URL of the dashboard, for links in messages. */
  readonly DASHBOARD_URL: string;
  /** The KMS HMAC key the approval email's link is signed with (kms:GenerateMac only). */
  readonly APPROVAL_LINK_KEY_ID: string;
  /** Comma-separated accounts opted in as a whole: account-level settings may be changed only there. */
  readonly OPTED_IN_ACCOUNTS: string;
  /**
   * Attempts per member-account call, throttling and 5xx retried with backoff (the SDK's own variable
   * name). The local tests of throttled calls lower it. @default '8'
   */
  readonly AWS_MAX_ATTEMPTS?: string;
}

export interface AlertEnvironment extends StorageEnvironment {
  readonly ALERT_TOPIC_ARN: string;
  /** Base URL of the dashboard, for links in messages. */
  readonly DASHBOARD_URL: string;
  /** SNS topic whose subscribers receive alert emails and digests. */
  readonly EMAIL_TOPIC_ARN: string;
  /** SNS topic whose subscribers receive alert SMS (critical alerts only). */
  readonly SMS_TOPIC_ARN: string;
  /** Quiet hours for non-critical notices, `HH:MM-HH:MM[ <IANA zone>]`, e.g. `22:00-07:00 Europe/Paris`. @default none */
  readonly ALERT_QUIET_HOURS?: string;
  /** Monthly SMS spend HostMaster stays under, in USD (AWS's default account limit is 1). @default '1' */
  readonly SMS_MONTHLY_BUDGET_USD?: string;
  /** Price of one SMS to the recipients' country, in USD. @default '0.00645' */
  readonly SMS_PRICE_USD?: string;
  /** SMS rate limits, `<per resource per hour>/<per hour>`. @default '2/10' */
  readonly ALERT_SMS_LIMITS?: string;
  /** Email rate limits, `<per resource per hour>/<per hour>`. @default '4/60' */
  readonly ALERT_EMAIL_LIMITS?: string;
}

/** Where the analyzer and the cost API read prices. */
export interface PricingEnvironment {
  /**
   * `price-list` reads the AWS Price List API (`pricing:GetProducts`, us-east-1); `static` the price
   * table shipped with HostMaster (local runs, tests). @default 'price-list'
   */
  readonly PRICE_SOURCE?: string;
}

/** The Analyze step (after each scan and each utilization refresh). */
export interface AnalysisEnvironment extends StorageEnvironment, PricingEnvironment {}

/** The scheduled cost refresh, which reads Cost Explorer in the payer account. */
export interface CostRefreshEnvironment extends StorageEnvironment {
  /** Role HostMaster assumes in the payer account (the member role, with `ce:Get*` there). */
  readonly MEMBER_ROLE_NAME: string;
  readonly EXTERNAL_ID: string;
  /** The payer (management) account; empty when the hub itself is the payer. */
  readonly MANAGEMENT_ACCOUNT_ID: string;
  /** Comma-separated activated cost allocation tag keys, one region × tag series each. @default '' */
  readonly COST_TAG_KEYS: string;
  /** Whole months of history to hold before the current one. @default '3' */
  readonly COST_HISTORY_MONTHS?: string;
}

/** The daily utilization refresh (CloudWatch GetMetricData in every member account), then Analyze. */
export interface UtilizationRefreshEnvironment extends AnalysisEnvironment {
  readonly MEMBER_ROLE_NAME: string;
  readonly EXTERNAL_ID: string;
}

/** Reads the named variables; throws one error naming every missing one. Empty strings are allowed. */
export function readEnvironment<T extends object>(
  names: readonly (keyof T & string)[],
  source: NodeJS.ProcessEnv = process.env,
): T {
  const missing = names.filter((name) => source[name] === undefined);
  if (missing.length > 0) {
    throw new Error(`Missing environment variable(s): ${missing.join(', ')}`);
  }
  return Object.fromEntries(names.map((name) => [name, source[name]])) as T;
}
