import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { actorOf, callerFromEvent } from '../../../functions/handlers/api/caller';
import { UnauthorizedError } from '../../../functions/shared/errors';

function withClaims(claims: Record<string, unknown>): APIGatewayProxyEvent {
  return { requestContext: { authorizer: { claims } } } as unknown as APIGatewayProxyEvent;
}

const ID_TOKEN_CLAIMS = {
  sub: 'c0ffee00-0000-4000-8000-000000000000',
  'cognito:username': 'b7e1c9d2-6f0a-4f1e-9d3c-2a5b8e7f4c10',
  email: 'ada@example.com',
  email_verified: 'true',
  'cognito:groups': 'admin',
};

describe('callerFromEvent', () => {
  it('identifies the caller by sub and username and keeps a verified email for display', () => {
    // Act
    const caller = callerFromEvent(withClaims(ID_TOKEN_CLAIMS));

    // Assess
    expect(caller).toEqual({
      subject: ID_TOKEN_CLAIMS.sub,
      username: ID_TOKEN_CLAIMS['cognito:username'],
      email: 'ada@example.com',
      groups: ['admin'],
    });
    expect(actorOf(caller)).toEqual({
      sub: ID_TOKEN_CLAIMS.sub,
      username: ID_TOKEN_CLAIMS['cognito:username'],
      email: 'ada@example.com',
    });
  });

  it.each([
    ['unverified', { email_verified: 'false' }],
    ['of unknown verification', { email_verified: undefined }],
  ])('drops an email %s, so it can name nobody', (_case, overrides) => {
    // Act
    const caller = callerFromEvent(
      withClaims({ ...ID_TOKEN_CLAIMS, ...overrides, email: 'ceo@example.com' }),
    );

    // Assess
    expect(caller.email).toBeUndefined();
    expect(actorOf(caller)).toEqual({
      sub: ID_TOKEN_CLAIMS.sub,
      username: ID_TOKEN_CLAIMS['cognito:username'],
    });
  });

  it("accepts an access token's username claim and a boolean email_verified", () => {
    // Prepare
    const { 'cognito:username': username, ...rest } = ID_TOKEN_CLAIMS;

    // Act
    const caller = callerFromEvent(withClaims({ ...rest, username, email_verified: true }));

    // Assess
    expect(caller).toMatchObject({ username, email: 'ada@example.com' });
  });

  it.each([
    ['no subject', { sub: undefined }],
    ['no username', { 'cognito:username': undefined }],
    ['an empty username', { 'cognito:username': '' }],
  ])('answers 401 to claims with %s', (_case, overrides) => {
    // Act
    const call = () => callerFromEvent(withClaims({ ...ID_TOKEN_CLAIMS, ...overrides }));

    // Assess
    expect(call).toThrow(UnauthorizedError);
  });
});
