import { describe, expect, it } from 'vitest';
import { MemoryCostStore } from '../../../functions/adapters/memory/cost-store';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemorySavingsLedgerStore } from '../../../functions/adapters/memory/savings-ledger-store';
import { MemoryUtilizationStore } from '../../../functions/adapters/memory/utilization-store';
import { runAnalysis } from '../../../functions/app/analysis/run-analysis';
import { dayRange } from '../../../functions/domain/cost/dates';
import { CE_SERVICES } from '../../../functions/domain/cost/resource-cost';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import type { Resource } from '../../../functions/domain/model';
import type { SavingsLedgerEntry } from '../../../functions/domain/remediation/savings-ledger';
import type { ScopeCollection } from '../../../functions/domain/scan/last-collected';
import { ledgerEntry } from '../../domain/remediation/savings-ledger.fixtures';
import { ACCOUNT, daysAgo, instance, NOW, REGION, volume } from '../../domain/rules/security/builders';

const ACTED = daysAgo(10);
const VERIFIED = new Date(Date.parse(ACTED) + 5000).toISOString();
const COLLECTED = daysAgo(1);
const INSTANCE = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-stopped`;
const GP3 = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-gp3`;
const DELETED = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-deleted`;

const entry = (itemId: string, overrides: Partial<SavingsLedgerEntry>) =>
  ledgerEntry({
    itemId,
    accountId: ACCOUNT,
    region: REGION,
    actedAt: ACTED,
    lastConfirmedAt: VERIFIED,
    ...overrides,
  });

/** Remembers what the analysis wrote. */
class RecordingLedger extends MemorySavingsLedgerStore {
  readonly puts: SavingsLedgerEntry[] = [];
  override async put(e: SavingsLedgerEntry): Promise<void> {
    this.puts.push(e);
    await super.put(e);
  }
}

async function analyse(options: {
  resources: Resource[];
  entries: SavingsLedgerEntry[];
  collections: ScopeCollection[];
  costs?: MemoryCostStore;
}) {
  const resources = new MemoryResourceStore();
  await resources.putMany(options.resources);
  const ledger = new RecordingLedger();
  for (const e of options.entries) await ledger.put(e);
  ledger.puts.length = 0;
  const summary = await runAnalysis({
    resources,
    accountIds: async () => [ACCOUNT],
    utilization: new MemoryUtilizationStore(),
    findings: new MemoryFindingStore(),
    prices: new StaticPriceBook(),
    ...(options.costs ? { costs: options.costs } : {}),
    ledger: {
      store: ledger,
      lastCollected: async () => options.collections,
    },
    now: () => NOW,
  });
  return {
    summary,
    puts: ledger.puts,
    get: (itemId: string) => ledger.get(ACCOUNT, entry(itemId, {}).remediationId, itemId),
  };
}

const collected = (types: Record<string, string>): ScopeCollection[] => [
  { accountId: ACCOUNT, region: REGION, types },
];

describe('the analysis re-checks the savings ledger of each account', () => {
  it('confirms changes a collection after the act still finds in effect, up to that collection', async () => {
    // Prepare: the instance is still stopped, the gp2 volume is gp3, the deleted volume is not in the inventory.
    const { summary, get } = await analyse({
      resources: [
        instance({}, { id: INSTANCE, state: 'stopped' }),
        volume({ volumeType: 'gp3', attachments: [] }, { id: GP3, state: 'available' }),
      ],
      entries: [
        entry('0', { resourceId: INSTANCE }),
        entry('1', {
          actionId: 'ebs-gp2-to-gp3',
          ruleId: 'ebs-gp2-volume',
          resourceId: GP3,
          resourceType: 'ec2:volume',
        }),
        entry('2', {
          actionId: 'ebs-delete-unattached-volume',
          ruleId: 'ebs-unattached-volume',
          resourceId: DELETED,
          resourceType: 'ec2:volume',
        }),
      ],
      collections: collected({ 'ec2:instance': COLLECTED, 'ec2:volume': COLLECTED }),
    });
    // Assess
    for (const id of ['0', '1', '2'])
      expect(await get(id)).toMatchObject({ status: 'holding', lastConfirmedAt: COLLECTED });
    expect(summary.ledger).toEqual({ checked: 3, reverted: 0, written: 3 });
  });

  it('records a revert when the collection finds the change undone outside HostMaster, and a gone resource as gone', async () => {
    // Prepare: someone started the instance again and changed the volume back to gp2.
    const { summary, get } = await analyse({
      resources: [
        instance({}, { id: INSTANCE, state: 'running' }),
        volume({ volumeType: 'gp2', attachments: [] }, { id: GP3, state: 'available' }),
      ],
      entries: [
        entry('0', { resourceId: INSTANCE }),
        entry('1', {
          actionId: 'ebs-gp2-to-gp3',
          ruleId: 'ebs-gp2-volume',
          resourceId: GP3,
          resourceType: 'ec2:volume',
        }),
        // A volume changed to gp3 and since deleted: its change ended, but nobody reverted it.
        entry('2', {
          actionId: 'ebs-gp2-to-gp3',
          ruleId: 'ebs-gp2-volume',
          resourceId: DELETED,
          resourceType: 'ec2:volume',
        }),
      ],
      collections: collected({ 'ec2:instance': COLLECTED, 'ec2:volume': COLLECTED }),
    });
    // Assess: ended when seen, realized only up to the verification (nothing confirmed it since).
    expect(await get('0')).toMatchObject({
      status: 'reverted',
      endedAt: COLLECTED,
      endDetail: 'the instance is running',
      lastConfirmedAt: VERIFIED,
    });
    expect(await get('1')).toMatchObject({ status: 'reverted', endedAt: COLLECTED });
    expect(await get('2')).toMatchObject({ status: 'gone', endDetail: 'the volume no longer exists' });
    expect(summary.ledger).toMatchObject({ checked: 3, reverted: 2 });
  });

  it('trusts no inventory older than the last confirmation, and leaves ended entries alone', async () => {
    // Prepare: the instance type was last collected before the act (the stored resource still runs);
    // an undone entry's resource runs too.
    const { summary, puts, get } = await analyse({
      resources: [instance({}, { id: INSTANCE, state: 'running' })],
      entries: [
        entry('0', { resourceId: INSTANCE, costService: undefined }),
        entry('1', { resourceId: INSTANCE, status: 'undone', endedAt: daysAgo(5), costService: undefined }),
      ],
      collections: collected({ 'ec2:instance': daysAgo(11) }),
    });
    // Assess
    expect(await get('0')).toMatchObject({ status: 'holding', lastConfirmedAt: VERIFIED });
    expect(await get('1')).toMatchObject({ status: 'undone' });
    expect(puts).toEqual([]);
    expect(summary.ledger).toEqual({ checked: 1, reverted: 0, written: 0 });
  });

  it("puts the account's spend on the service before and after the act beside the estimate", async () => {
    // Prepare: acted on 11-13; $5 a day of EC2 compute in the week before, $2.60 in the week after.
    const costs = new MemoryCostStore();
    const day = (date: string, usd: number) => ({
      date,
      closed: true,
      records: [
        {
          series: 'account-service' as const,
          date,
          accountId: ACCOUNT,
          service: CE_SERVICES.ec2Compute,
          unblendedUsd: usd,
          amortizedUsd: usd,
        },
      ],
    });
    await costs.putDays('account-service', [
      ...dayRange('2026-11-06', '2026-11-12').map((d) => day(d, 5)),
      ...dayRange('2026-11-13', '2026-11-22').map((d) => day(d, 2.6)),
    ]);
    // Act
    const { get } = await analyse({
      resources: [instance({}, { id: INSTANCE, state: 'stopped' })],
      entries: [entry('0', { resourceId: INSTANCE })],
      collections: collected({ 'ec2:instance': COLLECTED }),
      costs,
    });
    // Assess
    expect((await get('0'))?.cost).toEqual({
      service: CE_SERVICES.ec2Compute,
      beforeDays: 7,
      afterDays: 7,
      beforeDailyUsd: 5,
      afterDailyUsd: 2.6,
      observedMonthlyDeltaUsd: 73,
    });
  });
});
