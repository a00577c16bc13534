/**
 * The ports remediation use cases depend on. Stores keep requests and items in the single table;
 * the executor makes API calls through the member remediation role; the workflow starter and the
 * approval signal are Step Functions (StartExecution, SendTaskSuccess/Failure) when deployed.
 */

import type { ResourceData } from '../model';
import type { Page } from '../ports';
import type { AuditEvent } from '../posture/audit-event';
import type { PreflightFacts, PreflightRead } from './action';
import type { ApiCall, Remediation, RemediationItem } from './remediation';
import type { SavingsLedgerEntry } from './savings-ledger';

export interface RemediationStore {
  /** Writes a new request and its items; fails with `RemediationConflictError` if the id exists. */
  create(remediation: Remediation, items: readonly RemediationItem[]): Promise<void>;
  get(id: string): Promise<Remediation | undefined>;
  items(id: string): Promise<readonly RemediationItem[]>;
  item(id: string, itemId: string): Promise<RemediationItem | undefined>;
  /**
   * Replaces the request when its stored status is one of `expected` (a conditional write, so two
   * approvers or an approval racing the timeout cannot both win); false when it was not.
   */
  update(remediation: Remediation, expected: readonly Remediation['status'][]): Promise<boolean>;
  putItem(item: RemediationItem): Promise<void>;
  /** Newest first. */
  list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<Remediation>>;
  /** The task token the approval step is waiting on, kept apart from the request the API returns. */
  putApprovalToken(id: string, token: string): Promise<void>;
  approvalToken(id: string): Promise<string | undefined>;
  /** What an administrator configured (absent fields keep their defaults). */
  settings(): Promise<StoredRemediationSettings>;
  putSettings(settings: StoredRemediationSettings): Promise<void>;
  /** Appends to the audit log (the same log exceptions write to). */
  audit(event: AuditEvent): Promise<void>;
}

/** The administrator's remediation settings as stored. */
export interface StoredRemediationSettings {
  /** Action ids people may request; absent: every registered action. */
  readonly allowedActions?: readonly string[];
  /** Whether the approver must be another person than the requester; absent: yes. */
  readonly requireDistinctApprover?: boolean;
}

/** Outcome of one call: its output members (for captures), or the AWS error that refused it. */
export type CallOutcome =
  | { readonly ok: true; readonly output: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Makes calls in one member account and region through the member remediation role. */
/** Which resource to describe: its ARN, type, account and region. */
export interface ResourceTarget {
  readonly id: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
}

export interface RemediationExecutor {
  /** Sends the call; `dryRun` sets `DryRun: true` and maps `DryRunOperation` to success. */
  call(
    accountId: string,
    region: string,
    call: ApiCall,
    options: { readonly dryRun: boolean },
  ): Promise<CallOutcome>;
  /** Re-collects one resource (undefined: it no longer exists), normalized as the scan would store it. */
  describe(target: ResourceTarget): Promise<ResourceData | undefined>;
  /** Makes pre-flight's live reads (instance protection, snapshot references, KMS keys) in one account and region. */
  inspect(accountId: string, region: string, reads: readonly PreflightRead[]): Promise<PreflightFacts>;
  /**
   * Looks once at the backup a call created (one describe of each snapshot named in `backup`, whose
   * captured ids are `snapshotId` and `dbSnapshotId`), without waiting: the workflow waits in Step
   * Functions between checks. A backup that failed (an EBS snapshot in `error`) is deleted where the
   * role may, so nothing half-made stays behind, and the reason says so.
   */
  checkBackup(
    accountId: string,
    region: string,
    backup: Readonly<Record<string, string>>,
  ): Promise<BackupState>;
}

/** Whether a backup is usable yet: `detail` says what is still pending, `reason` why it failed. */
export type BackupState =
  | { readonly state: 'ready' }
  | { readonly state: 'pending'; readonly detail: string }
  | { readonly state: 'failed'; readonly reason: string };

export interface RemediationWorkflowStarter {
  start(input: { readonly remediationId: string; readonly itemIds: readonly string[] }): Promise<void>;
}

export interface ApprovalSignal {
  approve(token: string, output: Readonly<Record<string, unknown>>): Promise<void>;
  reject(token: string, reason: string): Promise<void>;
}

/** Tells people what happened (the alerts topics). */
export interface RemediationNotifier {
  notify(message: {
    readonly subject: string;
    readonly body: string;
    readonly remediationId: string;
  }): Promise<void>;
}

/**
 * The realized savings ledger: one entry per verified fix with an expected saving, keyed by account
 * so the analysis reads only the account it judges.
 */
export interface SavingsLedgerStore {
  /** Writes (or replaces) the entry of its remediation item. */
  put(entry: SavingsLedgerEntry): Promise<void>;
  get(accountId: string, remediationId: string, itemId: string): Promise<SavingsLedgerEntry | undefined>;
  /** Every entry of one account (any status), for the analysis. */
  byAccount(accountId: string): Promise<readonly SavingsLedgerEntry[]>;
  /** Newest act first. */
  list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<SavingsLedgerEntry>>;
  /** Every entry, for totals (one per remediated item, not per resource of the fleet). */
  all(): Promise<readonly SavingsLedgerEntry[]>;
}
