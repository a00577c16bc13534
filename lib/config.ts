/**
 * Deployment settings, read once from CDK context (cdk.json or `-c key=value`) and validated at synth
 * time, so a typo fails `cdk synth` with a message naming the key instead of failing a deployment.
 */
import type { Construct } from 'constructs';
import { REMEDIATION_EXTERNAL_ID_CONTEXT } from '../functions/shared/contract/remediation';

/** Context keys, in one place so cdk.json, the stacks and the tests agree. */
export const CONTEXT = {
  scanRate: 'hostmaster:scanRate',
  scanConcurrency: 'hostmaster:scanConcurrency',
  scanToleratedFailurePercentage: 'hostmaster:scanToleratedFailurePercentage',
  scanChildExecutions: 'hostmaster:scanChildExecutions',
  alertEmails: 'hostmaster:alertEmails',
  alertPhoneNumbers: 'hostmaster:alertPhoneNumbers',
  memberAccounts: 'hostmaster:memberAccounts',
  organizationId: 'hostmaster:organizationId',
  accountSource: 'hostmaster:accountSource',
  regionsAllow: 'hostmaster:regionsAllow',
  regionsDeny: 'hostmaster:regionsDeny',
  externalId: 'hostmaster:externalId',
  hubAccountId: 'hostmaster:hubAccountId',
  hubRegion: 'hostmaster:hubRegion',
  memberRoleName: 'hostmaster:memberRoleName',
  hubScanRoleName: 'hostmaster:hubScanRoleName',
  eventBusName: 'hostmaster:eventBusName',
  threatProtection: 'hostmaster:threatProtection',
  managementAccountId: 'hostmaster:managementAccountId',
  priceSource: 'hostmaster:priceSource',
  costRefreshRate: 'hostmaster:costRefreshRate',
  costTagKeys: 'hostmaster:costTagKeys',
  costHistoryMonths: 'hostmaster:costHistoryMonths',
  utilizationRefreshRate: 'hostmaster:utilizationRefreshRate',
  healthCheckRate: 'hostmaster:healthCheckRate',
  dailyDigestSchedule: 'hostmaster:dailyDigestSchedule',
  weeklyDigestSchedule: 'hostmaster:weeklyDigestSchedule',
  digestTimeZone: 'hostmaster:digestTimeZone',
  alertQuietHours: 'hostmaster:alertQuietHours',
  smsMonthlyBudgetUsd: 'hostmaster:smsMonthlyBudgetUsd',
  adminEmail: 'hostmaster:adminEmail',
  memberOrganizationalUnits: 'hostmaster:memberOrganizationalUnits',
  memberRegions: 'hostmaster:memberRegions',
  local: 'hostmaster:local',
  scheduleRate: 'hostmaster:scheduleRate',
  scheduleConcurrency: 'hostmaster:scheduleConcurrency',
  remediationRoleName: 'hostmaster:remediationRoleName',
  remediationExternalId: REMEDIATION_EXTERNAL_ID_CONTEXT,
  remediationAccounts: 'hostmaster:remediationAccounts',
  remediationConcurrency: 'hostmaster:remediationConcurrency',
  remediationApprovalTimeoutHours: 'hostmaster:remediationApprovalTimeoutHours',
} as const;

/**
 * The ExternalId shipped in cdk.json so that the local runtime and a first `npm start` work. It is
 * public, so a deployment must replace it: member roles trusting it would trust anyone who copied it.
 */
export const SHIPPED_EXTERNAL_ID = 'hostmaster-local-external-id';

/** Names both stacks must agree on; the member stack builds ARNs in the hub account from them. */
export const DEFAULT_NAMES = {
  memberRoleName: 'HostMasterScanRole',
  hubScanRoleName: 'HostMasterHubScanRole',
  eventBusName: 'hostmaster-member-events',
} as const;

/** Thrown at synth time when a context value is missing or malformed. */
export class ConfigurationError extends Error {
  constructor(key: string, problem: string) {
    super(`CDK context "${key}": ${problem}`);
    this.name = 'ConfigurationError';
  }
}

