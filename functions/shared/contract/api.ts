/**
 * The API's response contract, declared once: the body every operation of `routes.ts` answers with.
 * Handlers are typed by it (`Operation<'getHealthOverview'>` cannot return another shape), the
 * dashboard imports it type-only (nothing server-side is bundled), and the CLI prints findings in the
 * same shape. Lists answer `{ items }` (plus `nextCursor` when paged and `total` when counted).
 *
 * Only types live here, so `lib/` and the dashboard may import it without pulling in runtime code.
 */
import type { Alert } from '../../domain/alerts/alert';
import type { AccountHealth } from '../../domain/alerts/overview';
import type { CostSummary as DigestCostSummary } from '../../domain/alerts/ports';
import type { Subscription } from '../../domain/alerts/subscriptions';
import type { Mover, PresentedBreakdown } from '../../domain/cost/analytics';
import type { Finding, Resource, ScanRun, Severity } from '../../domain/model';
import type { CostRefreshLog, StartedScan } from '../../domain/ports';
import type { AuditEvent } from '../../domain/posture/audit-event';
import type { Exception } from '../../domain/posture/exceptions';
import type { ControlScore, FrameworkScore } from '../../domain/posture/score';
import type { ApprovalLinkView } from '../../domain/remediation/approval-link';
import type { PresentedResource } from '../../domain/scan/last-collected';
import type { ScanProgress } from '../../domain/scan/scan';
import type {
  ActionCatalogue,
  FixPreview,
  Remediation,
  RemediationDetail,
  SavingsLedgerView,
  StoredRemediationSettings,
} from './remediation-api';
import type { Group, OperationId } from './routes';
import type {
  AppliedSuggestion,
  Override,
  ResourceSchedule,
  Schedule,
  ScheduleAssignment,
  ScheduleList,
  SuggestionPreview,
} from './schedules-api';

/** One page of a list; `nextCursor` is absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** A finding as the API and the CLI report it: with what to do about it. */
export type ReportedFinding = Finding & {
  /** The rule's remediation advice; absent only when the rule that raised it is no longer registered. */
  readonly remediation?: string;
};

/** One account as `GET /accounts` lists it: the latest run of every region it was scanned in. */
export interface AccountSummary {
  readonly accountId: string;
  /** The name its most recent named run carried (Organizations or the registered list). @default none */
  readonly name?: string;
  /**
   * Worst status over its regions' latest runs; `incomplete` when the latest scan left some of its
   * jobs unrun, `running` for an account the running scan has not reached yet.
   */
  readonly status: ScanRun['status'] | 'incomplete' | 'running';
  /** When the most recent of those runs finished; empty for an account no scan has reached. */
  readonly lastScannedAt: string;
  /** One entry per region (and `global`), sorted by region. */
  readonly scopes: readonly ScanScope[];
  /**
   * The latest scan's jobs of this account that never ran (it is `incomplete`) or have not reported
   * yet (it is `running`): their `lastScan` is from an earlier scan. @default none
   */
  readonly notRun?: {
    readonly scanId: string;
    readonly status: 'running' | 'incomplete';
    readonly regions: readonly string[];
  };
}

/** `GET /accounts`: every account, and the progress of the latest scan (null before the first). */
export interface AccountList extends Page<AccountSummary> {
  readonly latestScan: ScanProgress | null;
}

export interface ScanScope {
  readonly region: string;
  readonly lastScan: ScanRun;
}

/** `GET /me`: the caller and the HostMaster groups it holds, in increasing privilege. */
export interface Me {
  readonly subject: string;
  readonly username: string;
  /** Empty unless Cognito verified it. */
  readonly email: string;
  /** What the audit trail shows for this user: the verified email, else the username. */
  readonly name: string;
  readonly groups: readonly Group[];
}

/** How many of the matching security findings fall in each severity, account, check and status. */
export interface SecurityFindingCounts {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byStatus: Readonly<Record<Finding['status'], number>>;
  /** Sorted by account id. */
  readonly byAccount: readonly { readonly accountId: string; readonly count: number }[];
  /** Most findings first; a check's severity is the worst any of its findings carries. */
  readonly byCheck: readonly {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly count: number;
  }[];
}

export interface SecurityFindings extends Page<ReportedFinding> {
  /** Over every matching finding, not only the page. */
  readonly counts: SecurityFindingCounts;
}

/** A control's score as `GET /posture` sends it: failing resources capped, with their full count. */
export type PostureControl = ControlScore & { readonly failingCount: number };
export type PostureFramework = Omit<FrameworkScore, 'controls'> & {
  readonly controls: readonly PostureControl[];
};

export interface AccountPosture {
  readonly accountId: string;
  readonly analyzedAt: string;
  readonly frameworks: readonly PostureFramework[];
}

