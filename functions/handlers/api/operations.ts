import type { OperationId } from '../../shared/contract/routes';
import { acknowledgeAlert } from './alerts-acknowledge';
import { listAlerts } from './alerts-list';
import { resolveAlert } from './alerts-resolve';
import { decideByApprovalLink, readApprovalLinkRoute } from './approval-links';
import { listAuditEvents } from './audit-list';
import { getCostBreakdown } from './cost-breakdown';
import { getCostSummary } from './cost-summary';
import { listTopCostResources } from './cost-top-resources';
import { previewDigest } from './digest-preview';
import { createException } from './exceptions-create';
import { deleteException } from './exceptions-delete';
import { listExceptions } from './exceptions-list';
import { listFindings } from './findings-list';
import { getMe } from './get-me';
import { getResource } from './get-resource';
import { getHealthOverview } from './health-overview';
import { listAccounts } from './list-accounts';
import { listResources } from './list-resources';
import { listScans } from './list-scans';
import type { Operation } from './operation';
import { exportPosture } from './posture-export';
import { getPosture } from './posture-get';
import {
  approveRemediation,
  getRemediation,
  listRemediationActions,
  listRemediations,
  previewRemediation,
  rejectRemediation,
  requestRemediationRoute,
  undoRemediation,
  updateRemediationSettings,
} from './remediations';
import { listResourceAlerts } from './resource-alerts';
import { getResourceSchedule } from './resource-schedule';
import { getSavingsLedger } from './savings-ledger';
import { listSavings } from './savings-list';
import { createScheduleAssignment, deleteScheduleAssignment } from './schedule-assignments';
import { createScheduleOverride, deleteScheduleOverride } from './schedule-overrides';
import { applyScheduleSuggestion, previewScheduleSuggestion } from './schedule-suggestions';
import { deleteSchedule } from './schedules-delete';
import { listSchedules } from './schedules-list';
import { putSchedule } from './schedules-put';
import { listSecurityFindings } from './security-findings';
import { getSettings } from './settings-get';
import { startScan } from './start-scan';
import { createSubscription } from './subscriptions-create';
import { deleteSubscription } from './subscriptions-delete';
import { listSubscriptions } from './subscriptions-list';

/** Every route's implementation, keyed by operationId: a route without one fails to typecheck. */
export const OPERATIONS: { readonly [Id in OperationId]: Operation<Id> } = {
  listResources,
  getResource,
  listAccounts,
  listScans,
  getMe,
  startScan,
  listSecurityFindings,
  getPosture,
  exportPosture,
  listExceptions,
  createException,
  deleteException,
  listAuditEvents,
  getCostSummary,
  getCostBreakdown,
  listTopCostResources,
  listSavings,
  listFindings,
  listAlerts,
  acknowledgeAlert,
  resolveAlert,
  listResourceAlerts,
  listSubscriptions,
  createSubscription,
  deleteSubscription,
  previewDigest,
  getHealthOverview,
  getSettings,
  listSchedules,
  putSchedule,
  deleteSchedule,
  createScheduleAssignment,
  deleteScheduleAssignment,
  createScheduleOverride,
  deleteScheduleOverride,
  previewScheduleSuggestion,
  applyScheduleSuggestion,
  getResourceSchedule,
  listRemediations,
  getRemediation,
  previewRemediation,
  requestRemediation: requestRemediationRoute,
  approveRemediation,
  rejectRemediation,
  undoRemediation,
  listRemediationActions,
  updateRemediationSettings,
  getSavingsLedger,
  readApprovalLink: readApprovalLinkRoute,
  decideByApprovalLink,
};