export interface ScanConfig {
  /** EventBridge Scheduler expression, `rate(...)` or `cron(...)`. */
  readonly rate: string;
  /** Distributed Map MaxConcurrency: how many (account, region) jobs run at once (at most 10,000). */
  readonly concurrency: number;
  /**
   * Distributed Map ToleratedFailurePercentage: the share of child executions that may fail (after a
   * job's own retries and dead-letter Catch) before the Map Run, and so the scan, fails.
   */
  readonly toleratedFailurePercentage: number;
  /**
   * Type of the Distributed Map's child executions, one per job. `EXPRESS` (the default) costs per
   * request and duration instead of per state transition (about 40 times cheaper for 17,000 jobs) but
   * lasts at most 5 minutes, so the worker's timeout is cut to fit three attempts in that; `STANDARD`
   * keeps the 10-minute worker for (account, region) scopes too large to scan in 90 seconds.
   */
  readonly childExecutions: 'EXPRESS' | 'STANDARD';
  /** `organizations` or `registered` (see ScanEnvironment.ACCOUNT_SOURCE). */
  readonly accountSource: 'organizations' | 'registered';
  readonly memberAccounts: readonly string[];
  readonly regionsAllow: readonly string[];
  readonly regionsDeny: readonly string[];
  /** Account whose member role lists the organization's accounts; unset means the hub's own credentials. */
  readonly managementAccountId?: string;
}

export interface CrossAccountConfig {
  /** Name of the read-only role in every member account. */
  readonly memberRoleName: string;
  /** Fixed name of the hub's scanning role, the only principal member roles trust. */
  readonly hubScanRoleName: string;
  /** ExternalId the member role requires. */
  readonly externalId: string;
  /** Name of the hub event bus that members forward events to. */
  readonly eventBusName: string;
}

export interface AlertConfig {
  readonly emails: readonly string[];
  /** E.164 phone numbers. */
  readonly phoneNumbers: readonly string[];
  /** Quiet hours for non-critical notices, `HH:MM-HH:MM[ <IANA zone>]`. Unset means none. */
  readonly quietHours?: string;
  /** Monthly SMS spend HostMaster stays under, in USD. Unset means the handler's default (1). */
  readonly smsMonthlyBudgetUsd?: string;
}

export interface AnalysisConfig {
  /** `price-list` (AWS Price List API) or `static` (the price table shipped with HostMaster). */
  readonly priceSource: 'price-list' | 'static';
}

export interface CostConfig {
  /** How often Cost Explorer is read (each refresh costs a few $0.01 requests). */
  readonly refreshRate: string;
  /** The payer (management) account read through its member role; unset when the hub is the payer. */
  readonly payerAccountId?: string;
  /** Activated cost allocation tag keys to break costs down by. */
  readonly tagKeys: readonly string[];
  /** Whole months of history held before the current one. */
  readonly historyMonths: number;
}

export interface UtilizationConfig {
  /** How often CloudWatch metrics are read from every member account (then analyzed). */
  readonly refreshRate: string;
}

export interface HealthConfig {
  /** How often the reliability checks run over the stored inventory. */
  readonly checkRate: string;
}

export interface DigestConfig {
  /** Schedule expression of the daily digest. */
  readonly daily: string;
  /** Schedule expression of the weekly digest. */
  readonly weekly: string;
  /** IANA time zone the digest cron expressions are read in. */
  readonly timeZone: string;
}

export interface MemberEventsConfig {
  /** Accounts allowed to put events on the hub bus. */
  readonly memberAccounts: readonly string[];
  /** When set, every account of this organization may put events. */
  readonly organizationId?: string;
}

export interface AuthConfig {
  /** Cognito Plus feature plan with enforced threat protection (billed per active user). */
  readonly threatProtection: boolean;
  /** Email of the first administrator, created in the `admin` group; unset means none is created. */
  readonly adminEmail?: string;
}

