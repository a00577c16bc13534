import { describe, expect, it } from 'vitest';
import type { AccountServiceCost } from '../../../functions/domain/cost/cost-record';
import { dayRange } from '../../../functions/domain/cost/dates';
import type { RemediationItem } from '../../../functions/domain/remediation/remediation';
import {
  checkEntry,
  costCrossCheck,
  costWindowOpen,
  estimatedToDateUsd,
  heldHours,
  ledgerEntryFor,
  ledgerTotals,
  realizedUsd,
  undoEntry,
} from '../../../functions/domain/remediation/savings-ledger';
import { ACTED_AT, ledgerEntry } from './savings-ledger.fixtures';

const day = (n: number) => new Date(Date.parse(ACTED_AT) + n * 86_400_000);
const iso = (n: number) => day(n).toISOString();
const SERVICE = 'Amazon Elastic Compute Cloud - Compute';

describe('realized savings', () => {
  it('prorates the monthly estimate over the days observed in effect: $73 a month held 10 days is $24', () => {
    // Prepare: confirmed by a collection ten days after the act, read a month later.
    const entry = ledgerEntry({ lastConfirmedAt: iso(10) });
    // Act
    const realized = realizedUsd(entry, day(30));
    // Assess: 73 / (730 / 24) × 10 = 24.00 — the twenty days since the last confirmation are not counted.
    expect(heldHours(entry, day(30))).toBe(240);
    expect(realized).toBeCloseTo(24, 10);
    expect(estimatedToDateUsd(entry, day(30))).toBeCloseTo(72, 10);
  });

  it('counts nothing for an entry not yet observed after the act', () => {
    // Prepare: only the verify step (seconds after the act) has seen it.
    const entry = ledgerEntry({ lastConfirmedAt: '2026-11-01T12:00:00.000Z' });
    // Act + Assess
    expect(realizedUsd(entry, day(3))).toBe(0);
  });

  it('never counts past now, even if a confirmation is stamped later than the clock', () => {
    const entry = ledgerEntry({ lastConfirmedAt: iso(5) });
    expect(heldHours(entry, day(2))).toBe(48);
  });
});

describe('checkEntry', () => {
  const holds = { verdict: true as const, findingRaised: false, present: true };

  it('moves the confirmation to a collection after the last one when the change still holds', () => {
    const entry = ledgerEntry();
    const next = checkEntry(entry, { ...holds, collectedAt: iso(1) }, day(1));
    expect(next).toMatchObject({ status: 'holding', lastConfirmedAt: iso(1), updatedAt: iso(1) });
  });

  it('ignores a collection that started before the last confirmation: it may predate the change', () => {
    const entry = ledgerEntry({ lastConfirmedAt: iso(2) });
    expect(checkEntry(entry, { ...holds, collectedAt: iso(1) }, day(3))).toBe(entry);
    expect(checkEntry(entry, { ...holds, collectedAt: undefined }, day(3))).toBe(entry);
  });

  it('records the first collection that finds it reverted, and stops the realized figure at the last confirmation', () => {
    // Prepare: confirmed on day 4, seen running again on day 6.
    const entry = ledgerEntry({ lastConfirmedAt: iso(4) });
    // Act
    const next = checkEntry(
      entry,
      { verdict: 'the instance is running', findingRaised: false, present: true, collectedAt: iso(6) },
      day(6),
    );
    const later = checkEntry(next, { ...holds, collectedAt: iso(8) }, day(8));
    // Assess
    expect(next).toMatchObject({ status: 'reverted', endedAt: iso(6), endDetail: 'the instance is running' });
    expect(later).toBe(next);
    expect(realizedUsd(later, day(30))).toBeCloseTo((73 / (730 / 24)) * 4, 10);
    // The estimate is compared over the period tracked (act to the revert), not until now.
    expect(estimatedToDateUsd(later, day(30))).toBeCloseTo((73 / (730 / 24)) * 6, 10);
  });

  it('counts the rule raised again on the resource as a revert', () => {
    const next = checkEntry(
      ledgerEntry(),
      { verdict: true, findingRaised: true, present: true, collectedAt: iso(2) },
      day(2),
    );
    expect(next).toMatchObject({
      status: 'reverted',
      endDetail: 'the ec2-idle-instance finding is raised again',
    });
  });

  it('ends, but does not call reverted, a change whose resource is gone (a stopped instance terminated)', () => {
    const next = checkEntry(
      ledgerEntry({ lastConfirmedAt: iso(3) }),
      { verdict: 'the instance no longer exists', findingRaised: false, present: false, collectedAt: iso(4) },
      day(4),
    );
    expect(next).toMatchObject({
      status: 'gone',
      endedAt: iso(4),
      endDetail: 'the instance no longer exists',
    });
    expect(realizedUsd(next, day(30))).toBeCloseTo((73 / (730 / 24)) * 3, 10);
  });
});

