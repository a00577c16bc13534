import { z } from 'zod';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';

export const MAX_AUDIT_PAGE_SIZE = 200;
export const DEFAULT_AUDIT_PAGE_SIZE = 50;

const ListAuditQuerySchema = z.object({
  limit: integerParameter(1, MAX_AUDIT_PAGE_SIZE, DEFAULT_AUDIT_PAGE_SIZE),
  cursor: cursorParameter,
});

/** `GET /audit`: the audit log, newest first, one page at a time. */
export const listAuditEvents: Operation<'listAuditEvents'> = async (request, { audit }) => {
  const query = parseInput(ListAuditQuerySchema, request.query);
  const page = await audit.list({ limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
};