/** Where the hub deploys the member stack itself, as a service-managed StackSet. */
export interface MemberDeploymentConfig {
  /** Organizational units (or the root) whose accounts get the member stack, now and when they join. */
  readonly organizationalUnits: readonly string[];
  /**
   * Regions the member stack is deployed to: the event forwarding rule exists in each, the account-wide
   * resources (the scan role) only in the first. Empty when no StackSet is deployed.
   */
  readonly regions: readonly string[];
}

/** The scheduler (issue 12): how often it ticks and the member remediation role it acts through. */
export interface ScheduleConfig {
  /** @default 'rate(5 minutes)' */
  readonly rate: string;
  /** Scopes ticked at once. @default 16 */
  readonly concurrency: number;
  /** @default 'HostMasterRemediationRole' */
  readonly remediationRoleName: string;
  /** The remediation role's ExternalId (the remediation configuration's). */
  readonly remediationExternalId: string;
  /** Accounts opted in as a whole to changes. @default [] (only resources tagged hostmaster:remediation=allow) */
  readonly optedInAccounts: readonly string[];
}

export interface RemediationConfig {
  /** ExternalId of the member remediation role: its own, never the scan role's. */
  readonly externalId: string;
  /** Items of one request acted on at once (the Map's MaxConcurrency). */
  readonly concurrency: number;
  /** Hours a destructive request waits for approval before it expires. */
  readonly approvalTimeoutHours: number;
  /**
   * Accounts opted in as a whole (`hostmaster:remediationAccounts`): every resource there may be
   * changed, tagged or not, and account-level settings and buckets only there, as the member role
   * allows and the scheduler reads it. @default []
   */
  readonly optedInAccounts: readonly string[];
}

export interface HubConfig {
  readonly schedules: ScheduleConfig;
  readonly remediation: RemediationConfig;
  readonly scan: ScanConfig;
  readonly auth: AuthConfig;
  readonly crossAccount: CrossAccountConfig;
  readonly alerts: AlertConfig;
  readonly memberEvents: MemberEventsConfig;
  readonly analysis: AnalysisConfig;
  readonly costs: CostConfig;
  readonly utilization: UtilizationConfig;
  readonly health: HealthConfig;
  readonly digests: DigestConfig;
  readonly memberDeployment: MemberDeploymentConfig;
}

