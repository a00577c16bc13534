import type { OperationId } from '../../shared/contract/routes';
import { getMe } from './get-me';
import { getResource } from './get-resource';
import { listAccounts } from './list-accounts';
import { listResources } from './list-resources';
import { listScans } from './list-scans';
import type { Operation } from './operation';
import { startScan } from './start-scan';

/** Every route's implementation, keyed by operationId: a route without one fails to typecheck. */
export const OPERATIONS: Readonly<Record<OperationId, Operation>> = {
  listResources,
  getResource,
  listAccounts,
  listScans,
  getMe,
  startScan,
};
