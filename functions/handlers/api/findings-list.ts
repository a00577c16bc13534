import { z } from 'zod';
import {
  AccountIdSchema,
  compareSeverity,
  type Finding,
  FindingCategorySchema,
  FindingStatusSchema,
  SeveritySchema,
} from '../../domain/model';
import { offsetCursor } from '../../shared/cursor';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';
import { reportedFindings } from './reported-findings';

export const MAX_FINDINGS_PAGE = 500;

const FindingsQuerySchema = z.object({
  category: FindingCategorySchema.optional(),
  severity: SeveritySchema.optional(),
  account: AccountIdSchema.optional(),
  status: FindingStatusSchema.default('open'),
  limit: integerParameter(1, MAX_FINDINGS_PAGE, 100),
  cursor: cursorParameter,
});

/**
 * `GET /findings?category&severity&account&status`: findings of every category (status `open` by
 * default), most severe first, then largest saving, then id; paged with an opaque cursor.
 */
export const listFindings: Operation<'listFindings'> = async (request, { findings }) => {
  const query = parseInput(FindingsQuerySchema, request.query);
  const offset = offsetCursor.decode(query.cursor);
  const source: readonly Finding[] = query.category
    ? await findings.listByCategory(query.category)
    : query.account
      ? await findings.listByAccount(query.account)
      : (await Promise.all(FindingCategorySchema.options.map((c) => findings.listByCategory(c)))).flat();
  const matching = source
    .filter(
      (f) =>
        f.status === query.status &&
        (query.severity === undefined || f.severity === query.severity) &&
        (query.account === undefined || f.accountId === query.account),
    )
    .sort(
      (a, b) =>
        compareSeverity(a.severity, b.severity) ||
        (b.monthlySavingsUsd ?? 0) - (a.monthlySavingsUsd ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const items = reportedFindings(matching.slice(offset, offset + query.limit));
  const next = offset + items.length;
  return {
    body: {
      total: matching.length,
      items,
      ...(next < matching.length ? { nextCursor: offsetCursor.encode(next) } : {}),
    },
  };
};
