/**
 * Persistence ports. Each has a DynamoDB implementation (functions/adapters) and an in-memory one
 * (for domain-level tests and the CLI); both parse stored items back into domain types.
 */
import type { ForecastPeriod } from './cost/analytics';
import type { CostRecord } from './cost/cost-record';
import type { Actor } from './identity/actor';
import type { Finding, Resource, ResourceType, ScanRun } from './model';
import type { AuditEvent } from './posture/audit-event';
import type { Exception } from './posture/exceptions';
import type { PostureSnapshot } from './posture/snapshot';
import type { ScopeCollection } from './scan/last-collected';
import type { ScanRecord } from './scan/scan';
import type { MetricSummary } from './utilization';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export interface ResourceQuery {
  readonly accountId?: string;
  readonly region?: string;
  readonly type?: ResourceType;
  readonly state?: string;
  /** `key` alone matches any value. */
  readonly tag?: { readonly key: string; readonly value?: string };
  /** Include resources marked gone. @default false */
  readonly includeGone?: boolean;
  /**
   * Free text on the name (or the id): `prefix` is served by the index's sort key, `contains` is a
   * filter on what the index reads (slower on a large inventory). Case-insensitive.
   */
  readonly search?: { readonly text: string; readonly mode: 'prefix' | 'contains' };
  /** Results are ordered by name (then id); `desc` reverses it. @default 'asc' */
  readonly order?: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string;
}

export interface ResourceStore {
  /** Every stored resource of one account and region, gone ones included: the baseline a scan diffs against. */
  listScope(accountId: string, region: string): Promise<readonly Resource[]>;
  /** Writes the items (retrying unprocessed ones until written); resolves to the number written. */
  putMany(resources: readonly Resource[]): Promise<number>;
  get(id: string): Promise<Resource | undefined>;
  query(query: ResourceQuery): Promise<Page<Resource>>;
}

