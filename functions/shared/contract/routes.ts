/**
 * The API's route list, defined once: the CDK API builds its resources, methods, authorizer and
 * request validation from it, the local server routes by it, and a test walks it to prove every route
 * answers 401 without a token and 403 to a group below `minimumGroup`.
 */

/** Cognito groups, in increasing privilege: each includes what the ones before it may do. */
export const GROUPS = ['viewer', 'operator', 'admin'] as const;
export type Group = (typeof GROUPS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  /** Unique name; the API handler dispatches on it. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway resource path under `/api`, with `{param}` placeholders. */
  readonly path: string;
  /** Lowest group that may call the route. */
  readonly minimumGroup: Group;
  /** Query string parameters the route accepts; API Gateway validates their presence where required. */
  readonly query?: readonly { readonly name: string; readonly required?: boolean }[];
  /** Whether the route takes a JSON body (validated as JSON by API Gateway, by schema in the handler). */
  readonly body?: boolean;
}

export const ROUTES = [
  {
    operationId: 'listResources',
    method: 'GET',
    path: '/resources',
    minimumGroup: 'viewer',
    query: [
      { name: 'accountId' },
      { name: 'region' },
      { name: 'type' },
      { name: 'state' },
      { name: 'tag' },
      { name: 'includeGone' },
      { name: 'q' },
      { name: 'match' },
      { name: 'order' },
      { name: 'limit' },
      { name: 'cursor' },
    ],
  },
  { operationId: 'getResource', method: 'GET', path: '/resources/{id}', minimumGroup: 'viewer' },
  { operationId: 'listAccounts', method: 'GET', path: '/accounts', minimumGroup: 'viewer' },
  {
    operationId: 'listScans',
    method: 'GET',
    path: '/scans',
    minimumGroup: 'viewer',
    query: [{ name: 'accountId' }, { name: 'limit' }, { name: 'cursor' }],
  },
  { operationId: 'getMe', method: 'GET', path: '/me', minimumGroup: 'viewer' },
  { operationId: 'startScan', method: 'POST', path: '/scans', minimumGroup: 'admin' },
  {
    operationId: 'listSecurityFindings',
    method: 'GET',
    path: '/security/findings',
    minimumGroup: 'viewer',
    query: [
      { name: 'accountId' },
      { name: 'severity' },
      { name: 'ruleId' },
      { name: 'status' },
      { name: 'framework' },
      { name: 'limit' },
      { name: 'cursor' },
    ],
  },
  {
    operationId: 'getPosture',
    method: 'GET',
    path: '/posture',
    minimumGroup: 'viewer',
    query: [{ name: 'accountId' }],
  },
  {
    operationId: 'exportPosture',
    method: 'GET',
    path: '/posture/export',
    minimumGroup: 'viewer',
    query: [{ name: 'format' }, { name: 'accountId' }],
  },
  { operationId: 'listExceptions', method: 'GET', path: '/exceptions', minimumGroup: 'viewer' },
  { operationId: 'createException', method: 'POST', path: '/exceptions', minimumGroup: 'admin', body: true },
  { operationId: 'deleteException', method: 'DELETE', path: '/exceptions/{id}', minimumGroup: 'admin' },
  {
    operationId: 'listAuditEvents',
    method: 'GET',
    path: '/audit',
    minimumGroup: 'admin',
    query: [{ name: 'limit' }, { name: 'cursor' }],
  },
  { operationId: 'getCostSummary', method: 'GET', path: '/cost/summary', minimumGroup: 'viewer' },
  {
    operationId: 'getCostBreakdown',
    method: 'GET',
    path: '/cost/breakdown',
    minimumGroup: 'viewer',
    query: [{ name: 'by', required: true }, { name: 'from' }, { name: 'to' }, { name: 'tagKey' }],
  },
  {
    operationId: 'listTopCostResources',
    method: 'GET',
    path: '/cost/top-resources',
    minimumGroup: 'viewer',
    query: [{ name: 'accountId' }, { name: 'limit' }],
  },
  {
    operationId: 'listSavings',
    method: 'GET',
    path: '/savings',
    minimumGroup: 'viewer',
    query: [{ name: 'accountId' }, { name: 'limit' }],
  },
  {
    operationId: 'listFindings',
    method: 'GET',
    path: '/findings',
    minimumGroup: 'viewer',
    query: [
      { name: 'category' },
      { name: 'severity' },
      { name: 'account' },
      { name: 'status' },
      { name: 'limit' },
      { name: 'cursor' },
    ],
  },
  {
    operationId: 'listAlerts',
    method: 'GET',
    path: '/alerts',
    minimumGroup: 'viewer',
    query: [
      { name: 'status' },
      { name: 'severity' },
      { name: 'accountId' },
      { name: 'resourceId' },
      { name: 'limit' },
    ],
  },
  {
    operationId: 'acknowledgeAlert',
    method: 'POST',
    path: '/alerts/{id}/acknowledge',
    minimumGroup: 'operator',
  },
  { operationId: 'resolveAlert', method: 'POST', path: '/alerts/{id}/resolve', minimumGroup: 'operator' },
  {
    operationId: 'listResourceAlerts',
    method: 'GET',
    path: '/resources/{id}/alerts',
    minimumGroup: 'viewer',
  },
  { operationId: 'listSubscriptions', method: 'GET', path: '/subscriptions', minimumGroup: 'admin' },
  {
    operationId: 'createSubscription',
    method: 'POST',
    path: '/subscriptions',
    minimumGroup: 'admin',
    body: true,
  },
  { operationId: 'deleteSubscription', method: 'DELETE', path: '/subscriptions/{id}', minimumGroup: 'admin' },
  {
    operationId: 'previewDigest',
    method: 'GET',
    path: '/digest/preview',
    minimumGroup: 'viewer',
    query: [{ name: 'kind' }],
  },
  { operationId: 'getHealthOverview', method: 'GET', path: '/health/overview', minimumGroup: 'viewer' },
  { operationId: 'getSettings', method: 'GET', path: '/settings', minimumGroup: 'admin' },
  { operationId: 'listSchedules', method: 'GET', path: '/schedules', minimumGroup: 'viewer' },
  {
    operationId: 'putSchedule',
    method: 'PUT',
    path: '/schedules/{name}',
    minimumGroup: 'operator',
    body: true,
  },
  { operationId: 'deleteSchedule', method: 'DELETE', path: '/schedules/{name}', minimumGroup: 'operator' },
  {
    operationId: 'createScheduleAssignment',
    method: 'POST',
    path: '/schedule-assignments',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'deleteScheduleAssignment',
    method: 'DELETE',
    path: '/schedule-assignments/{resourceId}',
    minimumGroup: 'operator',
  },
  {
    operationId: 'createScheduleOverride',
    method: 'POST',
    path: '/schedule-overrides',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'deleteScheduleOverride',
    method: 'DELETE',
    path: '/schedule-overrides/{id}',
    minimumGroup: 'operator',
  },
  {
    operationId: 'previewScheduleSuggestion',
    method: 'GET',
    path: '/schedule-suggestions/{findingId}',
    minimumGroup: 'viewer',
    query: [{ name: 'timeZone' }],
  },
  {
    operationId: 'applyScheduleSuggestion',
    method: 'POST',
    path: '/schedule-suggestions/{findingId}/apply',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'getResourceSchedule',
    method: 'GET',
    path: '/resources/{id}/schedule',
    minimumGroup: 'viewer',
  },
  {
    operationId: 'listRemediations',
    method: 'GET',
    path: '/remediations',
    minimumGroup: 'viewer',
    query: [{ name: 'limit' }, { name: 'cursor' }],
  },
  {
    operationId: 'previewRemediation',
    method: 'GET',
    path: '/remediations/preview',
    minimumGroup: 'viewer',
    query: [{ name: 'findingId', required: true }, { name: 'actionId' }],
  },
  // After /remediations/preview: a router matching in order must try the static path first.
  { operationId: 'getRemediation', method: 'GET', path: '/remediations/{id}', minimumGroup: 'viewer' },
  {
    operationId: 'requestRemediation',
    method: 'POST',
    path: '/remediations',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'approveRemediation',
    method: 'POST',
    path: '/remediations/{id}/approve',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'rejectRemediation',
    method: 'POST',
    path: '/remediations/{id}/reject',
    minimumGroup: 'operator',
    body: true,
  },
  // Opened from the emailed link: signed in as an operator like the buttons above (see approval-link.ts);
  // POST so that the token travels in the body, never in a URL that access logs keep.
  {
    operationId: 'readApprovalLink',
    method: 'POST',
    path: '/remediations/{id}/approval-link',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'decideByApprovalLink',
    method: 'POST',
    path: '/remediations/{id}/approval-link/decision',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'undoRemediation',
    method: 'POST',
    path: '/remediations/{id}/undo',
    minimumGroup: 'operator',
    body: true,
  },
  {
    operationId: 'listRemediationActions',
    method: 'GET',
    path: '/remediation/actions',
    minimumGroup: 'viewer',
  },
  {
    operationId: 'getSavingsLedger',
    method: 'GET',
    path: '/remediation/savings',
    minimumGroup: 'viewer',
    query: [{ name: 'limit' }, { name: 'cursor' }],
  },
  {
    operationId: 'updateRemediationSettings',
    method: 'PUT',
    path: '/remediation/settings',
    minimumGroup: 'admin',
    body: true,
  },
] as const satisfies readonly RouteDefinition[];

export type OperationId = (typeof ROUTES)[number]['operationId'];

/** True when `group` is at least `minimum` in privilege. */
export function groupAllows(groups: readonly string[], minimum: Group): boolean {
  const rank = (g: string) => GROUPS.indexOf(g as Group);
  return groups.some((g) => rank(g) >= rank(minimum));
}
