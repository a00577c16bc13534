/** Claims the dashboard reads from a Cognito id token (it never trusts them for authorization). */
export interface IdTokenClaims {
  readonly exp?: number;
  readonly email?: string;
  readonly 'cognito:groups'?: readonly string[];
}

/** Decodes a JWT's payload without verifying it; undefined when it is not a JWT. */
export function decodeJwtPayload(token: string): IdTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as IdTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
