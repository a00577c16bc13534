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
