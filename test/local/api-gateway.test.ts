import { createSign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoUserDirectory } from '../../functions/adapters/cognito/user-directory';
import { createApiHandler } from '../../functions/handlers/api/create-handler';
import { dependencies, instance } from '../handlers/api/fixtures';
import { type LocalApiGateway, matchRoute, startLocalApiGateway } from './api-gateway';
import { DEMO_USERS, type LocalCognito, startCognito } from './cognito';
import { createCognitoAuthorizer } from './cognito-authorizer';

const COGNITO_LOCAL_KEY = JSON.parse(
  readFileSync(path.resolve('node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'),
) as { pem: string };

function signJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${part(payload)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(COGNITO_LOCAL_KEY.pem).toString('base64url')}`;
}

describe('local API Gateway', () => {
  let dataDir: string;
  let cognito: LocalCognito;
  let gateway: LocalApiGateway;
  /** The pool's administrator, as a person disabling users in the console would be. */
  let admin: CognitoIdentityProviderClient;
  const tokens: Record<string, string> = {};
  /** `cognito:username` of each demo user, by group. */
  const usernames: Record<string, string> = {};
  const events: APIGatewayProxyEvent[] = [];
  const deps = dependencies();
  const resource = instance('111111111111', 'i-0123456789abcdef0');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-gateway-'));
    const staticDir = path.join(dataDir, 'dist');
    mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>HostMaster</title>');
    writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dataDir, 'secret.txt'), 'do not serve');
    await deps.resources.putMany([resource]);
    cognito = await startCognito({ dataDir: path.join(dataDir, 'cognito') });
    admin = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const client = admin;
    for (const user of DEMO_USERS) {
      const auth = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: cognito.userPoolClientId,
          AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
        }),
      );
      tokens[user.group] = auth.AuthenticationResult?.IdToken ?? '';
      const payload = tokens[user.group]!.split('.')[1] ?? '';
      usernames[user.group] = JSON.parse(Buffer.from(payload, 'base64url').toString())['cognito:username'];
    }
    // The adapter the API Lambda uses, against cognito-local: the same calls as deployed.
    const api = createApiHandler({ ...deps, directory: new CognitoUserDirectory(admin, cognito.userPoolId) });
    gateway = await startLocalApiGateway({
      handler: async (event, context) => {
        events.push(event);
        return api(event, context);
      },
      authorizer: createCognitoAuthorizer({
        issuer: cognito.issuer,
        jwksUrl: cognito.jwksUrl,
        clientId: cognito.userPoolClientId,
      }),
      staticDir,
      config: { apiUrl: '/api', userPoolId: cognito.userPoolId },
    });
  });

  afterAll(async () => {
    admin?.destroy();
    await gateway?.stop();
    await cognito?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function get(pathAndQuery: string, token?: string, method = 'GET') {
    return fetch(`${gateway.url}${pathAndQuery}`, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  }

  it('passes a real cognito-local token through to the same handler as an API Gateway event', async () => {
    // Prepare
    const id = encodeURIComponent(resource.id);

    // Act
    const response = await get(`/api/resources/${id}?view=full`, tokens.viewer);

    // Assess
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe(resource.id);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const event = events.at(-1)!;
    expect(event.resource).toBe('/api/resources/{id}');
    expect(event.pathParameters).toEqual({ id: resource.id });
    expect(event.queryStringParameters).toEqual({ view: 'full' });
    expect(event.requestContext.authorizer?.claims).toMatchObject({
      email: 'viewer@hostmaster.local',
      'cognito:groups': 'viewer',
      token_use: 'id',
    });
  });

  it('answers 401 like API Gateway without a token, with a foreign token and with an expired one', async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({
      sub: 's',
      aud: cognito.userPoolClientId,
      iss: cognito.issuer,
      token_use: 'id',
      'cognito:groups': ['admin'],
      iat: now - 7200,
      exp: now - 3600,
    });
    const calls = events.length;

    // Act
    const responses = await Promise.all([
      get('/api/resources'),
      get('/api/resources', 'not.a.jwt'),
      get('/api/resources', `${tokens.admin!.slice(0, -4)}AAAA`),
      get('/api/resources', expired),
    ]);

    // Assess
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    }
    expect(events.length).toBe(calls);
  });

  it('lets the handler refuse a viewer the admin-only scan start', async () => {
    // Act
    const viewer = await get('/api/scans', tokens.viewer, 'POST');
    const admin = await get('/api/scans', tokens.admin, 'POST');

    // Assess
    expect(viewer.status).toBe(403);
    expect(admin.status).toBe(202);
    expect(deps.scans.requests).toEqual([
      { scanId: expect.stringMatching(/^scan-/), requestedBy: 'admin@hostmaster.local' },
    ]);
  });

  it("refuses a disabled admin's still-valid token on a mutating route, but still lets it read", async () => {
    // Prepare
    const user = { UserPoolId: cognito.userPoolId, Username: usernames.admin };
    const calls = events.length;
    const scansBefore = deps.scans.requests.length;
    await admin.send(new AdminDisableUserCommand(user));

    // Act
    try {
      const change = await get('/api/scans', tokens.admin, 'POST');
      const read = await get('/api/resources', tokens.admin);

      // Assess: the token passed the authorizer both times; the user pool said no to the change.
      expect(events.length).toBe(calls + 2);
      expect(change.status).toBe(403);
      expect(await change.json()).toEqual({
        message: 'Refused: the user has been disabled; sign in again once an administrator restores access',
      });
      expect(deps.scans.requests.length).toBe(scansBefore);
      expect(read.status).toBe(200);
    } finally {
      await admin.send(new AdminEnableUserCommand(user));
    }
    // The scan the earlier test started has finished, as its last step would mark it.
    for (const { scanId } of deps.scans.requests) await deps.scanRecords.finish(scanId, new Date());
    expect((await get('/api/scans', tokens.admin, 'POST')).status).toBe(202);
  });

  it('refuses an operator removed from the operator group since signing in', async () => {
    // Prepare
    const membership = {
      UserPoolId: cognito.userPoolId,
      Username: usernames.operator,
      GroupName: 'operator',
    };
    const acknowledge = '/api/alerts/al-0000000000000000/acknowledge';
    const before = await get(acknowledge, tokens.operator, 'POST');
    await admin.send(new AdminRemoveUserFromGroupCommand(membership));

    // Act
    try {
      const after = await get(acknowledge, tokens.operator, 'POST');

      // Assess: before, past the check, the alert simply did not exist.
      expect(before.status).toBe(404);
      expect(after.status).toBe(403);
      expect(((await after.json()) as { message: string }).message).toContain(
        'no longer in the operator group or higher',
      );
    } finally {
      await admin.send(new AdminAddUserToGroupCommand(membership));
    }
  });

  it('treats __proto__, constructor and other prototype names in the query and headers as plain names', async () => {
    // Act
    const responses = await Promise.all(
      [
        '/api/resources?__proto__=x',
        '/api/resources?__proto__=x&__proto__=y&constructor=z&toString=1&hasOwnProperty=2',
        '/api/resources?__proto__%5Bpolluted%5D=1&accountId=111111111111',
        '/api/scans?__proto__=x&cursor=e30',
      ].map((url) =>
        fetch(`${gateway.url}${url}`, {
          headers: { Authorization: `Bearer ${tokens.viewer}`, constructor: 'x', 'x-proto': '__proto__' },
        }),
      ),
    );

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 400]);
    const forwarded = events.flatMap((e) => Object.keys(e.queryStringParameters ?? {}));
    expect(forwarded).toContain('__proto__[polluted]');
    expect(forwarded).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers an unknown API path as API Gateway does, before any authorization', async () => {
    // Act
    const response = await get('/api/nothing-here');

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('serves config.json, assets and the SPA fallback, but nothing outside the dashboard', async () => {
    // Act
    const config = await get('/config.json');
    const asset = await get('/assets/app.js');
    const deepLink = await get('/resources/some-arn');
    const traversal = await get('/..%2Fsecret.txt');

    // Assess
    expect(await config.json()).toEqual({ apiUrl: '/api', userPoolId: cognito.userPoolId });
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await deepLink.text()).toContain('<title>HostMaster</title>');
    expect(await traversal.text()).not.toContain('do not serve');
  });

  it('matches encoded ARNs as one path segment', () => {
    // Act
    const matched = matchRoute('GET', `/resources/${encodeURIComponent('arn:aws:s3:::bucket/key')}`);
    const tooDeep = matchRoute('GET', '/resources/arn:aws:s3:::bucket/key');

    // Assess
    expect(matched?.route.operationId).toBe('getResource');
    expect(matched?.pathParameters).toEqual({ id: 'arn:aws:s3:::bucket/key' });
    expect(tooDeep).toBeUndefined();
  });
});
