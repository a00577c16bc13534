import type { OperationId } from '../../shared/contract/routes';
import { listAuditEvents } from './audit-list';
import { createException } from './exceptions-create';
import { deleteException } from './exceptions-delete';
import { listExceptions } from './exceptions-list';
import { getMe } from './get-me';
import { getResource } from './get-resource';
import { listAccounts } from './list-accounts';
import { listResources } from './list-resources';
import { listScans } from './list-scans';
import type { Operation } from './operation';
import { exportPosture } from './posture-export';
import { getPosture } from './posture-get';
import { listSecurityFindings } from './security-findings';
import { startScan } from './start-scan';

/** Every route's implementation, keyed by operationId: a route without one fails to typecheck. */
export const OPERATIONS: Readonly<Record<OperationId, Operation>> = {
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
};
