import { describe, expect, it, vi } from 'vitest';
import { parseGroups } from '../../../functions/handlers/api/caller';
import { findRoute, routeRequest } from '../../../functions/handlers/api/router';
import { GROUPS, ROUTES } from '../../../functions/shared/contract/routes';
import { apiEvent, dependencies, instance } from './fixtures';

function resourceOf(route: (typeof ROUTES)[number]): string {
  return `/api${route.path}`;
}

function pathParametersOf(route: (typeof ROUTES)[number]): Record<string, string> {
  return Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, 'x']));
}

describe('every route', () => {
  it.each(ROUTES.map((route) => [route.operationId, route] as const))(
    '%s answers 401 when the authorizer passed no claims',
    async (_operationId, route) => {
      // Prepare
      const event = apiEvent({
        method: route.method,
        resource: resourceOf(route),
        pathParameters: pathParametersOf(route),
        groups: null,
      });

      // Act
      const response = await routeRequest(event, dependencies());

      // Assess
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ message: 'Unauthorized' });
    },
  );

  it.each(ROUTES.map((route) => [route.operationId, route] as const))(
    '%s answers 403 to every group below its minimum group, naming the group but not the operation',
    async (_operationId, route) => {
      // Prepare
      const below = ['', 'guest', ...GROUPS.slice(0, GROUPS.indexOf(route.minimumGroup))];
      const deps = dependencies();

      // Act
      const responses = await Promise.all(
        below.map((groups) =>
          routeRequest(
            apiEvent({
              method: route.method,
              resource: resourceOf(route),
              pathParameters: pathParametersOf(route),
              groups,
            }),
            deps,
          ),
        ),
      );

      // Assess
      for (const response of responses) {
        expect(response.statusCode).toBe(403);
        expect(JSON.parse(response.body).message).toContain(route.minimumGroup);
        expect(JSON.parse(response.body).message).not.toContain(route.operationId);
      }
      expect(deps.scans.requests).toEqual([]);
    },
  );

  it.each(ROUTES.map((route) => [route.operationId, route] as const))(
    '%s lets its minimum group through',
    async (_operationId, route) => {
      // Prepare
      const event = apiEvent({
        method: route.method,
        resource: resourceOf(route),
        pathParameters: pathParametersOf(route),
        groups: route.minimumGroup,
      });

      // Act
      const response = await routeRequest(event, dependencies());

      // Assess
      expect([401, 403, 500]).not.toContain(response.statusCode);
      expect(response.headers).toMatchObject({
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
    },
  );
});

describe('parseGroups', () => {
  it.each([
    ['admin', ['admin']],
    ['[admin viewer]', ['admin', 'viewer']],
    ['admin,viewer', ['admin', 'viewer']],
    ['[admin, viewer]', ['admin', 'viewer']],
    ['["operator","viewer"]', ['operator', 'viewer']],
    ['', []],
    [undefined, []],
    [['operator'], ['operator']],
  ])('reads %j as %j', (claim, expected) => {
    // Act
    const groups = parseGroups(claim);

    // Assess
    expect(groups).toEqual(expected);
  });
});

describe('routeRequest', () => {
  it('finds routes with and without the /api prefix', () => {
    // Act
    const prefixed = findRoute('/api/resources/{id}', 'GET');
    const bare = findRoute('/scans', 'POST');

    // Assess
    expect(prefixed?.operationId).toBe('getResource');
    expect(bare?.operationId).toBe('startScan');
  });

  it('lets an admin in a multi-group claim start a scan', async () => {
    // Prepare
    const deps = dependencies();

    // Act
    const response = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: '/api/scans',
        groups: '[viewer admin]',
        email: 'root@example.com',
      }),
      deps,
    );

    // Assess
    expect(response.statusCode).toBe(202);
    const { scanId } = JSON.parse(response.body);
    expect(scanId).toMatch(/^scan-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(deps.scans.requests).toEqual([{ scanId, requestedBy: 'root@example.com' }]);
  });

  it('answers 400 naming the parameter when limit is out of range', async () => {
    // Act
    const response = await routeRequest(apiEvent({ query: { limit: '501' } }), dependencies());

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).message).toBe('limit: must be an integer between 1 and 500');
  });

  it('answers 400 when the body is not JSON', async () => {
    // Act
    const response = await routeRequest(
      apiEvent({ method: 'POST', resource: '/api/scans', body: '{not json' }),
      dependencies(),
    );

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).message).toBe('body: must be valid JSON');
  });

  it('answers 404 for an unknown resource id', async () => {
    // Act
    const response = await routeRequest(
      apiEvent({
        resource: '/api/resources/{id}',
        pathParameters: { id: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-nope' },
      }),
      dependencies(),
    );

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).message).toBe(
      'Resource not found: arn:aws:ec2:eu-west-1:111111111111:instance/i-nope',
    );
  });

  it('decodes an ARN whose slash is still URL-encoded', async () => {
    // Prepare
    const deps = dependencies();
    const resource = instance('111111111111', 'i-0abc');
    await deps.resources.putMany([resource]);

    // Act
    const response = await routeRequest(
      apiEvent({ resource: '/api/resources/{id}', pathParameters: { id: encodeURIComponent(resource.id) } }),
      deps,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).id).toBe(resource.id);
  });

  it('answers 404 for a path that is not a route', async () => {
    // Act
    const response = await routeRequest(apiEvent({ resource: '/api/nothing' }), dependencies());

    // Assess
    expect(response.statusCode).toBe(404);
  });

  it('takes __proto__ and constructor in the query, path and body as plain, unknown names', async () => {
    // Prepare: API Gateway delivers JSON, whose parser makes `__proto__` an own property
    const deps = dependencies();
    await deps.resources.putMany([instance('111111111111', 'i-1')]);
    const own = (json: string) => JSON.parse(json) as Record<string, string>;
    const cases = [
      apiEvent({ query: own('{"__proto__":"x","constructor":"y","limit":"5"}') }),
      apiEvent({ query: own('{"__proto__":{"limit":"9999"}}') as unknown as Record<string, string> }),
      apiEvent({
        resource: '/api/resources/{id}',
        pathParameters: own(
          '{"__proto__":"x","id":"arn%3Aaws%3Aec2%3Aeu-west-1%3A111111111111%3Ainstance%2Fi-1"}',
        ),
      }),
      apiEvent({
        method: 'POST',
        resource: '/api/exceptions',
        body: '{"__proto__":{"ruleId":"ec2-imdsv1-allowed"},"constructor":{"prototype":{"polluted":true}}}',
      }),
      apiEvent({
        method: 'POST',
        resource: '/api/subscriptions',
        body: '{"__proto__":{"protocol":"email","endpoint":"x@example.com"}}',
      }),
    ];

    // Act
    const responses = [];
    for (const event of cases) responses.push(await routeRequest(event, deps));

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 400, 400]);
    expect(JSON.parse(responses[2]!.body).id).toContain('instance/i-1');
    expect(JSON.parse(responses[3]!.body).issues.map((i: { parameter: string }) => i.parameter)).toContain(
      'ruleId',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await deps.exceptions.list()).toEqual([]);
  });

  it('hides the internals of an unexpected failure behind a bare 500', async () => {
    // Prepare
    const deps = dependencies();
    vi.spyOn(deps.resources, 'query').mockRejectedValue(
      new Error('ResourceNotFoundException: table hostmaster-prod in 123456789012 at /var/task/index.js:12'),
    );

    // Act
    const response = await routeRequest(apiEvent(), deps);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"message":"Internal server error"}');
  });
});
