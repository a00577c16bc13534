/**
 * How a request's status follows from its items: pure, so the state machine's last step, the API and
 * the tests agree on what "succeeded" means (every item that was allowed to run succeeded and was
 * verified; a failed verification is a failure, never a success).
 */
import type { Remediation, RemediationItem, RemediationStatus } from './remediation';

export type Counts = Remediation['counts'];

export function countItems(items: readonly RemediationItem[]): Counts {
  const count = (status: RemediationItem['status']) => items.filter((item) => item.status === status).length;
  return {
    items: items.length,
    succeeded: count('succeeded') + count('undone'),
    failed: count('failed'),
    refused: count('refused'),
    skipped: count('skipped'),
  };
}

/** The final status once every item has run (or was refused). */
export function finalStatus(items: readonly RemediationItem[]): RemediationStatus {
  const counts = countItems(items);
  if (counts.refused === counts.items) return 'refused';
  if (counts.failed > 0) return 'failed';
  return 'succeeded';
}

/** A sentence for the request's summary and its notification. */
export function describeOutcome(remediation: Pick<Remediation, 'status'>, counts: Counts): string {
  const parts = [
    `${counts.succeeded} of ${counts.items} succeeded`,
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.refused > 0 ? [`${counts.refused} refused by pre-flight`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
  ];
  return `${remediation.status}: ${parts.join(', ')}`;
}

/** Whether a request may still be approved or rejected. */
export function awaitingDecision(remediation: Remediation, now: Date): boolean {
  if (remediation.status !== 'awaiting-approval') return false;
  return (
    remediation.approval.expiresAt === undefined || Date.parse(remediation.approval.expiresAt) > now.getTime()
  );
}

/**
 * The order items run in: round-robin over their (account, region) scopes, each scope's items in
 * request order. API rates are metered per account, region and action, so a bulk request of 1,000
 * items over 40 scopes then keeps every concurrent branch on a different scope's buckets instead of
 * queueing them all behind one scope's pace.
 */
export function runOrder(
  items: readonly Pick<RemediationItem, 'itemId' | 'accountId' | 'region'>[],
): string[] {
  const scopes = new Map<string, string[]>();
  for (const item of items) {
    const key = `${item.accountId}|${item.region}`;
    const queue = scopes.get(key) ?? [];
    queue.push(item.itemId);
    scopes.set(key, queue);
  }
  const queues = [...scopes.values()];
  const order: string[] = [];
  for (let round = 0; order.length < items.length; round++) {
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!);
  }
  return order;
}
