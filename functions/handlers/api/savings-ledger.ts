import { z } from 'zod';
import {
  DAYS_PER_MONTH,
  estimatedToDateUsd,
  heldHours,
  ledgerTotals,
  realizedUsd,
} from '../../domain/remediation/savings-ledger';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * `GET /remediation/savings`: what verified fixes realized (observed in effect) against what their
 * estimates promised, in total and per action over every entry, and a page of entries newest first.
 */
export const getSavingsLedger: Operation<'getSavingsLedger'> = async (request, dependencies) => {
  const query = parseInput(
    z.object({ limit: integerParameter(1, 200, 50), cursor: cursorParameter }),
    request.query,
  );
  const now = new Date();
  const [page, all] = await Promise.all([
    dependencies.remediation.ledger.list(query),
    dependencies.remediation.ledger.all(),
  ]);
  return {
    body: {
      currency: 'USD',
      asOf: now.toISOString(),
      daysPerMonth: round2(DAYS_PER_MONTH),
      totals: ledgerTotals(all, now),
      items: page.items.map((entry) => ({
        ...entry,
        realizedUsd: round2(realizedUsd(entry, now)),
        heldDays: round2(heldHours(entry, now) / 24),
        estimatedToDateUsd: round2(estimatedToDateUsd(entry, now)),
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    },
  };
};
