/**
 * The analysis's side of the savings ledger: with one account's freshly collected inventory and this
 * run's verdicts in hand, each entry still holding is checked against the collection of its type
 * (`checkEntry`), and its cost cross-check is refreshed while its after-window is still filling.
 */
import type { FindingDraft } from '../../domain/analyze';
import type { AccountServiceCost } from '../../domain/cost/cost-record';
import { addDays, utcDay } from '../../domain/cost/dates';
import type { Resource } from '../../domain/model';
import type { CostStore } from '../../domain/ports';
import type { SavingsLedgerStore } from '../../domain/remediation/ports';
import { actionById } from '../../domain/remediation/registry';
import {
  checkEntry,
  costCrossCheck,
  costWindow,
  costWindowOpen,
  type SavingsLedgerEntry,
} from '../../domain/remediation/savings-ledger';
import { type CollectedAt, type ScopeCollection, scopeKey } from '../../domain/scan/last-collected';

/** What the ledger check reads besides the account's inventory. */
export interface LedgerCheckDependencies {
  readonly store: SavingsLedgerStore;
  /** Per (account, region), when each type was last collected successfully (`ScanRunStore.lastCollected`). */
  readonly lastCollected: () => Promise<readonly ScopeCollection[]>;
}

export interface LedgerCheckResult {
  readonly checked: number;
  readonly reverted: number;
  readonly written: number;
}

const COST_SERIES = 'account-service';

export async function checkAccountLedger(input: {
  readonly accountId: string;
  readonly resources: readonly Resource[];
  readonly drafts: readonly FindingDraft[];
  readonly collections: ReadonlyMap<string, CollectedAt>;
  readonly store: SavingsLedgerStore;
  readonly costs?: CostStore;
  readonly now: Date;
}): Promise<LedgerCheckResult> {
  const { now } = input;
  const entries = await input.store.byAccount(input.accountId);
  const holding = entries.filter((entry) => entry.status === 'holding');
  const costed = entries.filter((entry) => entry.costService && costWindowOpen(entry.actedAt, now));
  if (holding.length === 0 && costed.length === 0) return { checked: 0, reverted: 0, written: 0 };

  const byId = new Map(input.resources.map((resource) => [resource.id, resource]));
  const raised = new Set(input.drafts.map((draft) => `${draft.ruleId}|${draft.resourceId}`));
  const spend = input.costs && costed.length > 0 ? await loadSpend(input.costs, costed, now) : undefined;

  let reverted = 0;
  let written = 0;
  for (const entry of entries) {
    let next = entry;
    const action = actionById(entry.actionId);
    if (entry.status === 'holding' && action) {
      next = checkEntry(
        entry,
        {
          collectedAt: input.collections.get(scopeKey(entry.accountId, entry.region))?.[entry.resourceType],
          verdict: action.verify(byId.get(entry.resourceId) as never, {
            remediationId: entry.remediationId,
            ruleId: entry.ruleId,
          }),
          findingRaised: raised.has(`${entry.ruleId}|${entry.resourceId}`),
          present: byId.has(entry.resourceId),
        },
        now,
      );
      if (next.status === 'reverted') reverted++;
    }
    if (spend && entry.costService && costWindowOpen(entry.actedAt, now)) {
      const cost = costCrossCheck(entry, entry.costService, spend.records, spend.held, now);
      if (cost && JSON.stringify(cost) !== JSON.stringify(entry.cost))
        next = { ...next, cost, updatedAt: now.toISOString() };
    }
    if (next !== entry) {
      await input.store.put(next);
      written++;
    }
  }
  return { checked: holding.length, reverted, written };
}

/** The account-service spend from the earliest window any entry needs to the last closed day. */
async function loadSpend(costs: CostStore, entries: readonly SavingsLedgerEntry[], now: Date) {
  const from = entries.map((entry) => costWindow(entry.actedAt, now).before.from).sort()[0];
  const to = addDays(utcDay(now), -1);
  if (from === undefined || from > to) return undefined;
  const [records, held] = await Promise.all([
    costs.records(COST_SERIES, from, to),
    costs.heldClosedDays(COST_SERIES, from, to),
  ]);
  return {
    records: records.filter((record): record is AccountServiceCost => record.series === 'account-service'),
    held,
  };
}