export interface ScanRunStore {
  /** Records a run and, unless it is older than what is known, the scope's latest run and collection times. */
  put(run: ScanRun): Promise<void>;
  /** The newest run of every (account, region) ever scanned. */
  latestPerScope(): Promise<readonly ScanRun[]>;
  /** Per (account, region), when each type was last collected successfully (see domain/scan/last-collected). */
  lastCollected(): Promise<readonly ScopeCollection[]>;
  list(query: {
    readonly accountId?: string;
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<Page<ScanRun>>;
}

export interface FindingStore {
  /** All findings (any status) of the given category, for reconciliation and reports. */
  listByCategory(category: Finding['category']): Promise<readonly Finding[]>;
  /** All findings (any status, every category) of one account, for per-account posture and reports. */
  listByAccount(accountId: string): Promise<readonly Finding[]>;
  putMany(findings: readonly Finding[]): Promise<number>;
  get(id: string): Promise<Finding | undefined>;
}

/** Who performed an audited change, when, and (optionally) why. */
export interface AuditContext {
  /** The person, by Cognito identity; stores record its name for display and its identity. */
  readonly actor: Actor;
  /** ISO timestamp of the action (the caller's clock). */
  readonly at: string;
  readonly reason?: string;
}

/** Exceptions (suppressions); every write also records an audit event. */
export interface ExceptionStore {
  /** Creates or replaces an exception and records `exception.created` (or `.updated`) in the audit log. */
  put(exception: Exception, audit: AuditContext): Promise<void>;
  get(id: string): Promise<Exception | undefined>;
  /** Every stored exception, active and expired (expired ones linger until their TTL). */
  list(): Promise<readonly Exception[]>;
  /** Deletes an exception and records `exception.revoked`; false when there was none. */
  revoke(id: string, audit: AuditContext): Promise<boolean>;
  /** Audit events about one exception, oldest first. */
  history(id: string): Promise<readonly AuditEvent[]>;
}

/** The audit log across every target (exceptions, subscriptions, ...), newest first. */
export interface AuditLog {
  /**
   * Records one event, indexed with every other. Callers record before they change anything (there
   * are no transactions): an event may describe a change that then failed, but no change goes unrecorded.
   */
  record(event: AuditEvent): Promise<void>;
  /** One page of events, newest first; rejects a cursor it did not issue with `InvalidCursorError`. */
  list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<AuditEvent>>;
}

/**
 * Per-account posture snapshots (verdict tallies and scores), written by the analysis after it
 * reconciles findings and read by the posture API, which cannot recompute the tallies itself.
 */
export interface PostureStore {
  /** Replaces each snapshot's account's previous one; resolves to the number written. */
  putMany(snapshots: readonly PostureSnapshot[]): Promise<number>;
  get(accountId: string): Promise<PostureSnapshot | undefined>;
  /** Every account's snapshot, sorted by account id. */
  list(): Promise<readonly PostureSnapshot[]>;
}

/**
 * Scans as a whole: the plan's jobs, what each reported, and the one-scan-at-a-time claim.
 * DynamoDB has the claim as a conditional write (dynalite has no transactions).
 */
export interface ScanRecordStore {
  /**
   * Claims "the running scan" for `scanId` until `until` (the execution's deadline); claiming again
   * for the same scan is fine. Throws {@link ScanInProgressError} while another scan holds it.
   */
  claim(claim: { readonly scanId: string; readonly at: Date; readonly until: Date }): Promise<void>;
  /** Gives the claim up, if `scanId` holds it. */
  release(scanId: string): Promise<void>;
  /** Stores the plan's record (every job planned, none reported). */
  plan(scan: ScanRecord): Promise<void>;
  /** Records a job's latest status on its scan; a scan that was never planned (the CLI's) is ignored. */
  report(run: Pick<ScanRun, 'scanId' | 'accountId' | 'region' | 'status'>): Promise<void>;
  /** Marks the scan finished (its last step started) and releases its claim. */
  finish(scanId: string, at: Date): Promise<void>;
  /** Scans, newest first. */
  list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<ScanRecord>>;
}

/**
 * Starts a scan of every registered account and region: a scan state machine execution. Locally,
 * `npm start` answers the same StartExecution call by running the plan and worker handlers.
 */
export interface ScanStarter {
  /** Starts the execution named `scanId` (the API claims the scan under that id first). */
  start(request: { readonly scanId: string; readonly requestedBy: string }): Promise<StartedScan>;
}

export interface StartedScan {
  /** Id the scan's runs are recorded under (the state machine execution name when deployed). */
  readonly scanId: string;
  readonly startedAt: string;
}

/** Closed and open days of one cost series, as one refresh fetched them. */
export interface CostDay {
  readonly date: string;
  /** Closed days are final and never fetched again; open ones are re-fetched by every refresh. */
  readonly closed: boolean;
  readonly records: readonly CostRecord[];
}

/** Cost Explorer's forecast for the rest of a month, as last fetched. */
export interface StoredForecast {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly fetchedAt: string;
  readonly totalUsd: number;
  readonly periods: readonly ForecastPeriod[];
}

/** What one cost refresh did and what it cost, kept so the spend on Cost Explorer is visible. */
export interface CostRefreshLog {
  readonly at: string;
  readonly today: string;
  /** GetCostAndUsage requests (every page is a billed request). */
  readonly costAndUsageRequests: number;
  readonly forecastRequests: number;
  readonly usd: number;
  readonly openDays: { readonly from: string; readonly to: string };
  readonly closedDaysFetched: number;
  readonly recordsWritten: number;
  /** Series kept (`account-service`, `region-tag:<key>`): which tag keys breakdowns can use. */
  readonly seriesIds: readonly string[];
  /** Set when the refresh failed part-way; what was fetched before is kept. */
  readonly error?: string;
}

/** Daily cost records per series, which closed days are held, forecasts and the refresh log. */
export interface CostStore {
  /** Closed days held for a series between `from` and `to` (inclusive). */
  heldClosedDays(seriesId: string, from: string, to: string): Promise<ReadonlySet<string>>;
  /** Replaces the stored records of each given day of the series. */
  putDays(seriesId: string, days: readonly CostDay[]): Promise<number>;
  /** Records of the series between `from` and `to` (inclusive). */
  records(seriesId: string, from: string, to: string): Promise<readonly CostRecord[]>;
  putForecast(forecast: StoredForecast): Promise<void>;
  forecast(month: string): Promise<StoredForecast | undefined>;
  putRefresh(log: CostRefreshLog): Promise<void>;
  /** Newest first. */
  refreshes(limit: number): Promise<readonly CostRefreshLog[]>;
}

/** The metric summaries of one resource from one utilization refresh. */
export interface ResourceUtilization {
  readonly resourceId: string;
  readonly accountId: string;
  readonly region: string;
  readonly collectedAt: string;
  readonly summaries: readonly MetricSummary[];
}

export interface UtilizationStore {
  putMany(entries: readonly ResourceUtilization[]): Promise<number>;
  /** Every resource's latest summaries that have not expired by `now`. */
  listAll(now: Date): Promise<readonly ResourceUtilization[]>;
}