describe('undoEntry', () => {
  it('ends a holding entry at the undo and keeps what was confirmed before it', () => {
    const entry = ledgerEntry({ lastConfirmedAt: iso(3) });
    const undone = undoEntry(entry, 'remediation rem-20261105-bbbb2222', day(4));
    expect(undone).toMatchObject({
      status: 'undone',
      endedAt: iso(4),
      endDetail: 'undone by remediation rem-20261105-bbbb2222',
    });
    expect(realizedUsd(undone, day(30))).toBeCloseTo((73 / (730 / 24)) * 3, 10);
    expect(
      checkEntry(undone, { verdict: true, findingRaised: false, present: true, collectedAt: iso(5) }, day(5)),
    ).toBe(undone);
  });

  it('leaves an entry already reverted as it is', () => {
    const reverted = ledgerEntry({ status: 'reverted', endedAt: iso(2) });
    expect(undoEntry(reverted, 'x', day(3))).toBe(reverted);
  });
});

describe('costCrossCheck', () => {
  const record = (
    date: string,
    usd: number,
    overrides: Partial<AccountServiceCost> = {},
  ): AccountServiceCost => ({
    series: 'account-service',
    date,
    accountId: '111111111111',
    service: SERVICE,
    unblendedUsd: usd,
    amortizedUsd: usd,
    ...overrides,
  });
  // The act is on 2026-11-01: before is 10-25..10-31, after 11-02..11-08.
  const before = dayRange('2026-10-25', '2026-10-31');
  const after = dayRange('2026-11-02', '2026-11-08');

  it('compares the average daily spend of the account and service on the held days before and after the act', () => {
    // Prepare: $5 a day before, $2.60 after; another account's and another service's spend is ignored.
    const records = [
      ...before.map((d) => record(d, 5)),
      ...after.map((d) => record(d, 2.6)),
      record('2026-11-03', 100, { accountId: '222222222222' }),
      record('2026-11-03', 100, { service: 'EC2 - Other' }),
    ];
    // Act
    const check = costCrossCheck(
      ledgerEntry(),
      SERVICE,
      records,
      new Set([...before, ...after]),
      new Date('2026-11-20T00:00:00Z'),
    );
    // Assess: (5 − 2.6) × 30.4167 = 73.00
    expect(check).toEqual({
      service: SERVICE,
      beforeDays: 7,
      afterDays: 7,
      beforeDailyUsd: 5,
      afterDailyUsd: 2.6,
      observedMonthlyDeltaUsd: 73,
    });
  });

  it('counts a held day without spend as $0 and skips days not held, and uses only days closed by now', () => {
    // Prepare: after the act only 11-02 and 11-03 have closed (now is 11-04); 11-03 has no record.
    const records = [...before.map((d) => record(d, 4)), record('2026-11-02', 2)];
    const held = new Set([...before.slice(3), '2026-11-02', '2026-11-03']);
    // Act
    const check = costCrossCheck(ledgerEntry(), SERVICE, records, held, new Date('2026-11-04T09:00:00Z'));
    // Assess
    expect(check).toMatchObject({ beforeDays: 4, afterDays: 2, beforeDailyUsd: 4, afterDailyUsd: 1 });
    // The after-window ends on 11-08; late cost data is still picked up for a week after that.
    expect(costWindowOpen(ACTED_AT, new Date('2026-11-04T09:00:00Z'))).toBe(true);
    expect(costWindowOpen(ACTED_AT, new Date('2026-11-15T09:00:00Z'))).toBe(true);
    expect(costWindowOpen(ACTED_AT, new Date('2026-11-16T09:00:00Z'))).toBe(false);
  });

  it('has nothing to say without cost data on either side', () => {
    const records = before.map((d) => record(d, 5));
    expect(
      costCrossCheck(ledgerEntry(), SERVICE, records, new Set(before), new Date('2026-11-20T00:00:00Z')),
    ).toBeUndefined();
    expect(
      costCrossCheck(ledgerEntry(), SERVICE, [], new Set(), new Date('2026-11-20T00:00:00Z')),
    ).toBeUndefined();
    // The day after the act has not closed yet.
    expect(
      costCrossCheck(ledgerEntry(), SERVICE, records, new Set(before), new Date('2026-11-02T10:00:00Z')),
    ).toBeUndefined();
  });
});