/** `GET /posture`: per account and framework, and the organization as a whole. */
export interface Posture {
  readonly generatedAt: string;
  /** Null when one account was asked for. */
  readonly organization: readonly PostureFramework[] | null;
  readonly accounts: readonly AccountPosture[];
}

/** A file rather than JSON: the router sends `content` with `Content-Disposition: attachment`. */
export interface FileBody {
  readonly contentType: string;
  readonly filename: string;
  readonly content: string;
}

/** An exception as listed, with whether it still applies. */
export type ListedException = Exception & { readonly active: boolean };

/** What a created or revoked exception did to its check's findings: applied at once, or at the next analysis. */
export type ExceptionEffect =
  | { readonly appliedAt: string; readonly suppressed: number; readonly reopened: number }
  | { readonly appliedAt: null; readonly takesEffect: 'next-analysis' };

export type CreatedException = Exception & { readonly effect?: ExceptionEffect };

export interface RevokedException {
  readonly id: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
  readonly effect?: ExceptionEffect;
}

export interface DailyCost {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly usd: number;
}

/** `GET /cost/summary`. */
export interface CostSummary {
  readonly currency: 'USD';
  /** Last closed day counted in month to date (`YYYY-MM-DD`); null on the 1st of the month. */
  readonly through: string | null;
  /** Closed days only (the 1st through yesterday), against the same closed days of last month. */
  readonly monthToDate: {
    readonly usd: number;
    /** Closed days counted. */
    readonly days: number;
    readonly closedThrough: string | null;
    readonly sameDaysLastMonthUsd: number;
    readonly changeUsd: number;
    /** Null when the same days of last month cost nothing. */
    readonly changePercent: number | null;
  };
  /** Today so far: billed for the hours elapsed only, so not part of month to date. */
  readonly today: { readonly date: string; readonly usd: number; readonly partial: true };
  readonly lastMonth: { readonly month: string; readonly usd: number };
  readonly forecast: {
    readonly month: string;
    /** Actuals plus the forecast for the rest of the month. */
    readonly projectedUsd: number;
    readonly actualUsd: number;
    readonly remainingUsd: number;
    /** Days from today to the month's end that the forecast covers. */
    readonly remainingDays: number;
    /** How the rest of the month was projected. */
    readonly method: string;
    readonly lowerUsd?: number;
    readonly upperUsd?: number;
    readonly fetchedAt?: string;
  };
  /** Daily spend of the last 30 days, oldest first. */
  readonly trend: readonly DailyCost[];
  /** Services that moved most this week against last week. */
  readonly movers: { readonly increases: readonly Mover[]; readonly decreases: readonly Mover[] };
  /** Null before the first cost refresh. */
  readonly lastRefresh: CostRefreshLog | null;
}

/** `GET /cost/breakdown`: parts rounded to cents that add up to the total. */
export type CostBreakdown = PresentedBreakdown & {
  readonly currency: 'USD';
  readonly from: string;
  readonly to: string;
  /** The cost allocation tag a region or tag breakdown read. */
  readonly tagKey?: string;
};

/** One of the resources that cost most a month at list price. */
export interface TopCostResource {
  readonly resourceId: string;
  readonly name: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  /** Cost Explorer SERVICE the spend is billed under. */
  readonly service: string;
  readonly monthlyUsd: number;
  /** What was priced (`m5.large × 730 h`, `500 GiB gp2`, ...). */
  readonly basis: string;
}

export interface TopCostResources extends Page<TopCostResource> {
  readonly currency: 'USD';
  readonly method: string;
  readonly pricesAsOf: string;
  readonly pricedResources: number;
  readonly totalMonthlyUsd: number;
}

/** `GET /savings`: open cost findings with a saving, largest first, totals over all of them. */
export interface Savings extends Page<ReportedFinding> {
  readonly currency: 'USD';
  readonly totals: {
    readonly count: number;
    readonly monthlyUsd: number;
    readonly annualUsd: number;
    /** Largest monthly saving first. */
    readonly byRule: readonly {
      readonly ruleId: string;
      readonly count: number;
      readonly monthlyUsd: number;
    }[];
  };
}

export interface CountedPage<T> extends Page<T> {
  /** Every matching item, not only the page. */
  readonly total: number;
}

/** `GET /digest/preview`: the next digest as it would be sent now. */
export interface DigestPreview {
  readonly kind: 'daily' | 'weekly';
  readonly from: string;
  readonly to: string;
  /** True when nothing changed: such a digest is not sent. */
  readonly empty: boolean;
  readonly subject: string;
  readonly text: string;
  readonly counts: {
    readonly openAlerts: number;
    readonly openedAlerts: number;
    readonly resolvedAlerts: number;
    readonly newFindings: number;
    readonly resolvedFindings: number;
    readonly expiringExceptions: number;
  };
  readonly cost?: DigestCostSummary & { readonly deltaUsd?: number };
  readonly expiringExceptions?: { readonly withinDays: number; readonly items: readonly Exception[] };
}

