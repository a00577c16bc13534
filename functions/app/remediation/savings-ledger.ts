/**
 * The workflow's side of the savings ledger: a verified fix with an expected saving opens an entry,
 * and a successful undo closes the entry of the item it reversed.
 */
import { resourceMonthlyCost } from '../../domain/cost/resource-cost';
import type { RemediationAction } from '../../domain/remediation/action';
import type { Remediation, RemediationItem } from '../../domain/remediation/remediation';
import { ledgerEntryFor, undoEntry } from '../../domain/remediation/savings-ledger';
import type { RemediationStepDependencies } from './dependencies';

/** Opens the ledger entry of a verified item; nothing for an undo or an item without a saving. */
export async function openLedgerEntry(
  deps: RemediationStepDependencies,
  remediation: Remediation,
  item: RemediationItem,
  action: RemediationAction,
): Promise<void> {
  // The service is priced from the resource as it was before the change: a deleted volume has none after.
  const costService = item.before ? resourceMonthlyCost(item.before, deps.prices)?.service : undefined;
  const entry = ledgerEntryFor(
    { remediation, item, holds: action.verifyDescription, ...(costService ? { costService } : {}) },
    deps.now(),
  );
  if (entry) await deps.ledger.put(entry);
}

/** Closes the entry of an item an undo reversed; what was confirmed before stays realized. */
export async function closeUndoneLedgerEntry(
  deps: RemediationStepDependencies,
  item: RemediationItem,
  undoneBy: string,
): Promise<void> {
  const entry = await deps.ledger.get(item.accountId, item.remediationId, item.itemId);
  if (!entry) return;
  const closed = undoEntry(entry, undoneBy, deps.now());
  if (closed !== entry) await deps.ledger.put(closed);
}
