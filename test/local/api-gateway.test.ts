import { createSign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const tokens: Record<string, string> = {};
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
    const client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    for (const user of DEMO_USERS) {
      const auth = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: cognito.userPoolClientId,
          AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
        }),
      );
      tokens[user.group] = auth.AuthenticationResult?.IdToken ?? '';
    }
    client.destroy();
    const api = createApiHandler(deps);
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
    expect(deps.scans.requests).toEqual([{ requestedBy: 'admin@hostmaster.local' }]);
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
