/**
 * What every API operation receives and returns. Operations are plain async functions of a parsed
 * request and their dependencies, so tests call them with in-memory stores and no HTTP at all.
 */

import type { ApprovalLinkDependencies } from '../../app/remediation/approval-link';
import type { UserDirectory } from '../../domain/identity/user-directory';
import type {
  AuditLog,
  CostStore,
  ExceptionStore,
  FindingStore,
  PostureStore,
  ResourceStore,
  ScanRecordStore,
  ScanRunStore,
  ScanStarter,
} from '../../domain/ports';
import type {
  ApprovalSignal,
  RemediationStore,
  RemediationWorkflowStarter,
  SavingsLedgerStore,
} from '../../domain/remediation/ports';
import type { ResponseBody } from '../../shared/contract/api';
import type { OperationId } from '../../shared/contract/routes';
import type { AlertingDependencies } from './alerting';
import type { DeploymentSettings } from './deployment-settings';
import type { ScheduleApiDependencies } from './schedule-shared';

/** What the remediation routes need besides the inventory and findings. */
export interface RemediationWiring {
  readonly store: RemediationStore;
  readonly starter: RemediationWorkflowStarter;
  readonly signal: ApprovalSignal;
  /** The realized savings ledger the workflow and the analysis keep. */
  readonly ledger: SavingsLedgerStore;
  /**
   * Verifies emailed approval links and spends their nonces.
   * @default none: the approval link routes answer 500
   */
  readonly approvalLinks?: ApprovalLinkDependencies;
  /** Accounts opted in as a whole, for the preview's pre-flight. @default none */
  readonly optedInAccounts?: ReadonlySet<string>;
}

/** The authenticated caller, as the Cognito authorizer's claims describe it. */
export interface Caller {
  /** Cognito `sub`. */
  readonly subject: string;
  /** `cognito:username`: what the user directory knows the caller by. */
  readonly username: string;
  /** Only when the token says Cognito verified it; for display, never for identity. */
  readonly email?: string;
  /** From the token: as they were when it was issued. */
  readonly groups: readonly string[];
}

/** The request as the router hands it over: raw strings, validated by each operation. */
export interface ApiRequest {
  readonly caller: Caller;
  /** Path parameters, URL-decoded. */
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  /** Query parameters; empty values are already dropped. */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
}

/** Everything operations may touch, created once per Lambda container. */
export interface ApiDependencies {
  readonly resources: ResourceStore;
  readonly scanRuns: ScanRunStore;
  readonly scans: ScanStarter;
  /** Scans as a whole (planned jobs, reports) and the one-scan-at-a-time claim. */
  readonly scanRecords: ScanRecordStore;
  readonly findings: FindingStore;
  readonly exceptions: ExceptionStore;
  /** Per-account posture snapshots the analysis writes. */
  readonly posture: PostureStore;
  readonly audit: AuditLog;
  /** Cost Explorer data the cost refresh stores. */
  readonly costs: CostStore;
  /** Asked before every non-GET route, so a revoked user's still-valid token cannot change anything. */
  readonly directory: UserDirectory;
  /** Schedules, assignments, overrides and the scheduler's activity. */
  readonly schedules: ScheduleApiDependencies;
  /** Remediation requests, the workflow they start, and the approval signal. */
  readonly remediation: RemediationWiring;
  /** Alerts, recipients and digests. @default an empty alert store without subscriptions */
  readonly alerting?: AlertingDependencies;
  /** The configuration in force, for `GET /settings`. @default none: the route answers 500 */
  readonly settings?: DeploymentSettings;
}

export interface OperationResult<Body = unknown> {
  /** @default 200 */
  readonly statusCode?: number;
  readonly body: Body;
}

/**
 * The implementation of one operation, typed by the response contract: `Operation<'listAlerts'>`
 * must answer with `ResponseBody<'listAlerts'>`, so a handler and the dashboard cannot drift apart.
 */
export type Operation<Id extends OperationId = OperationId> = (
  request: ApiRequest,
  dependencies: ApiDependencies,
) => Promise<OperationResult<ResponseBody<Id>>>;
