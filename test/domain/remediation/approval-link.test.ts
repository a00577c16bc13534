import { describe, expect, it } from 'vitest';
import {
  approvalLinkClaims,
  approvalLinkUrl,
  checkClaims,
  encodeClaims,
  joinToken,
  parseApprovalLink,
} from '../../../functions/domain/remediation/approval-link';

const NOW = new Date('2026-12-03T10:00:00.000Z');
const NONCE = 'n0nce-n0nce-n0nce-01';
const awaiting = (expiresAt?: string) => ({
  id: 'rem-20261203-abcd1234',
  approval: { required: true, ...(expiresAt ? { expiresAt } : {}) },
});

describe('approval link claims', () => {
  it('expire with the approval, and never later than the maximum lifetime', () => {
    // Prepare / Act
    const soon = approvalLinkClaims(awaiting('2026-12-03T12:00:00.000Z'), {
      now: NOW,
      nonce: NONCE,
      maxLifetimeSeconds: 86_400,
    });
    const late = approvalLinkClaims(awaiting('2026-12-10T10:00:00.000Z'), {
      now: NOW,
      nonce: NONCE,
      maxLifetimeSeconds: 3600,
    });

    // Assess
    expect(soon).toEqual({
      v: 1,
      rid: 'rem-20261203-abcd1234',
      scope: ['approved', 'rejected'],
      exp: Date.parse('2026-12-03T12:00:00.000Z') / 1000,
      nonce: NONCE,
    });
    expect(late.exp).toBe(NOW.getTime() / 1000 + 3600);
  });

  it('are refused for another request, after expiry, and for a decision outside their scope', () => {
    // Prepare
    const claims = { ...approvalLinkClaims(awaiting(), { now: NOW, nonce: NONCE, maxLifetimeSeconds: 60 }) };
    const rejectOnly = { ...claims, scope: ['rejected' as const] };

    // Act / Assess
    expect(
      checkClaims(claims, { remediationId: claims.rid, now: NOW, decision: 'approved' }),
    ).toBeUndefined();
    expect(checkClaims(claims, { remediationId: 'rem-20261203-other000', now: NOW })).toBe('other-request');
    expect(checkClaims(claims, { remediationId: claims.rid, now: new Date(NOW.getTime() + 60_000) })).toBe(
      'expired',
    );
    expect(checkClaims(rejectOnly, { remediationId: claims.rid, now: NOW, decision: 'approved' })).toBe(
      'out-of-scope',
    );
  });
});

describe('parseApprovalLink', () => {
  const claims = approvalLinkClaims(awaiting(), { now: NOW, nonce: NONCE, maxLifetimeSeconds: 60 });

  it('splits a token into its signed part, MAC and claims', () => {
    // Prepare
    const token = joinToken(encodeClaims(claims), 'bWFj');

    // Act / Assess
    expect(parseApprovalLink(token)).toEqual({ message: encodeClaims(claims), mac: 'bWFj', claims });
  });

  it('calls anything else malformed: no MAC, extra parts, not base64url, not the claims, unknown fields', () => {
    // Prepare
    const extra = Buffer.from(JSON.stringify({ ...claims, admin: true })).toString('base64url');
    const tokens = [
      encodeClaims(claims),
      `${encodeClaims(claims)}.bWFj.bWFj`,
      `${encodeClaims(claims)}.not base64`,
      `${Buffer.from('{"v":2}').toString('base64url')}.bWFj`,
      `${extra}.bWFj`,
      `${'a'.repeat(2000)}.bWFj`,
    ];

    // Act / Assess
    for (const token of tokens) expect(parseApprovalLink(token), token).toBe('malformed');
  });
});

describe('approvalLinkUrl', () => {
  it('opens the approve page with the id and token in the fragment, which browsers never send', () => {
    // Act
    const url = new URL(approvalLinkUrl('https://hostmaster.example.com/', 'rem-1', 'a.b'));

    // Assess
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(url.hash).toBe('#/approve?id=rem-1&token=a.b');
  });
});
