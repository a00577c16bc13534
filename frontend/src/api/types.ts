/**
 * Shapes of the API's responses: the response contract (functions/shared/contract/api.ts) and the
 * domain types it is built from, imported type-only, so nothing server-side is bundled into the
 * dashboard and a response the handlers change is a compile error here.
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
  AccountPosture,
  AccountSummary,
  CostBreakdown,
  CountedPage,
  DailyCost,
  DeploymentSettings,
  DigestPreview,
  ExceptionEffect,
  ListedException,
  Me,
  Page,
  Posture,
  PostureControl,
  PostureFramework,
  PresentedResource as InventoryResource,
  ReportedFinding,
  ResponseBody,
  RevokedException,
  Savings,
  ScanProgress,
  ScanScope,
  SecurityFindingCounts,
  SecurityFindings,
  StartedScan,
  TopCostResource,
} from '../../../functions/shared/contract/api';
export type {
  AppliedSuggestion,
  Override,
  ResourceSchedule,
  ScheduleList,
  SuggestionPreview,
} from '../../../functions/shared/contract/schedules-api';

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
  /** Name (or id) search, case-insensitive. */
  readonly q?: string;
  /** `prefix` (the default) matches from the start of the name; `contains` anywhere (slower). */
  readonly match?: 'prefix' | 'contains';
  /** Name order. @default 'asc' */
  readonly order?: 'asc' | 'desc';
  /** 1 to 500. @default the API's default */
  readonly limit?: number;
  readonly cursor?: string;
}
