import { describe, expect, it } from 'vitest';
import type { CognitoClient, CognitoTokens } from '../../../frontend/src/api/cognito';
import { CognitoError, SessionExpiredError } from '../../../frontend/src/api/errors';
import { decodeJwtPayload } from '../../../frontend/src/auth/jwt';
import { EXPIRED_NOTICE, SessionManager, type SessionStorageLike } from '../../../frontend/src/auth/session';

const T0 = Date.parse('2026-11-23T10:00:00Z');

/** An unsigned JWT with the given expiry (seconds since the epoch). */
function jwt(exp: number, extra: Record<string, unknown> = {}): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode({ exp, ...extra })}.sig`;
}

function memoryStorage(): SessionStorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function cognitoRefreshing(
  refresh: (token: string) => Promise<CognitoTokens>,
): CognitoClient & { calls: number } {
  const client = {
    calls: 0,
    signIn: () => Promise.reject(new Error('not used')),
    completeNewPassword: () => Promise.reject(new Error('not used')),
    refresh: (token: string) => {
      client.calls += 1;
      return refresh(token);
    },
  };
  return client;
}

const signedInTokens = (expSeconds: number): CognitoTokens => ({
  idToken: jwt(expSeconds),
  accessToken: 'access',
  refreshToken: 'refresh-1',
  expiresIn: 3600,
});

describe('session', () => {
  it('keeps the tokens in storage and takes their expiry from the id token', () => {
    // Prepare
    const storage = memoryStorage();
    const session = new SessionManager({
      cognito: cognitoRefreshing(async () => signedInTokens(0)),
      storage,
      now: () => T0,
    });

    // Act
    session.signIn(signedInTokens(T0 / 1000 + 3600));
    const restored = new SessionManager({
      cognito: cognitoRefreshing(async () => signedInTokens(0)),
      storage,
      now: () => T0,
    });

    // Assess
    const state = restored.state();
    expect(state.status).toBe('signed-in');
    expect(state.status === 'signed-in' && state.tokens.expiresAt).toBe(T0 + 3600_000);
    expect(session.msUntilRefresh()).toBe(3600_000 - 300_000);
  });

  it('serves the current id token until the refresh is due', async () => {
    // Prepare
    const storage = memoryStorage();
    const cognito = cognitoRefreshing(async () => signedInTokens(0));
    const session = new SessionManager({ cognito, storage, now: () => T0 });
    const tokens = signedInTokens(T0 / 1000 + 3600);
    session.signIn(tokens);

    // Act
    const token = await session.idToken();

    // Assess
    expect(token).toBe(tokens.idToken);
    expect(cognito.calls).toBe(0);
  });

  it('refreshes once for concurrent callers when the token is about to expire, keeping the refresh token', async () => {
    // Prepare
    let now = T0;
    const renewed = { ...signedInTokens(T0 / 1000 + 7200), refreshToken: undefined };
    const cognito = cognitoRefreshing(async () => renewed);
    const storage = memoryStorage();
    const session = new SessionManager({ cognito, storage, now: () => now });
    session.signIn(signedInTokens(T0 / 1000 + 3600));
    now = T0 + 3600_000 - 60_000;

    // Act
    const [a, b] = await Promise.all([session.idToken(), session.idToken()]);

    // Assess
    expect(a).toBe(renewed.idToken);
    expect(b).toBe(renewed.idToken);
    expect(cognito.calls).toBe(1);
    const state = session.state();
    expect(state.status === 'signed-in' && state.tokens.refreshToken).toBe('refresh-1');
    expect(JSON.parse(storage.data.get('hostmaster.session')!).idToken).toBe(renewed.idToken);
  });

  it('expires with a notice when Cognito refuses the refresh token', async () => {
    // Prepare
    let now = T0;
    const cognito = cognitoRefreshing(async () => {
      throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
    });
    const storage = memoryStorage();
    const session = new SessionManager({ cognito, storage, now: () => now });
    session.signIn(signedInTokens(T0 / 1000 + 3600));
    now = T0 + 3600_000 + 1;

    // Act
    const result = session.idToken();

    // Assess
    await expect(result).rejects.toBeInstanceOf(SessionExpiredError);
    expect(session.state()).toEqual({ status: 'signed-out', notice: EXPIRED_NOTICE });
    expect(storage.data.size).toBe(0);
  });

  it('keeps a still-valid token when Cognito cannot be reached', async () => {
    // Prepare
    let now = T0;
    const cognito = cognitoRefreshing(async () => {
      throw new CognitoError('NetworkError', 'unreachable');
    });
    const session = new SessionManager({ cognito, storage: memoryStorage(), now: () => now });
    const tokens = signedInTokens(T0 / 1000 + 3600);
    session.signIn(tokens);
    now = T0 + 3600_000 - 60_000;

    // Act
    const token = await session.idToken();

    // Assess
    expect(token).toBe(tokens.idToken);
    expect(session.state().status).toBe('signed-in');
  });

  it('notifies subscribers and forgets the tokens on sign-out, without a notice', () => {
    // Prepare
    const storage = memoryStorage();
    const session = new SessionManager({
      cognito: cognitoRefreshing(async () => signedInTokens(0)),
      storage,
      now: () => T0,
    });
    session.signIn(signedInTokens(T0 / 1000 + 3600));
    let notified = 0;
    session.subscribe(() => {
      notified += 1;
    });

    // Act
    session.signOut();

    // Assess
    expect(notified).toBe(1);
    expect(session.state()).toEqual({ status: 'signed-out' });
    expect(storage.data.size).toBe(0);
  });

  it('ignores a corrupt stored session', () => {
    // Prepare
    const storage = memoryStorage();
    storage.setItem('hostmaster.session', '{not json');

    // Act
    const session = new SessionManager({
      cognito: cognitoRefreshing(async () => signedInTokens(0)),
      storage,
    });

    // Assess
    expect(session.state()).toEqual({ status: 'signed-out' });
  });

  it('decodes base64url JWT payloads with non-ASCII claims', () => {
    // Act
    const claims = decodeJwtPayload(jwt(123, { email: 'zoë@example.com', 'cognito:groups': ['admin'] }));

    // Assess
    expect(claims).toEqual({ exp: 123, email: 'zoë@example.com', 'cognito:groups': ['admin'] });
    expect(decodeJwtPayload('not-a-jwt')).toBeUndefined();
  });
});