export interface MemberConfig {
  readonly crossAccount: CrossAccountConfig;
  /** The remediation role's ExternalId. */
  readonly remediationExternalId: string;
  /** Accounts opted in as a whole: the remediation role's account-level writes apply only in them. @default [] */
  readonly remediationAccounts: readonly string[];
  /** Hub account id; undefined when the context leaves it empty (the stack then takes a parameter). */
  readonly hubAccountId?: string;
  /** Region of the hub event bus; undefined means the member stack's own region. */
  readonly hubRegion?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// Organizations: an OU id (ou-<root>-<ou>) or the root id (r-...), from the Organizations API reference.
const ORGANIZATIONAL_UNIT = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;
// IAM role names and STS ExternalId character sets, from the IAM and STS API references.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const EVENT_BUS_NAME = /^[\w.-]{1,256}$/;
// Cost allocation tag keys: the character set of AWS tag keys.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const QUIET_HOURS = /^\d{1,2}:\d{2}-\d{1,2}:\d{2}( \S+)?$/;
const USD = /^\d+(\.\d+)?$/;
const SCHEDULE_EXPECTED = 'a schedule expression such as rate(15 minutes) or cron(0 * * * ? *)';

export function readHubConfig(scope: Construct): HubConfig {
  const context = new ContextReader(scope);
  const memberAccounts = context.list(CONTEXT.memberAccounts, ACCOUNT_ID, 'a 12-digit account id');
  const organizationId = context.optionalString(
    CONTEXT.organizationId,
    ORGANIZATION_ID,
    'an id like o-a1b2c3d4e5',
  );
  const accountSource = context.string(
    CONTEXT.accountSource,
    memberAccounts.length > 0 ? 'registered' : 'organizations',
    /^(organizations|registered)$/,
    '"organizations" or "registered"',
  ) as ScanConfig['accountSource'];
  if (accountSource === 'registered' && memberAccounts.length === 0) {
    throw new ConfigurationError(
      CONTEXT.memberAccounts,
      'accountSource "registered" needs at least one member account id',
    );
  }
  const managementAccountId = context.optionalString(
    CONTEXT.managementAccountId,
    ACCOUNT_ID,
    'the 12-digit management (payer) account id',
  );
  const quietHours = context.optionalString(
    CONTEXT.alertQuietHours,
    QUIET_HOURS,
    'HH:MM-HH:MM with an optional IANA time zone, such as 22:00-07:00 Europe/Paris',
  );
  const smsMonthlyBudgetUsd = context.optionalString(
    CONTEXT.smsMonthlyBudgetUsd,
    USD,
    'an amount in USD such as 5 or 2.50',
  );
  const adminEmail = context.optionalString(CONTEXT.adminEmail, EMAIL, 'an email address');
  const regionsAllow = context.list(CONTEXT.regionsAllow, REGION, 'a region name such as eu-west-1');
  const regionsDeny = context.list(CONTEXT.regionsDeny, REGION, 'a region name such as eu-west-1');
  const memberDeployment = readMemberDeployment(context, regionsAllow, regionsDeny, organizationId);
  const crossAccount = readCrossAccount(context);
  const remediation = readRemediation(context, crossAccount);
  return {
    remediation,
    schedules: {
      rate: context.string(CONTEXT.scheduleRate, 'rate(5 minutes)', SCHEDULE, SCHEDULE_EXPECTED),
      concurrency: context.integer(CONTEXT.scheduleConcurrency, 16, 1, 1000),
      remediationRoleName: context.string(
        CONTEXT.remediationRoleName,
        'HostMasterRemediationRole',
        ROLE_NAME,
        'an IAM role name',
      ),
      // One ExternalId for the one remediation role, whoever acts through it.
      remediationExternalId: remediation.externalId,
      optedInAccounts: context.list(CONTEXT.remediationAccounts, ACCOUNT_ID, 'a 12-digit account id'),
    },
    scan: {
      rate: context.string(CONTEXT.scanRate, 'rate(15 minutes)', SCHEDULE, SCHEDULE_EXPECTED),
      concurrency: context.integer(CONTEXT.scanConcurrency, 16, 1, 10_000),
      toleratedFailurePercentage: context.integer(CONTEXT.scanToleratedFailurePercentage, 5, 0, 100),
      childExecutions: context.string(
        CONTEXT.scanChildExecutions,
        'EXPRESS',
        /^(EXPRESS|STANDARD)$/,
        '"EXPRESS" or "STANDARD"',
      ) as ScanConfig['childExecutions'],
      accountSource,
      memberAccounts,
      regionsAllow,
      regionsDeny,
      ...(managementAccountId ? { managementAccountId } : {}),
    },
    auth: {
      threatProtection: context.boolean(CONTEXT.threatProtection, false),
      ...(adminEmail ? { adminEmail } : {}),
    },
    crossAccount,
    alerts: {
      emails: context.list(CONTEXT.alertEmails, EMAIL, 'an email address'),
      phoneNumbers: context.list(
        CONTEXT.alertPhoneNumbers,
        E164,
        'an E.164 phone number: "+", country code and number, digits only, such as +447700900123',
      ),
      ...(quietHours ? { quietHours } : {}),
      ...(smsMonthlyBudgetUsd ? { smsMonthlyBudgetUsd } : {}),
    },
    memberEvents: { memberAccounts, ...(organizationId ? { organizationId } : {}) },
    analysis: {
      priceSource: context.string(
        CONTEXT.priceSource,
        'price-list',
        /^(price-list|static)$/,
        '"price-list" or "static"',
      ) as AnalysisConfig['priceSource'],
    },
    costs: {
      refreshRate: context.string(CONTEXT.costRefreshRate, 'rate(8 hours)', SCHEDULE, SCHEDULE_EXPECTED),
      ...(managementAccountId ? { payerAccountId: managementAccountId } : {}),
      tagKeys: context.list(CONTEXT.costTagKeys, TAG_KEY, 'a cost allocation tag key'),
      historyMonths: context.integer(CONTEXT.costHistoryMonths, 3, 1, 12),
    },
    utilization: {
      refreshRate: context.string(CONTEXT.utilizationRefreshRate, 'rate(1 day)', SCHEDULE, SCHEDULE_EXPECTED),
    },
    health: {
      checkRate: context.string(CONTEXT.healthCheckRate, 'rate(5 minutes)', SCHEDULE, SCHEDULE_EXPECTED),
    },
    digests: {
      daily: context.string(CONTEXT.dailyDigestSchedule, 'cron(0 8 * * ? *)', SCHEDULE, SCHEDULE_EXPECTED),
      weekly: context.string(
        CONTEXT.weeklyDigestSchedule,
        'cron(0 8 ? * MON *)',
        SCHEDULE,
        SCHEDULE_EXPECTED,
      ),
      timeZone: context.timeZone(CONTEXT.digestTimeZone, 'Etc/UTC'),
    },
    memberDeployment,
  };
}

/**
 * The member StackSet's targets. Its regions are `memberRegions`, else the scan's allow list (minus
 * the deny list): a StackSet cannot say "every enabled region", so they must be named. The hub bus
 * must admit the OUs' accounts, which only an organization id can express for accounts yet to join.
 */
function readMemberDeployment(
  context: ContextReader,
  regionsAllow: readonly string[],
  regionsDeny: readonly string[],
  organizationId: string | undefined,
): MemberDeploymentConfig {
  const organizationalUnits = context.list(
    CONTEXT.memberOrganizationalUnits,
    ORGANIZATIONAL_UNIT,
    'an organizational unit id such as ou-ab12-cd34ef56 or the root id such as r-ab12',
  );
  const listed = context.list(CONTEXT.memberRegions, REGION, 'a region name such as eu-west-1');
  if (organizationalUnits.length === 0) return { organizationalUnits, regions: [] };
  const regions = (listed.length > 0 ? listed : regionsAllow).filter(
    (region) => !regionsDeny.includes(region),
  );
  if (regions.length === 0) {
    throw new ConfigurationError(
      CONTEXT.memberRegions,
      `the member StackSet over ${CONTEXT.memberOrganizationalUnits} needs its regions: set ${CONTEXT.memberRegions} (or ${CONTEXT.regionsAllow}) to the regions HostMaster scans, the first one holding the account-wide scan role`,
    );
  }
  if (!organizationId) {
    throw new ConfigurationError(
      CONTEXT.organizationId,
      `required with ${CONTEXT.memberOrganizationalUnits}: the hub event bus admits the organization's accounts by it (aws organizations describe-organization --query Organization.Id)`,
    );
  }
  return { organizationalUnits, regions: [...new Set(regions)] };
}

export function readMemberConfig(scope: Construct): MemberConfig {
  const context = new ContextReader(scope);
  const hubAccountId = context.optionalString(
    CONTEXT.hubAccountId,
    ACCOUNT_ID,
    'the 12-digit hub account id',
  );
  const hubRegion = context.optionalString(CONTEXT.hubRegion, REGION, 'a region name such as eu-west-1');
  const crossAccount = readCrossAccount(context);
  return {
    crossAccount,
    remediationExternalId: readRemediationExternalId(context, crossAccount),
    remediationAccounts: context.list(CONTEXT.remediationAccounts, ACCOUNT_ID, 'a 12-digit account id'),
    ...(hubAccountId ? { hubAccountId } : {}),
    ...(hubRegion ? { hubRegion } : {}),
  };
}

function readRemediationExternalId(context: ContextReader, crossAccount: CrossAccountConfig): string {
  const externalId = context.optionalString(
    CONTEXT.remediationExternalId,
    EXTERNAL_ID,
    '2 to 1224 characters of letters, digits and +=,.@:/-',
  );
  // Absent: one derived from the scan role's, so the two roles never share one; set your own to keep
  // them independent secrets.
  if (!externalId) return `${crossAccount.externalId}:remediation`;
  // A shared value would let whoever may try the read-only role's ExternalId also try the write role.
  if (externalId === crossAccount.externalId) {
    throw new ConfigurationError(CONTEXT.remediationExternalId, `must differ from ${CONTEXT.externalId}`);
  }
  return externalId;
}

function readRemediation(context: ContextReader, crossAccount: CrossAccountConfig): RemediationConfig {
  return {
    externalId: readRemediationExternalId(context, crossAccount),
    // Each item is a child execution of a Distributed Map (no inline Map's 40); the default keeps a
    // bulk request's blast radius small, and items waiting for a backup hold a slot while they wait.
    concurrency: context.integer(CONTEXT.remediationConcurrency, 10, 1, 1000),
    approvalTimeoutHours: context.integer(CONTEXT.remediationApprovalTimeoutHours, 24, 1, 24 * 20),
    optedInAccounts: context.list(CONTEXT.remediationAccounts, ACCOUNT_ID, 'a 12-digit account id'),
  };
}

function readCrossAccount(context: ContextReader): CrossAccountConfig {
  const externalId = context.optionalString(
    CONTEXT.externalId,
    EXTERNAL_ID,
    '2 to 1224 characters of letters, digits and +=,.@:/-',
  );
  if (!externalId) {
    throw new ConfigurationError(
      CONTEXT.externalId,
      'required: the ExternalId member roles demand in AssumeRole',
    );
  }
  if (externalId === SHIPPED_EXTERNAL_ID && !context.boolean(CONTEXT.local, false)) {
    throw new ConfigurationError(
      CONTEXT.externalId,
      `"${SHIPPED_EXTERNAL_ID}" is the public default shipped for the local runtime; pass your own secret, the same for the hub and member stacks, such as -c ${CONTEXT.externalId}=$(openssl rand -hex 24)`,
    );
  }
  return {
    externalId,
    memberRoleName: context.string(
      CONTEXT.memberRoleName,
      DEFAULT_NAMES.memberRoleName,
      ROLE_NAME,
      'an IAM role name',
    ),
    hubScanRoleName: context.string(
      CONTEXT.hubScanRoleName,
      DEFAULT_NAMES.hubScanRoleName,
      ROLE_NAME,
      'an IAM role name',
    ),
    eventBusName: context.string(
      CONTEXT.eventBusName,
      DEFAULT_NAMES.eventBusName,
      EVENT_BUS_NAME,
      'an event bus name',
    ),
  };
}

/** Reads context values, treating absent and empty alike, and names the key in every error. */
class ContextReader {
  constructor(private readonly scope: Construct) {}

