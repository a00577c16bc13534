import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiRequest } from '../../functions/handlers/api/operation';
import { getSavingsLedger } from '../../functions/handlers/api/savings-ledger';
import { ACTED_AT, ledgerEntry } from '../domain/remediation/savings-ledger.fixtures';
import { dependencies } from './api/fixtures';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(ACTED_AT) + days * DAY).toISOString();

function request(query: Record<string, string> = {}): ApiRequest {
  return {
    caller: { subject: 'v1', username: 'victor', groups: ['viewer'] },
    pathParameters: {},
    query,
    body: undefined,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at(20)));
});
afterEach(() => vi.useRealTimers());

describe('GET /remediation/savings', () => {
  it('answers realized against estimated over every entry, and a page of entries newest first', async () => {
    // Prepare: a stop confirmed for 10 days, a gp3 change reverted after 2 confirmed days.
    const deps = dependencies();
    await deps.remediation.ledger.put(ledgerEntry({ lastConfirmedAt: at(10) }));
    await deps.remediation.ledger.put(
      ledgerEntry({
        itemId: '1',
        actionId: 'ebs-gp2-to-gp3',
        expectedMonthlyUsd: 36.5,
        actedAt: at(1),
        lastConfirmedAt: at(3),
        status: 'reverted',
        endedAt: at(5),
        endDetail: 'the volume is gp2',
      }),
    );
    // Act
    const { body } = await getSavingsLedger(request({ limit: '1' }), deps);
    const next = await getSavingsLedger(request({ limit: '1', cursor: body.nextCursor ?? '' }), deps);
    // Assess: 73 a month is 2.40 a day; 36.50 is 1.20.
    expect(body.asOf).toBe(at(20));
    expect(body.daysPerMonth).toBe(30.42);
    expect(body.totals).toMatchObject({
      entries: 2,
      holding: 1,
      reverted: 1,
      realizedUsd: 24 + 2.4,
      estimatedToDateUsd: 48 + 4.8,
      holdingMonthlyUsd: 73,
    });
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      itemId: '1',
      realizedUsd: 2.4,
      heldDays: 2,
      estimatedToDateUsd: 4.8,
    });
    expect(next.body.items[0]).toMatchObject({
      itemId: '0',
      realizedUsd: 24,
      heldDays: 10,
      estimatedToDateUsd: 48,
    });
    expect(next.body.nextCursor).toBeUndefined();
  });

  it('answers zeros with an empty ledger', async () => {
    const { body } = await getSavingsLedger(request(), dependencies());
    expect(body.totals).toMatchObject({ entries: 0, realizedUsd: 0, estimatedToDateUsd: 0, byAction: [] });
    expect(body.items).toEqual([]);
  });
});
