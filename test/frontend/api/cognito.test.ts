import { describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../../frontend/src/api/cognito';
import { CognitoError } from '../../../frontend/src/api/errors';
import { fakeFetch, jsonResponse } from '../fake-fetch';

const endpoint = 'http://127.0.0.1:9229/';

function cognitoWith(...responses: (Response | Error)[]) {
  const fake = fakeFetch(...responses);
  return {
    cognito: createCognitoClient({ endpoint, clientId: 'client-1', fetch: fake.fetch }),
    requests: fake.requests,
  };
}

const authResult = { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 };

describe('cognito client', () => {
  it('signs in with USER_PASSWORD_AUTH over the awsJson1_1 protocol', async () => {
    // Prepare
    const { cognito, requests } = cognitoWith(jsonResponse(200, { AuthenticationResult: authResult }));

    // Act
    const result = await cognito.signIn('ana@example.com', 'secret');

    // Assess
    expect(result).toEqual({
      kind: 'signed-in',
      tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresIn: 3600 },
    });
    expect(requests[0]).toEqual({
      url: endpoint,
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'client-1',
        AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: 'secret' },
      },
    });
  });

  it("shows Cognito's message for a wrong password", async () => {
    // Prepare
    const { cognito } = cognitoWith(
      jsonResponse(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
    );

    // Act
    const error = await cognito.signIn('ana@example.com', 'wrong').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CognitoError);
    expect(error).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('words a wrong password the same whatever the Cognito implementation says', async () => {
    // Prepare: cognito-local's wording; real pools say "Incorrect username or password."
    const { cognito } = cognitoWith(
      jsonResponse(400, { __type: 'InvalidPasswordException', message: 'Invalid password' }),
    );

    // Act
    const error = await cognito.signIn('ana@example.com', 'wrong').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidPasswordException',
      message: 'Incorrect username or password.',
    });
  });

  it('keeps the message of a disabled user', async () => {
    // Prepare
    const { cognito } = cognitoWith(
      jsonResponse(400, { __type: 'NotAuthorizedException', message: 'User is disabled.' }),
    );

    // Act
    const error = await cognito.signIn('ana@example.com', 'right').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ message: 'User is disabled.' });
  });

  it('does not reveal whether an account exists', async () => {
    // Prepare: cognito-local answers UserNotFoundException, which real pools hide.
    const { cognito } = cognitoWith(
      jsonResponse(400, {
        __type: 'com.amazonaws.cognito#UserNotFoundException',
        message: 'User does not exist.',
      }),
    );

    // Act
    const error = await cognito.signIn('nobody@example.com', 'x').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'UserNotFoundException',
      message: 'Incorrect username or password.',
    });
  });

  it('asks for a new password and answers the challenge with the session', async () => {
    // Prepare
    const { cognito, requests } = cognitoWith(
      jsonResponse(200, {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: 'session-1',
        ChallengeParameters: { USER_ID_FOR_SRP: 'user-sub-1' },
      }),
      jsonResponse(200, { AuthenticationResult: authResult }),
    );

    // Act
    const first = await cognito.signIn('ana@example.com', 'temporary');
    const second =
      first.kind === 'new-password-required'
        ? await cognito.completeNewPassword(first.username, 'chosen-Passw0rd', first.session)
        : first;

    // Assess
    expect(first).toEqual({ kind: 'new-password-required', session: 'session-1', username: 'user-sub-1' });
    expect(second.kind).toBe('signed-in');
    expect(requests[1]!.headers['x-amz-target']).toBe(
      'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
    );
    expect(requests[1]!.body).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: 'client-1',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: 'user-sub-1', NEW_PASSWORD: 'chosen-Passw0rd' },
    });
  });

  it('refreshes with REFRESH_TOKEN_AUTH', async () => {
    // Prepare
    const { cognito, requests } = cognitoWith(
      jsonResponse(200, {
        AuthenticationResult: { IdToken: 'id2', AccessToken: 'access2', ExpiresIn: 3600 },
      }),
    );

    // Act
    const tokens = await cognito.refresh('refresh-1');

    // Assess
    expect(tokens).toEqual({ idToken: 'id2', accessToken: 'access2', expiresIn: 3600 });
    expect(requests[0]!.body).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'client-1',
      AuthParameters: { REFRESH_TOKEN: 'refresh-1' },
    });
  });

  it('reports an unreachable endpoint as a network error', async () => {
    // Prepare
    const { cognito } = cognitoWith(new TypeError('fetch failed'));

    // Act
    const error = await cognito.signIn('ana@example.com', 'x').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'NetworkError',
      message: 'The sign-in service could not be reached.',
    });
  });
});
