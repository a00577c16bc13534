/**
 * Approval from an emailed link (issue 11): issuing the link when a request starts waiting, reading
 * the request it names, and deciding by it. Opening a link never decides anything (mail scanners
 * prefetch links): the page shows the request and the signed-in operator clicks Approve or Reject.
 * The decision goes through `decide`, so it writes the same audit entry and releases the same task
 * token as the dashboard's buttons, recorded as made via the emailed link.
 */
import {
  APPROVAL_LINK_PROBLEMS,
  type ApprovalDecision,
  type ApprovalLinkClaims,
  type ApprovalLinkNonces,
  type ApprovalLinkProblem,
  type ApprovalLinkSigner,
  type ApprovalLinkView,
  approvalLinkClaims,
  approvalLinkUrl,
  checkClaims,
  encodeClaims,
  joinToken,
  parseApprovalLink,
} from '../../domain/remediation/approval-link';
import type { Remediation } from '../../domain/remediation/remediation';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { assertDecidable, decide } from './decide';
import type { RemediationApiDependencies } from './dependencies';

/** A link refused for what it is (malformed, forged, for another request): 400, naming the token. */
export class InvalidApprovalLinkError extends ValidationError {
  constructor(readonly problem: ApprovalLinkProblem) {
    super([{ parameter: 'token', message: APPROVAL_LINK_PROBLEMS[problem] }]);
  }
}

/** A genuine link that can no longer be used (expired, already used): 409, with why. */
export class ApprovalLinkSpentError extends ConflictError {
  constructor(readonly problem: 'expired' | 'used') {
    super(APPROVAL_LINK_PROBLEMS[problem]);
  }
}

/** What verifying and spending a link needs (the API: KMS VerifyMac and the table). */
export interface ApprovalLinkDependencies {
  readonly signer: ApprovalLinkSigner;
  readonly nonces: ApprovalLinkNonces;
}

export interface ApprovalLinkIssuerOptions {
  /** Makes the token's MAC (KMS GenerateMac when deployed). */
  readonly signer: ApprovalLinkSigner;
  /** Base URL of the dashboard the link opens. */
  readonly dashboardUrl: string;
  /** A fresh random nonce, base64url, 16 to 64 characters. */
  readonly newNonce: () => string;
  /**
   * A link never outlives this, even when the approval waits longer.
   * @default 86400 (one day)
   */
  readonly maxLifetimeSeconds?: number;
}

/** Makes the link for a request now awaiting approval (the workflow's approval step calls it). */
export class ApprovalLinkIssuer {
  constructor(private readonly options: ApprovalLinkIssuerOptions) {}

  async linkFor(remediation: Pick<Remediation, 'id' | 'approval'>, now: Date): Promise<string> {
    const claims = approvalLinkClaims(remediation, {
      now,
      nonce: this.options.newNonce(),
      maxLifetimeSeconds: this.options.maxLifetimeSeconds ?? 86_400,
    });
    const message = encodeClaims(claims);
    const token = joinToken(message, await this.options.signer.sign(message));
    return approvalLinkUrl(this.options.dashboardUrl, remediation.id, token);
  }
}

/** The token's claims once its MAC, request, expiry and (given) decision check out; throws otherwise. */
async function verified(
  links: ApprovalLinkDependencies,
  token: string,
  expected: { readonly remediationId: string; readonly now: Date; readonly decision?: ApprovalDecision },
): Promise<ApprovalLinkClaims> {
  const parsed = parseApprovalLink(token);
  if (parsed === 'malformed') throw new InvalidApprovalLinkError('malformed');
  if (!(await links.signer.verify(parsed.message, parsed.mac))) throw new InvalidApprovalLinkError('forged');
  const problem = checkClaims(parsed.claims, expected);
  if (problem === 'expired') throw new ApprovalLinkSpentError('expired');
  if (problem) throw new InvalidApprovalLinkError(problem);
  if (await links.nonces.used(parsed.claims.rid, parsed.claims.nonce))
    throw new ApprovalLinkSpentError('used');
  return parsed.claims;
}

export async function readApprovalLink(
  dependencies: RemediationApiDependencies,
  links: ApprovalLinkDependencies,
  input: { readonly remediationId: string; readonly token: string },
): Promise<ApprovalLinkView> {
  const claims = await verified(links, input.token, {
    remediationId: input.remediationId,
    now: dependencies.now(),
  });
  const remediation = await dependencies.store.get(claims.rid);
  if (!remediation) throw new NotFoundError('remediation', claims.rid);
  return {
    remediation,
    items: await dependencies.store.items(remediation.id),
    link: { expiresAt: new Date(claims.exp * 1000).toISOString(), decisions: claims.scope },
  };
}

export async function decideByLink(
  dependencies: RemediationApiDependencies,
  links: ApprovalLinkDependencies,
  input: {
    readonly remediationId: string;
    readonly token: string;
    readonly decision: ApprovalDecision;
    readonly by: string;
    readonly reason: string;
  },
): Promise<Remediation> {
  const now = dependencies.now();
  const claims = await verified(links, input.token, {
    remediationId: input.remediationId,
    now,
    decision: input.decision,
  });
  const remediation = await dependencies.store.get(claims.rid);
  if (!remediation) throw new NotFoundError('remediation', claims.rid);
  // Before the nonce is spent: the requester opening the link must not use it up for the approvers.
  assertDecidable(remediation, input, dependencies.settings, now);
  if (!(await links.nonces.consume(claims.rid, claims.nonce, new Date(claims.exp * 1000)))) {
    throw new ApprovalLinkSpentError('used');
  }
  return decide(dependencies, {
    remediationId: claims.rid,
    decision: input.decision,
    by: input.by,
    reason: input.reason,
    via: 'emailed-link',
  });
}