  private raw(key: string): unknown {
    const value: unknown = this.scope.node.tryGetContext(key);
    return value === '' || value === null ? undefined : value;
  }

  optionalString(key: string, pattern: RegExp, expected: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new ConfigurationError(key, `expected ${expected}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  string(key: string, fallback: string, pattern: RegExp, expected: string): string {
    return this.optionalString(key, pattern, expected) ?? fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const parsed = typeof value === 'string' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new ConfigurationError(
        key,
        `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return parsed;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new ConfigurationError(key, `expected true or false, got ${JSON.stringify(value)}`);
  }

  /** An IANA time zone name, checked against the zones this Node.js knows. */
  timeZone(key: string, fallback: string): string {
    const value = this.optionalString(key, /^[\w+/-]+$/, 'an IANA time zone such as Europe/Paris');
    if (value === undefined) return fallback;
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: value });
    } catch {
      throw new ConfigurationError(key, `expected an IANA time zone such as Europe/Paris, got "${value}"`);
    }
    return value;
  }

  /** Accepts a JSON array (cdk.json) or a comma-separated string (`-c key=a,b`). */
  list(key: string, pattern: RegExp, expected: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    const items =
      typeof value === 'string'
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0)
        : value;
    if (!Array.isArray(items)) {
      throw new ConfigurationError(key, `expected a list of ${expected}s, got ${JSON.stringify(value)}`);
    }
    for (const item of items) {
      if (typeof item !== 'string' || !pattern.test(item)) {
        throw new ConfigurationError(key, `expected ${expected}, got ${JSON.stringify(item)}`);
      }
    }
    return items as string[];
  }
}