/** `GET /settings` (admin): the configuration the deployment runs with, as its functions read it. */
export interface DeploymentSettings {
  readonly accounts: {
    /** `organizations` (AWS Organizations ListAccounts) or `registered` (the member accounts below). */
    readonly source: string;
    /** The account whose member role lists the organization and reads Cost Explorer; null means the hub's own. */
    readonly managementAccountId: string | null;
    readonly memberAccounts: readonly string[];
    /** OUs the hub's member StackSet deploys to; empty when member stacks are deployed another way. */
    readonly memberOrganizationalUnits: readonly string[];
    /** Regions of the member StackSet, the first holding the account-wide scan role. */
    readonly memberStackRegions: readonly string[];
  };
  readonly regions: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly scan: { readonly rate: string; readonly concurrency: number };
  readonly costs: { readonly refreshRate: string; readonly tagKeys: readonly string[] };
  readonly alerts: {
    /** `HH:MM-HH:MM[ zone]`; null means none. */
    readonly quietHours: string | null;
    readonly smsMonthlyBudgetUsd: number;
    /** True when no budget was configured and HostMaster's default applies. */
    readonly smsBudgetIsDefault: boolean;
  };
  readonly digests: { readonly daily: string; readonly weekly: string; readonly timeZone: string };
  /** What the required-tags rule checks: its built-in keys (no deployment setting changes them). */
  readonly rules: { readonly requiredTags: readonly string[]; readonly requiredTagsSource: 'built-in' };
}

/** The response body of every operation, keyed by operationId. */
export interface ResponseBodies {
  listResources: Page<PresentedResource>;
  getResource: PresentedResource;
  listAccounts: AccountList;
  listScans: Page<ScanProgress>;
  getMe: Me;
  startScan: StartedScan;
  listSecurityFindings: SecurityFindings;
  getPosture: Posture;
  exportPosture: FileBody;
  listExceptions: Page<ListedException>;
  createException: CreatedException;
  deleteException: RevokedException;
  listAuditEvents: Page<AuditEvent>;
  getCostSummary: CostSummary;
  getCostBreakdown: CostBreakdown;
  listTopCostResources: TopCostResources;
  listSavings: Savings;
  listFindings: CountedPage<ReportedFinding>;
  listAlerts: CountedPage<Alert>;
  acknowledgeAlert: Alert;
  resolveAlert: Alert;
  listResourceAlerts: Page<Alert>;
  listSubscriptions: Page<Subscription>;
  createSubscription: Subscription;
  deleteSubscription: { readonly id: string; readonly deleted: true };
  previewDigest: DigestPreview;
  getHealthOverview: Page<AccountHealth>;
  getSettings: DeploymentSettings;
  listSchedules: ScheduleList;
  putSchedule: Schedule;
  deleteSchedule: { readonly name: string; readonly deletedAt: string; readonly deletedBy: string };
  createScheduleAssignment: ScheduleAssignment;
  deleteScheduleAssignment: {
    readonly resourceId: string;
    readonly deletedAt: string;
    readonly deletedBy: string;
  };
  createScheduleOverride: Override;
  deleteScheduleOverride: { readonly id: string; readonly endedAt: string; readonly endedBy: string };
  previewScheduleSuggestion: SuggestionPreview;
  applyScheduleSuggestion: AppliedSuggestion;
  getResourceSchedule: ResourceSchedule;
  listRemediations: Page<Remediation>;
  getRemediation: RemediationDetail;
  previewRemediation: FixPreview;
  requestRemediation: Remediation;
  approveRemediation: Remediation;
  rejectRemediation: Remediation;
  undoRemediation: Remediation;
  listRemediationActions: ActionCatalogue;
  updateRemediationSettings: StoredRemediationSettings;
  getSavingsLedger: SavingsLedgerView;
  readApprovalLink: ApprovalLinkView;
  decideByApprovalLink: Remediation;
}

/**
 * The body `operationId` answers with. A route added to `routes.ts` without an entry in
 * `ResponseBodies` makes this (and so the handler's operation table) fail to compile.
 */
export type ResponseBody<Id extends OperationId> = ResponseBodies[Id];

/** Compile-time proof that `ResponseBodies` names exactly the operations of `routes.ts`. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ResponseBodiesCoverEveryRoute = Assert<Exactly<keyof ResponseBodies, OperationId>>;

export type {
  AccountHealth,
  Alert,
  AuditEvent,
  Exception,
  Finding,
  PresentedResource,
  Resource,
  ScanProgress,
  ScanRun,
  Severity,
  StartedScan,
  Subscription,
};
