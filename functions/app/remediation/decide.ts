/**
 * A person's decision on a request awaiting approval. The request is updated with a conditional
 * write first (so two approvers, or an approval racing the timeout, cannot both win), then the
 * waiting workflow is released with the task token it left.
 */
import { awaitingDecision } from '../../domain/remediation/lifecycle';
import type { Remediation } from '../../domain/remediation/remediation';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { RemediationApiDependencies } from './dependencies';
import { SameApproverError } from './errors';

export interface Decision {
  readonly remediationId: string;
  readonly decision: 'approved' | 'rejected';
  readonly by: string;
  readonly reason: string;
  /** Where the person decided; recorded on the request and in the audit entry. @default 'dashboard' */
  readonly via?: 'dashboard' | 'emailed-link';
}

/** Refuses a decision the request does not allow now (also checked before a link's nonce is spent). */
export function assertDecidable(
  remediation: Remediation,
  input: Pick<Decision, 'decision' | 'by'>,
  settings: RemediationApiDependencies['settings'],
  now: Date,
): void {
  if (!awaitingDecision(remediation, now)) {
    throw new ConflictError(
      `remediation ${remediation.id} is ${remediation.status}: it is not awaiting approval`,
    );
  }
  if (
    input.decision === 'approved' &&
    settings.requireDistinctApprover &&
    input.by === remediation.requestedBy
  ) {
    throw new SameApproverError();
  }
}

export async function decide(
  dependencies: RemediationApiDependencies,
  input: Decision,
): Promise<Remediation> {
  const remediation = await dependencies.store.get(input.remediationId);
  if (!remediation) throw new NotFoundError('remediation', input.remediationId);
  const now = dependencies.now();
  assertDecidable(remediation, input, dependencies.settings, now);
  const token = await dependencies.store.approvalToken(remediation.id);
  if (!token) throw new ConflictError(`remediation ${remediation.id} is not waiting on an approval step yet`);
  const at = now.toISOString();
  const decided: Remediation = {
    ...remediation,
    status: input.decision === 'approved' ? 'running' : 'rejected',
    approval: {
      ...remediation.approval,
      decision: input.decision,
      decidedBy: input.by,
      decidedAt: at,
      reason: input.reason,
      ...(input.via ? { via: input.via } : {}),
    },
    updatedAt: at,
    ...(input.decision === 'rejected'
      ? { finishedAt: at, summary: `rejected by ${input.by}: ${input.reason}` }
      : {}),
  };
  await dependencies.store.audit({
    at,
    actor: input.by,
    action: `remediation.${input.decision}`,
    target: `remediation/${remediation.id}`,
    reason: input.reason,
    ...(input.via ? { detail: { via: input.via } } : {}),
  });
  if (!(await dependencies.store.update(decided, ['awaiting-approval']))) {
    throw new ConflictError(`remediation ${remediation.id} was decided or expired meanwhile`);
  }
  if (input.decision === 'approved')
    await dependencies.signal.approve(token, {
      approvedBy: input.by,
      ...(input.via ? { via: input.via } : {}),
    });
  else await dependencies.signal.reject(token, input.reason);
  return decided;
}
