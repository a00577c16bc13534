import type { APIGatewayProxyEvent } from 'aws-lambda';
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

/** The caller from the authorizer's claims; no claims (or no subject) means no identity: 401. */
export function callerFromEvent(event: APIGatewayProxyEvent): Caller {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  if (!claims || typeof claims !== 'object') throw new UnauthorizedError();
  const record = claims as Record<string, unknown>;
  const subject = record.sub;
  if (typeof subject !== 'string' || subject === '') throw new UnauthorizedError();
  const email = typeof record.email === 'string' ? record.email : undefined;
  return { subject, ...(email ? { email } : {}), groups: parseGroups(record['cognito:groups']) };
}
