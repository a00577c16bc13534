import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, type LocalCognito, startCognito } from './cognito';
import { createCognitoAuthorizer } from './cognito-authorizer';

/** cognito-local's signing key: lets the test mint tokens that differ from a real one in one claim only. */
const COGNITO_LOCAL_KEY = JSON.parse(
  readFileSync(path.resolve('node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'),
) as { pem: string };

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(payload: Record<string, unknown>, privateKeyPem: string, kid = 'CognitoLocal'): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('local Cognito authorizer', () => {
  let dataDir: string;
  let cognito: LocalCognito;
  let idToken: string;

  function claimsLike(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: 'c0ffee00-0000-4000-8000-000000000000',
      aud: cognito.userPoolClientId,
      iss: cognito.issuer,
      token_use: 'id',
      email: 'mallory@example.com',
      'cognito:groups': ['admin'],
      iat: now - 60,
      exp: now + 3600,
      ...overrides,
    };
  }

  function authorizer() {
    return createCognitoAuthorizer({
      issuer: cognito.issuer,
      jwksUrl: cognito.jwksUrl,
      clientId: cognito.userPoolClientId,
    });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-cognito-'));
    cognito = await startCognito({ dataDir });
    const client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const admin = DEMO_USERS.find((user) => user.group === 'admin')!;
    const auth = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: cognito.userPoolClientId,
        AuthParameters: { USERNAME: admin.email, PASSWORD: admin.password },
      }),
    );
    idToken = auth.AuthenticationResult?.IdToken ?? '';
    client.destroy();
  });

  afterAll(async () => {
    await cognito?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a real cognito-local id token and passes its claims as API Gateway does', async () => {
    // Act
    const claims = await authorizer().authorize(`Bearer ${idToken}`);

    // Assess
    expect(claims).toMatchObject({
      email: 'admin@hostmaster.local',
      'cognito:groups': 'admin',
      token_use: 'id',
      iss: cognito.issuer,
    });
  });

  it('rejects a missing header and a token that is not a JWT', async () => {
    // Act
    const missing = await authorizer().authorize(undefined);
    const garbage = await authorizer().authorize('Bearer not-a-jwt');

    // Assess
    expect(missing).toBeUndefined();
    expect(garbage).toBeUndefined();
  });

  it('rejects a real token whose payload was altered', async () => {
    // Prepare
    const [header, , signature] = idToken.split('.');
    const forged = `${header}.${base64url(claimsLike())}.${signature}`;

    // Act
    const claims = await authorizer().authorize(`Bearer ${forged}`);

    // Assess
    expect(claims).toBeUndefined();
  });

  it('rejects a token signed by a foreign key under the pool key id', async () => {
    // Prepare
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = signJwt(claimsLike(), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

    // Act
    const claims = await authorizer().authorize(`Bearer ${foreign}`);

    // Assess
    expect(claims).toBeUndefined();
  });

  it('accepts a correctly signed minted token, so the rejections below are about one claim each', async () => {
    // Act
    const claims = await authorizer().authorize(`Bearer ${signJwt(claimsLike(), COGNITO_LOCAL_KEY.pem)}`);

    // Assess
    expect(claims?.email).toBe('mallory@example.com');
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 10 }],
    ['for another app client', { aud: 'some-other-client' }],
    ['from another issuer', { iss: 'http://127.0.0.1:1/local_other' }],
    ['an access token', { token_use: 'access' }],
  ])('rejects a pool-signed token that is %s', async (_case, overrides) => {
    // Prepare
    const token = signJwt(claimsLike(overrides), COGNITO_LOCAL_KEY.pem);

    // Act
    const claims = await authorizer().authorize(`Bearer ${token}`);

    // Assess
    expect(claims).toBeUndefined();
  });

  it('reuses the pool, client and users when started again on the same data and port', async () => {
    // Prepare
    const before = { userPoolId: cognito.userPoolId, userPoolClientId: cognito.userPoolClientId };
    const port = Number(new URL(cognito.endpoint).port);
    await cognito.stop();

    // Act
    cognito = await startCognito({ dataDir, port });
    const claims = await authorizer().authorize(`Bearer ${idToken}`);

    // Assess
    expect({ userPoolId: cognito.userPoolId, userPoolClientId: cognito.userPoolClientId }).toEqual(before);
    expect(claims?.email).toBe('admin@hostmaster.local');
  });
});
