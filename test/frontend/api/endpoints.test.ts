import { describe, expect, it } from 'vitest';
import { createSubscription, deleteSubscription, listAlerts } from '../../../frontend/src/api/alerts';
import { createApiClient, filenameOf } from '../../../frontend/src/api/client';
import { findingsOfResource } from '../../../frontend/src/api/cost';
import { createException, exportPosture, listSecurityFindings } from '../../../frontend/src/api/security';
import { fakeFetch, jsonResponse } from '../fake-fetch';

function clientWith(...responses: Response[]) {
  const fake = fakeFetch(...responses);
  const api = createApiClient({ baseUrl: '/api', idToken: async () => 'id-token-1', fetch: fake.fetch });
  return { api, requests: fake.requests };
}

describe('endpoint modules', () => {
  it('posts a JSON body with the bearer token', async () => {
    // Prepare
    const { api, requests } = clientWith(
      jsonResponse(201, { id: 'pending:sms:+14155550100', protocol: 'sms', endpoint: '+14155550100' }),
    );

    // Act
    const created = await createSubscription(api, { protocol: 'sms', endpoint: '+14155550100' });

    // Assess
    expect(created.endpoint).toBe('+14155550100');
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/subscriptions',
      body: { protocol: 'sms', endpoint: '+14155550100' },
      headers: { authorization: 'Bearer id-token-1', 'content-type': 'application/json' },
    });
  });

  it('deletes by an encoded id and accepts an empty answer', async () => {
    // Prepare
    const { api, requests } = clientWith(new Response(null, { status: 204 }));

    // Act
    const result = await deleteSubscription(api, 'arn:aws:sns:us-east-1:000000000000:alerts:abc/1');

    // Assess
    expect(result).toBeUndefined();
    expect(requests[0]).toMatchObject({
      method: 'DELETE',
      url: `/api/subscriptions/${encodeURIComponent('arn:aws:sns:us-east-1:000000000000:alerts:abc/1')}`,
    });
  });

  it('sends filters as query parameters and sends an exception scoped to a tag', async () => {
    // Prepare
    const { api, requests } = clientWith(
      jsonResponse(200, { items: [], counts: {} }),
      jsonResponse(200, { items: [] }),
      jsonResponse(201, { id: 'e1' }),
    );

    // Act
    await listSecurityFindings(api, { accountId: '111111111111', severity: 'high', framework: 'aws-fsbp' });
    await listAlerts(api, { status: 'open', accountId: '111111111111' });
    await createException(api, {
      ruleId: 's3-public-access-block-incomplete',
      tag: 'env=sandbox',
      reason: 'sandbox',
      expiresAt: '2027-01-31T23:59:59.000Z',
    });

    // Assess
    expect(requests[0]!.url).toBe(
      '/api/security/findings?accountId=111111111111&severity=high&framework=aws-fsbp',
    );
    expect(requests[1]!.url).toBe('/api/alerts?status=open&accountId=111111111111');
    expect(requests[2]!.body).toEqual({
      ruleId: 's3-public-access-block-incomplete',
      tag: 'env=sandbox',
      reason: 'sandbox',
      expiresAt: '2027-01-31T23:59:59.000Z',
    });
  });

  it('downloads an export as a blob named by the API', async () => {
    // Prepare
    const { api, requests } = clientWith(
      new Response('account,region\r\n', {
        status: 200,
        headers: {
          'Content-Type': 'text/csv',
          'Content-Disposition': 'attachment; filename="hostmaster-posture-all-2026-11-23.csv"',
        },
      }),
    );

    // Act
    const file = await exportPosture(api, 'csv');

    // Assess
    expect(file.filename).toBe('hostmaster-posture-all-2026-11-23.csv');
    await expect(file.blob.text()).resolves.toBe('account,region\r\n');
    expect(requests[0]).toMatchObject({ url: '/api/posture/export?format=csv', method: 'GET' });
    expect(requests[0]!.headers.authorization).toBe('Bearer id-token-1');
  });

  it('reads file names from Content-Disposition in either form', () => {
    // Assess
    expect(filenameOf('attachment; filename="a b.csv"')).toBe('a b.csv');
    expect(filenameOf('attachment; filename=report.json')).toBe('report.json');
    expect(filenameOf("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv")).toBe('résumé.csv');
    expect(filenameOf(null)).toBeUndefined();
  });

  it("collects one resource's findings over every page of its account", async () => {
    // Prepare
    const arn = 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1';
    const mine = { id: `r|${arn}`, resourceId: arn };
    const other = { id: 'r|other', resourceId: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-2' };
    const { api, requests } = clientWith(
      jsonResponse(200, { items: [mine, other], nextCursor: 'c2' }),
      jsonResponse(200, { items: [{ ...mine, id: 'q|x' }] }),
    );

    // Act
    const found = await findingsOfResource(api, arn);

    // Assess
    expect(found.map((f) => f.id)).toEqual([`r|${arn}`, 'q|x']);
    const first = new URL(requests[0]!.url, 'http://dashboard');
    expect(first.searchParams.get('account')).toBe('111111111111');
    expect(new URL(requests[1]!.url, 'http://dashboard').searchParams.get('cursor')).toBe('c2');
  });
});
