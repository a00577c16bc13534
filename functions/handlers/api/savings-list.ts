import { z } from 'zod';
import { AccountIdSchema } from '../../domain/model';
import { round2 } from './cost-shared';
import type { Operation } from './operation';
import { integerParameter, parseInput } from './parse';
import { reportedFindings } from './reported-findings';

export const MAX_SAVINGS_PAGE = 500;

const SavingsQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  limit: integerParameter(1, MAX_SAVINGS_PAGE, 100),
});

/**
 * `GET /savings`: open cost findings with a saving, largest monthly saving first, with their evidence,
 * and totals (over all of them, not just the page) per rule.
 */
export const listSavings: Operation<'listSavings'> = async (request, { findings }) => {
  const query = parseInput(SavingsQuerySchema, request.query);
  const open = (await findings.listByCategory('cost')).filter(
    (f) =>
      f.status === 'open' &&
      f.monthlySavingsUsd !== undefined &&
      (query.accountId === undefined || f.accountId === query.accountId),
  );
  open.sort((a, b) => (b.monthlySavingsUsd ?? 0) - (a.monthlySavingsUsd ?? 0) || (a.id < b.id ? -1 : 1));
  const byRule = new Map<string, { ruleId: string; count: number; monthlyUsd: number }>();
  for (const f of open) {
    const rule = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, count: 0, monthlyUsd: 0 };
    rule.count++;
    rule.monthlyUsd += f.monthlySavingsUsd ?? 0;
    byRule.set(f.ruleId, rule);
  }
  const monthlyUsd = open.reduce((t, f) => t + (f.monthlySavingsUsd ?? 0), 0);
  return {
    body: {
      currency: 'USD',
      totals: {
        count: open.length,
        monthlyUsd: round2(monthlyUsd),
        annualUsd: round2(monthlyUsd * 12),
        byRule: [...byRule.values()]
          .map((r) => ({ ...r, monthlyUsd: round2(r.monthlyUsd) }))
          .sort((a, b) => b.monthlyUsd - a.monthlyUsd),
      },
      items: reportedFindings(open.slice(0, query.limit)),
    },
  };
};
