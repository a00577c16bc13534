import { describe, expect, it, vi } from 'vitest';
import { createApiClient, queryString } from '../../../frontend/src/api/client';
import { ApiError, SessionExpiredError } from '../../../frontend/src/api/errors';
import { fakeFetch, jsonResponse } from '../fake-fetch';
import { instance } from '../fixtures';

function clientWith(...responses: Response[]) {
  const fake = fakeFetch(...responses);
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    baseUrl: '/api/',
    idToken: async () => 'id-token-1',
    onUnauthorized,
    fetch: fake.fetch,
  });
  return { api, requests: fake.requests, onUnauthorized };
}

describe('api client', () => {
  it('sends filters as query parameters with the id token as a bearer token', async () => {
    // Prepare
    const { api, requests } = clientWith(jsonResponse(200, { items: [instance()], nextCursor: 'c2' }));

    // Act
    const page = await api.listResources({
      accountId: '111111111111',
      type: 'ec2:instance',
      tag: 'env=prod',
      includeGone: false,
      limit: 500,
      cursor: 'c1',
    });

    // Assess
    expect(page.nextCursor).toBe('c2');
    expect(page.items).toHaveLength(1);
    const url = new URL(requests[0]!.url, 'http://dashboard');
    expect(url.pathname).toBe('/api/resources');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      accountId: '111111111111',
      type: 'ec2:instance',
      tag: 'env=prod',
      limit: '500',
      cursor: 'c1',
    });
    expect(requests[0]!.headers.authorization).toBe('Bearer id-token-1');
  });

  it('encodes an ARN as one path segment when reading a resource', async () => {
    // Prepare
    const arn = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc';
    const { api, requests } = clientWith(jsonResponse(200, instance({ id: arn })));

    // Act
    const resource = await api.getResource(arn);

    // Assess
    expect(resource.id).toBe(arn);
    expect(requests[0]!.url).toBe(
      '/api/resources/arn%3Aaws%3Aec2%3Aeu-west-1%3A111111111111%3Ainstance%2Fi-0abc',
    );
  });

  it("rejects with the API's own message and status on an error answer", async () => {
    // Prepare
    const { api } = clientWith(jsonResponse(404, { message: 'Resource not found' }));

    // Act
    const result = api.getResource('arn:missing');

    // Assess
    await expect(result).rejects.toEqual(new ApiError(404, 'Resource not found'));
  });

  it('falls back to the status when an error answer is not JSON', async () => {
    // Prepare
    const { api } = clientWith(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    // Act
    const error = await api.listAccounts().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('The server answered 502 Bad Gateway.');
  });

  it('ends the session on 401', async () => {
    // Prepare
    const { api, onUnauthorized } = clientWith(jsonResponse(401, { message: 'Unauthorized' }));

    // Act
    const result = api.getMe();

    // Assess
    await expect(result).rejects.toBeInstanceOf(SessionExpiredError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('pages through scan runs of one account', async () => {
    // Prepare
    const { api, requests } = clientWith(jsonResponse(200, { items: [] }));

    // Act
    const page = await api.listScans({ accountId: '111111111111', limit: 25, cursor: 'c9' });

    // Assess
    expect(page.items).toEqual([]);
    expect(requests[0]!.url).toBe('/api/scans?accountId=111111111111&limit=25&cursor=c9');
  });

  it('starts a scan with a POST and returns its id', async () => {
    // Prepare
    const { api, requests } = clientWith(jsonResponse(202, { scanId: 'scan-42' }));

    // Act
    const started = await api.startScan();

    // Assess
    expect(started).toEqual({ scanId: 'scan-42' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/scans' });
  });

  it('leaves absent, empty and false values out of a query string', () => {
    // Act
    const text = queryString({ a: undefined, b: '', c: false, d: 0, e: true, f: 'x y' });

    // Assess
    expect(text).toBe('?d=0&e=true&f=x+y');
  });
});