describe('ledgerEntryFor', () => {
  const item = (overrides: Partial<RemediationItem> = {}): RemediationItem => ({
    remediationId: 'rem-20261101-aaaa1111',
    itemId: '0',
    findingId: 'ec2-idle-instance|arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
    ruleId: 'ec2-idle-instance',
    resourceId: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
    resourceType: 'ec2:instance',
    accountId: '111111111111',
    region: 'eu-west-1',
    status: 'running',
    backupCalls: [],
    actCalls: [],
    expectedMonthlySavingsUsd: 73,
    steps: [{ name: 'act', status: 'succeeded', at: ACTED_AT, detail: 'ec2:StopInstances succeeded' }],
    updatedAt: ACTED_AT,
    ...overrides,
  });
  const source = (i: RemediationItem, kind: 'fix' | 'undo' = 'fix') => ({
    remediation: { kind, actionId: 'ec2-stop-idle-instance' },
    item: i,
    holds: 'The instance is stopping or stopped.',
    costService: SERVICE,
  });

  it('opens a holding entry acted at the act step and confirmed at verification', () => {
    expect(ledgerEntryFor(source(item()), new Date('2026-11-01T12:00:05Z'))).toEqual(ledgerEntry());
  });

  it('opens none for an undo, an item without a saving, or one whose act did not succeed', () => {
    const at = new Date('2026-11-01T12:00:05Z');
    expect(ledgerEntryFor(source(item(), 'undo'), at)).toBeUndefined();
    expect(ledgerEntryFor(source(item({ expectedMonthlySavingsUsd: undefined })), at)).toBeUndefined();
    expect(ledgerEntryFor(source(item({ expectedMonthlySavingsUsd: 0 })), at)).toBeUndefined();
    expect(ledgerEntryFor(source(item({ steps: [] })), at)).toBeUndefined();
  });
});

describe('ledgerTotals', () => {
  it('sums realized and estimated over every entry and per action, and the run rate of what still holds', () => {
    // Prepare: one holding (confirmed day 10), one reverted (confirmed day 2, seen on day 4), one undone.
    const entries = [
      ledgerEntry({ lastConfirmedAt: iso(10) }),
      ledgerEntry({ itemId: '1', status: 'reverted', lastConfirmedAt: iso(2), endedAt: iso(4) }),
      ledgerEntry({
        itemId: '2',
        actionId: 'ebs-gp2-to-gp3',
        expectedMonthlyUsd: 36.5,
        status: 'undone',
        lastConfirmedAt: iso(1),
        endedAt: iso(1),
      }),
    ];
    // Act
    const totals = ledgerTotals(entries, day(10));
    // Assess: per day, 73 a month is 2.40 and 36.50 is 1.20.
    expect(totals).toMatchObject({
      entries: 3,
      holding: 1,
      reverted: 1,
      undone: 1,
      gone: 0,
      realizedUsd: 30,
      estimatedToDateUsd: 34.8,
      holdingMonthlyUsd: 73,
    });
    expect(totals.byAction).toEqual([
      {
        actionId: 'ec2-stop-idle-instance',
        entries: 2,
        holding: 1,
        realizedUsd: 28.8,
        estimatedToDateUsd: 33.6,
        holdingMonthlyUsd: 73,
      },
      {
        actionId: 'ebs-gp2-to-gp3',
        entries: 1,
        holding: 0,
        realizedUsd: 1.2,
        estimatedToDateUsd: 1.2,
        holdingMonthlyUsd: 0,
      },
    ]);
  });
});
