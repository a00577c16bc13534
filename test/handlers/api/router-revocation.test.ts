import { describe, expect, it } from 'vitest';
import type { DirectoryUser, UserDirectory } from '../../../functions/domain/identity/user-directory';
import { routeRequest } from '../../../functions/handlers/api/router';
import { ROUTES, type RouteDefinition } from '../../../functions/shared/contract/routes';
import { apiEvent, CALLER_IN_DIRECTORY, dependencies } from './fixtures';

const MUTATING = ROUTES.filter((route) => route.method !== 'GET');
const READING = ROUTES.filter((route) => route.method === 'GET');

function pathParametersOf(route: RouteDefinition): Record<string, string> {
  return Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, 'x']));
}

function eventFor(route: RouteDefinition, groups = 'admin') {
  return apiEvent({
    method: route.method,
    resource: `/api${route.path}`,
    pathParameters: pathParametersOf(route),
    groups,
    ...(route.body ? { body: '{}' } : {}),
  });
}

/** A directory that fails the test if it is asked at all. */
class UnreachableDirectory implements UserDirectory {
  calls = 0;
  async find(): Promise<DirectoryUser | undefined> {
    this.calls += 1;
    throw new Error('the user directory must not be asked for a read');
  }
}

describe('the fresh user-directory check', () => {
  it.each(MUTATING.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers 403 with the reason when the user was disabled after the token was issued',
    async (_name, route) => {
      // Prepare
      const deps = dependencies();
      deps.directory.put({ ...CALLER_IN_DIRECTORY, enabled: false });

      // Act
      const response = await routeRequest(eventFor(route), deps);

      // Assess
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body).message).toBe(
        'Refused: the user has been disabled; sign in again once an administrator restores access',
      );
    },
  );

  it('refuses an admin removed from the admin group, and changes nothing', async () => {
    // Prepare
    const deps = dependencies();
    deps.directory.put({ ...CALLER_IN_DIRECTORY, groups: ['viewer'] });

    // Act
    const scan = await routeRequest(apiEvent({ method: 'POST', resource: '/api/scans' }), deps);
    const exception = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: '/api/exceptions',
        body: JSON.stringify({
          ruleId: 'sg-admin-port-open-ipv4',
          resourceId: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1',
          reason: 'bastion',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      }),
      deps,
    );

    // Assess
    for (const response of [scan, exception]) {
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body).message).toContain(
        'the user is no longer in the admin group or higher',
      );
    }
    expect(deps.scans.requests).toEqual([]);
    expect(await deps.exceptions.list()).toEqual([]);
    expect(deps.exceptions.auditLog).toEqual([]);
  });

  it('lets an operator still in the operator group acknowledge, but not one removed from it', async () => {
    // Prepare
    const deps = dependencies();
    const acknowledge = apiEvent({
      method: 'POST',
      resource: '/api/alerts/{id}/acknowledge',
      pathParameters: { id: 'al-0000000000000000' },
      groups: 'operator',
    });
    deps.directory.put({ ...CALLER_IN_DIRECTORY, groups: ['operator'] });

    // Act
    const allowed = await routeRequest(acknowledge, deps);
    deps.directory.put({ ...CALLER_IN_DIRECTORY, groups: ['viewer'] });
    const refused = await routeRequest(acknowledge, deps);

    // Assess: past the check, the alert simply does not exist.
    expect(allowed.statusCode).toBe(404);
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).message).toContain('no longer in the operator group or higher');
  });

  it.each([
    ['deleted', undefined, 'the user no longer exists'],
    [
      'made to reset their password',
      { ...CALLER_IN_DIRECTORY, status: 'RESET_REQUIRED' },
      'status is RESET_REQUIRED',
    ],
  ] as const)('refuses a user %s since the token was issued', async (_case, user, reason) => {
    // Prepare
    const deps = dependencies();
    if (user) deps.directory.put(user);
    else deps.directory.delete(CALLER_IN_DIRECTORY.username);

    // Act
    const response = await routeRequest(apiEvent({ method: 'POST', resource: '/api/scans' }), deps);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).message).toContain(reason);
    expect(deps.scans.requests).toEqual([]);
  });

  it.each(READING.map((route) => [`GET ${route.path}`, route] as const))(
    '%s answers as before without asking the user directory',
    async (_name, route) => {
      // Prepare
      const directory = new UnreachableDirectory();
      const withDirectory = dependencies();
      const withoutDirectory = { ...dependencies(), directory };

      // Act
      const expected = await routeRequest(eventFor(route), withDirectory);
      const actual = await routeRequest(eventFor(route), withoutDirectory);

      // Assess
      expect(directory.calls).toBe(0);
      expect(actual.statusCode).toBe(expected.statusCode);
      expect(actual.statusCode).not.toBe(403);
    },
  );

  it('answers a failing user directory with a bare 500 and runs nothing', async () => {
    // Prepare
    const deps = { ...dependencies(), directory: new UnreachableDirectory() };

    // Act
    const response = await routeRequest(apiEvent({ method: 'POST', resource: '/api/scans' }), deps);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ message: 'Internal server error' });
    expect(deps.scans.requests).toEqual([]);
  });
});
