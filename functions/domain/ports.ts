/**
 * Persistence ports. Each has a DynamoDB implementation (functions/adapters) and an in-memory one
 * (for domain-level tests and the CLI); both parse stored items back into domain types.
 */
import type { Finding, Resource, ResourceType, ScanRun } from './model';
import type { AuditEvent } from './posture/audit-event';
import type { Exception } from './posture/exceptions';

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
  put(run: ScanRun): Promise<void>;
  /** The newest run of every (account, region) ever scanned. */
  latestPerScope(): Promise<readonly ScanRun[]>;
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
  readonly actor: string;
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

/**
 * Starts a scan of every registered account and region: a scan state machine execution. Locally,
 * `npm start` answers the same StartExecution call by running the plan and worker handlers.
 */
export interface ScanStarter {
  start(request: { readonly requestedBy: string }): Promise<StartedScan>;
}

export interface StartedScan {
  /** Id the scan's runs are recorded under (the state machine execution name when deployed). */
  readonly scanId: string;
  readonly startedAt: string;
}
