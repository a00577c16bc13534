import { describe, expect, it } from 'vitest';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { routeRequest } from '../../../functions/handlers/api/router';
import { apiEvent, CALLER, dependencies } from './fixtures';

const exceptionBody = (resource: string) =>
  JSON.stringify({
    ruleId: 'sg-admin-port-open-ipv4',
    resourceId: `arn:aws:ec2:eu-west-1:111111111111:security-group/${resource}`,
    reason: 'bastion host, replaced by SSM in Q1',
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });

describe('the recorded actor', () => {
  it('stays the same person when the token carries a changed, unverified email', async () => {
    // Prepare: the same Cognito user before and after setting their email to someone else's.
    const deps = dependencies();
    const honest = apiEvent({ method: 'POST', resource: '/api/exceptions', body: exceptionBody('sg-1') });
    const spoofed = apiEvent({
      method: 'POST',
      resource: '/api/exceptions',
      body: exceptionBody('sg-2'),
      email: 'ceo@example.com',
      emailVerified: 'false',
    });

    // Act
    const first = JSON.parse((await routeRequest(honest, deps)).body) as Exception;
    const second = JSON.parse((await routeRequest(spoofed, deps)).body) as Exception;
    const audit = JSON.parse((await routeRequest(apiEvent({ resource: '/api/audit' }), deps)).body);

    // Assess
    const identity = { sub: CALLER.sub, username: CALLER.username };
    expect(first).toMatchObject({ createdBy: 'ada@example.com', createdByIdentity: identity });
    expect(second).toMatchObject({ createdBy: CALLER.username, createdByIdentity: identity });
    expect(audit.items.map((e: { actorIdentity: unknown }) => e.actorIdentity)).toEqual([identity, identity]);
    expect(JSON.stringify(audit)).not.toContain('ceo@example.com');
  });

  it('shows a changed email once Cognito has verified it, still under the same identity', async () => {
    // Prepare
    const deps = dependencies();

    // Act
    const response = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: '/api/exceptions',
        body: exceptionBody('sg-1'),
        email: 'ada.lovelace@example.com',
      }),
      deps,
    );

    // Assess
    expect(JSON.parse(response.body)).toMatchObject({
      createdBy: 'ada.lovelace@example.com',
      createdByIdentity: { sub: CALLER.sub, username: CALLER.username },
    });
  });
});
