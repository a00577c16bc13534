/**
 * Shapes of the API's responses. Domain types are imported type-only, so nothing server-side is
 * bundled into the dashboard.
 */
import type { Alert, AlertStatus } from '../../../functions/domain/alerts/alert';
import type { AccountHealth } from '../../../functions/domain/alerts/overview';
import type { Subscription } from '../../../functions/domain/alerts/subscriptions';
import type {
  Finding,
  FindingCategory,
  Resource,
  ResourceType,
  ScanRun,
  ScanStatus,
  Severity,
} from '../../../functions/domain/model';
import type { AuditEvent } from '../../../functions/domain/posture/audit-event';
import type { Exception, ExceptionScope } from '../../../functions/domain/posture/exceptions';
import type { ControlScore, FailingResource, FrameworkScore } from '../../../functions/domain/posture/score';

export type {
  AccountHealth,
  Alert,
  AlertStatus,
  AuditEvent,
  ControlScore,
  Exception,
  ExceptionScope,
  FailingResource,
  Finding,
  FindingCategory,
  FrameworkScore,
  Resource,
  ResourceType,
  ScanRun,
  ScanStatus,
  Severity,
  Subscription,
};

/**
 * A resource as `GET /resources` and `GET /resources/{id}` send it: `lastSeen` is when its type was
 * last collected successfully in its account and region; `lastChanged` when its content last changed.
 */
export type InventoryResource = Resource & {
  readonly lastChanged?: string;
  readonly lastCollectedAt?: string;
};

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** Filters of `GET /resources`. */
export interface ResourceQuery {
  readonly accountId?: string;
  readonly region?: string;
  readonly type?: ResourceType;
  readonly state?: string;
  /** `key` or `key=value`. */
  readonly tag?: string;
  /** @default false */
  readonly includeGone?: boolean;
  /** 1 to 500. @default the API's default */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ScanScope {
  readonly region: string;
  readonly lastScan: ScanRun;
}

export interface AccountSummary {
  readonly accountId: string;
  readonly name?: string;
  readonly scopes: readonly ScanScope[];
  /**
   * Jobs of the latest scan in this account that never ran (`incomplete`: the execution crashed or
   * timed out) or have not reported yet (`running`); their scopes show an earlier scan's result.
   */
  readonly notRun?: {
    readonly scanId: string;
    readonly status: 'running' | 'incomplete';
    readonly regions: readonly string[];
  };
}

export interface Me {
  readonly subject: string;
  readonly username: string;
  /** Empty unless Cognito verified it. */
  readonly email: string;
  /** What the audit trail shows for this user: the verified email, else the username. */
  readonly name: string;
  readonly groups: readonly string[];
}

export interface ScanStarted {
  readonly scanId: string;
}
