/**
 * Emailed approval links (issue 11): `<dashboard>/#/approve?id=<remediation>&token=<token>`. The token
 * is `<claims>.<mac>`, both base64url: the claims name the request, the decisions the link may make,
 * its expiry (never after the approval's) and a nonce; the MAC is an HMAC-SHA-256 of the claims part
 * exactly as sent, made by a KMS HMAC key when deployed, so no secret exists outside KMS.
 *
 * The token is not a credential. The link opens a page that requires a Cognito sign-in as an
 * operator, and the decision is the signed-in person's (see README, "Approving from an email"): the
 * email topic is one broadcast list of alert recipients, not a list of approvers, and mail is
 * forwarded, archived and prefetched. What the token adds is a binding: the decision made from the
 * link applies to that request only, before that time, once.
 *
 * Pure: signing and the nonce store are ports; time comes in as an argument.
 */
import { z } from 'zod';
import type { Remediation, RemediationDetail } from './remediation';

/** The decisions a person may make on a request. */
export type ApprovalDecision = 'approved' | 'rejected';

export const ApprovalLinkClaimsSchema = z.strictObject({
  /** Format version: a change of meaning is a new version, never a reinterpretation. */
  v: z.literal(1),
  /** The remediation request the link decides. */
  rid: z.string().min(1).max(100),
  /** What the link may decide. */
  scope: z
    .array(z.enum(['approved', 'rejected']))
    .min(1)
    .max(2),
  /** Expiry, epoch seconds. */
  exp: z.number().int().positive(),
  /** Consumed by the first decision: what makes the link single-use. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type ApprovalLinkClaims = z.infer<typeof ApprovalLinkClaimsSchema>;

/** Makes and checks the MAC of a token's claims part. */
export interface ApprovalLinkSigner {
  /** The MAC of `message`, base64url. */
  sign(message: string): Promise<string>;
  /** Whether `mac` (base64url) is this signer's MAC of `message`; false for anything malformed. */
  verify(message: string, mac: string): Promise<boolean>;
}

/** The nonces of links already used. */
export interface ApprovalLinkNonces {
  /**
   * Marks the nonce used with a conditional write; false when it already was (a second use, or two
   * clicks racing). `expiresAt` lets the record be deleted once the link could no longer be used.
   */
  consume(remediationId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  used(remediationId: string, nonce: string): Promise<boolean>;
}

/** Why a token is refused; each has a message a person can act on. */
export type ApprovalLinkProblem =
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'other-request'
  | 'out-of-scope'
  | 'used';

export const APPROVAL_LINK_PROBLEMS: Readonly<Record<ApprovalLinkProblem, string>> = {
  malformed: 'this is not a HostMaster approval link; copy the whole link from the email',
  forged: 'this approval link was not issued by this HostMaster (its signature does not match)',
  expired: 'this approval link has expired; the request can no longer be approved from it',
  'other-request': 'this approval link is for another remediation request',
  'out-of-scope': 'this approval link does not allow that decision',
  used: 'this approval link was already used; open the request on the Remediation page to see its decision',
};

/** What the page opened from a link shows: the request, its items and what the link allows. */
export interface ApprovalLinkView extends RemediationDetail {
  readonly link: { readonly expiresAt: string; readonly decisions: readonly ApprovalDecision[] };
}

/** A token split into the part that is signed, its MAC and its claims. */
export interface ParsedApprovalLink {
  readonly message: string;
  readonly mac: string;
  readonly claims: ApprovalLinkClaims;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A token is short (about 200 characters): anything much longer is not one. */
const MAX_TOKEN_LENGTH = 1024;

/**
 * The claims of a new link for a request now awaiting approval. It expires with the approval, and
 * never later than `maxLifetimeSeconds` from now.
 */
export function approvalLinkClaims(
  remediation: Pick<Remediation, 'id' | 'approval'>,
  options: { readonly now: Date; readonly nonce: string; readonly maxLifetimeSeconds: number },
): ApprovalLinkClaims {
  const cap = Math.floor(options.now.getTime() / 1000) + options.maxLifetimeSeconds;
  const approvalEnds = remediation.approval.expiresAt
    ? Math.floor(Date.parse(remediation.approval.expiresAt) / 1000)
    : cap;
  return ApprovalLinkClaimsSchema.parse({
    v: 1,
    rid: remediation.id,
    scope: ['approved', 'rejected'],
    exp: Math.min(cap, approvalEnds),
    nonce: options.nonce,
  });
}

/** The claims part of a token: what is signed, byte for byte as it travels. */
export function encodeClaims(claims: ApprovalLinkClaims): string {
  return toBase64Url(JSON.stringify(claims));
}

export const joinToken = (message: string, mac: string) => `${message}.${mac}`;

/** Splits and parses a token without trusting it: the MAC is checked by the caller, with the signer. */
export function parseApprovalLink(token: string): ParsedApprovalLink | 'malformed' {
  if (token.length > MAX_TOKEN_LENGTH) return 'malformed';
  const [message, mac, ...rest] = token.split('.');
  if (!message || !mac || rest.length > 0 || !BASE64URL.test(message) || !BASE64URL.test(mac)) {
    return 'malformed';
  }
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(message));
  } catch {
    return 'malformed';
  }
  const claims = ApprovalLinkClaimsSchema.safeParse(json);
  return claims.success ? { message, mac, claims: claims.data } : 'malformed';
}

/**
 * Whether verified claims allow `decision` (when given) on `remediationId` at `now`. Checked only after
 * the MAC: an unsigned token's claims say nothing.
 */
export function checkClaims(
  claims: ApprovalLinkClaims,
  expected: { readonly remediationId: string; readonly now: Date; readonly decision?: ApprovalDecision },
): ApprovalLinkProblem | undefined {
  if (claims.rid !== expected.remediationId) return 'other-request';
  if (claims.exp * 1000 <= expected.now.getTime()) return 'expired';
  if (expected.decision && !claims.scope.includes(expected.decision)) return 'out-of-scope';
  return undefined;
}

/** The dashboard page a link opens; the token rides in the fragment, which browsers never send to a server. */
export function approvalLinkUrl(dashboardUrl: string, remediationId: string, token: string): string {
  const query = new URLSearchParams({ id: remediationId, token });
  return `${dashboardUrl.replace(/\/$/, '')}/#/approve?${query.toString()}`;
}

// Web APIs rather than Buffer, so the module type-checks in the dashboard too (it imports the view type).
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Throws on anything that is not base64url of UTF-8. */
function fromBase64Url(value: string): string {
  const binary = atob(value.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
