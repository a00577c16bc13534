import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../../domain/identity/actor';
import { UnauthorizedError } from '../../shared/errors';
import type { Caller } from './operation';

/**
 * Reads `cognito:groups` as API Gateway hands it over. The Cognito authorizer flattens claims to
 * strings: one group is `admin`, several arrive as `[admin viewer]` (REST) or `admin,viewer`; an
 * array is accepted too, for callers that pass the decoded token unchanged.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((group) => group.replace(/^"|"$/g, ''))
    .filter((group) => group !== '');
}

/** `email_verified` arrives as a boolean in the token and as the string `true` through API Gateway. */
function isTrue(claim: unknown): boolean {
  return claim === true || claim === 'true';
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The caller from the authorizer's claims; no claims, no subject or no username means no identity:
 * 401. The email is kept only when Cognito verified it: a user who changes their own email gets an
 * unverified one, which must not name them in the audit trail.
 */
export function callerFromEvent(event: APIGatewayProxyEvent): Caller {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  if (!claims || typeof claims !== 'object') throw new UnauthorizedError();
  const record = claims as Record<string, unknown>;
  const subject = nonEmptyString(record.sub);
  // Id tokens carry `cognito:username`, access tokens `username`.
  const username = nonEmptyString(record['cognito:username']) ?? nonEmptyString(record.username);
  if (subject === undefined || username === undefined) throw new UnauthorizedError();
  const email = isTrue(record.email_verified) ? nonEmptyString(record.email) : undefined;
  return {
    subject,
    username,
    ...(email === undefined ? {} : { email }),
    groups: parseGroups(record['cognito:groups']),
  };
}

/** Who records name as having acted: the caller's immutable identity, with the verified email to show. */
export function actorOf(caller: Caller): Actor {
  return {
    sub: caller.subject,
    username: caller.username,
    ...(caller.email === undefined ? {} : { email: caller.email }),
  };
}
