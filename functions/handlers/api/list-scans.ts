import { z } from 'zod';
import { AccountIdSchema } from '../../domain/model';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';

export const MAX_SCAN_PAGE_SIZE = 200;
export const DEFAULT_SCAN_PAGE_SIZE = 50;

const ListScansQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  limit: integerParameter(1, MAX_SCAN_PAGE_SIZE, DEFAULT_SCAN_PAGE_SIZE),
  cursor: cursorParameter,
});

/** `GET /scans`: scan runs, newest first as the store orders them, optionally for one account. */
export const listScans: Operation<'listScans'> = async (request, { scanRuns }) => {
  const query = parseInput(ListScansQuerySchema, request.query);
  const page = await scanRuns.list({ accountId: query.accountId, limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
};
