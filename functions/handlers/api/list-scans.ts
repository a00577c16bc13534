import { z } from 'zod';
import { AccountIdSchema } from '../../domain/model';
import { scanProgress } from '../../domain/scan/scan';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';

export const MAX_SCAN_PAGE_SIZE = 100;
export const DEFAULT_SCAN_PAGE_SIZE = 20;

const ListScansQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  limit: integerParameter(1, MAX_SCAN_PAGE_SIZE, DEFAULT_SCAN_PAGE_SIZE),
  cursor: cursorParameter,
});

/**
 * `GET /scans`: scans, newest first, each with its status: `running` while jobs may still report,
 * `incomplete` with the jobs that never ran (the execution crashed or timed out), or the worst
 * status of its jobs. `accountId` narrows each scan's jobs to one account.
 */
export const listScans: Operation<'listScans'> = async (request, { scanRecords }) => {
  const query = parseInput(ListScansQuerySchema, request.query);
  const page = await scanRecords.list({ limit: query.limit, cursor: query.cursor });
  const now = new Date();
  const items = page.items
    .map((scan) => scanProgress(scan, now, query.accountId))
    .filter((progress) => progress.plannedJobs > 0 || query.accountId === undefined);
  return { body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
};
