import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../functions/domain/model';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { createException } from '../../../functions/handlers/api/exceptions-create';
import { deleteException } from '../../../functions/handlers/api/exceptions-delete';
import { listExceptions } from '../../../functions/handlers/api/exceptions-list';
import type { ApiRequest } from '../../../functions/handlers/api/operation';
import { routeRequest } from '../../../functions/handlers/api/router';
import { NotFoundError, ValidationError } from '../../../functions/shared/errors';
import { apiEvent, dependencies } from './fixtures';
import { A, runAnalysis, SSH_FINDING, securityFleet } from './posture-fixtures';

const T0 = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const SG = `arn:aws:ec2:eu-west-1:${A}:sg/sg-open`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

function request(body: unknown, overrides: Partial<ApiRequest> = {}): ApiRequest {
  return {
    caller: { subject: 'sub-1', username: 'ada', email: 'ada@example.com', groups: ['admin'] },
    pathParameters: {},
    query: {},
    body,
    ...overrides,
  };
}

const validBody = (over: Record<string, unknown> = {}) => ({
  ruleId: 'sg-admin-port-open-ipv4',
  resourceId: SG,
  reason: 'bastion host, replaced by SSM in Q1',
  expiresAt: at(30).toISOString(),
  ...over,
});

describe('createException', () => {
  it('stores a resource-scoped exception with the caller as creator and audits it', async () => {
    // Prepare
    const deps = dependencies();

    // Act
    const result = await createException(request(validBody({ accountId: A })), deps);

    // Assess
    expect(result.statusCode).toBe(201);
    const created = result.body as Exception;
    expect(created).toMatchObject({
      ruleId: 'sg-admin-port-open-ipv4',
      accountId: A,
      scope: { kind: 'resource', resourceId: SG },
      createdBy: 'ada@example.com',
      createdAt: T0.toISOString(),
      expiresAt: at(30).toISOString(),
    });
    const { effect, ...stored } = created as Exception & { effect: unknown };
    expect(await deps.exceptions.get(created.id)).toEqual(stored);
    expect(effect).toEqual({ appliedAt: T0.toISOString(), suppressed: 0, reopened: 0 });
    expect(deps.exceptions.auditLog).toMatchObject([
      { action: 'exception.created', actor: 'ada@example.com', target: `exception/${created.id}` },
    ]);
  });

  it('reads a tag scope as key=value, keeping any further = in the value', async () => {
    // Prepare
    const deps = dependencies();

    // Act
    const result = await createException(
      request(validBody({ resourceId: undefined, tag: 'exception=ticket=SEC-42' })),
      deps,
    );

    // Assess
    expect((result.body as Exception).scope).toEqual({
      kind: 'tag',
      key: 'exception',
      value: 'ticket=SEC-42',
    });
  });

  it.each([
    [{ ruleId: 'no-such-check' }, 'ruleId'],
    [{ reason: '   ' }, 'reason'],
    [{ reason: undefined }, 'reason'],
    [{ expiresAt: '2026-11-22T00:00:00.000Z' }, 'expiresAt'],
    [{ expiresAt: at(366).toISOString() }, 'expiresAt'],
    [{ expiresAt: 'next tuesday' }, 'expiresAt'],
    [{ resourceId: undefined }, 'resourceId'],
    [{ tag: 'owner=ops' }, 'tag'],
    [{ resourceId: undefined, tag: 'no-equals-sign' }, 'tag'],
    [{ accountId: 'prod' }, 'accountId'],
  ])('rejects %j naming %s', async (over, parameter) => {
    // Prepare
    const deps = dependencies();

    // Act
    const failure = createException(request(validBody(over)), deps);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ issues: [{ parameter }] });
    expect(await deps.exceptions.list()).toEqual([]);
  });

  it('rejects a missing body naming the body', async () => {
    // Act
    const failure = createException(request(undefined), dependencies());

    // Assess
    await expect(failure).rejects.toMatchObject({ issues: [{ parameter: 'body' }] });
  });
});

describe('listExceptions and deleteException', () => {
  it('lists exceptions soonest expiry first, marking the expired ones', async () => {
    // Prepare
    const deps = dependencies();
    await createException(request(validBody({ expiresAt: at(30).toISOString() })), deps);
    await createException(request(validBody({ expiresAt: at(2).toISOString(), reason: 'short' })), deps);
    vi.setSystemTime(at(3));

    // Act
    const body = (await listExceptions(request(undefined), deps)).body as {
      items: (Exception & { active: boolean })[];
    };

    // Assess
    expect(body.items.map((e) => [e.reason, e.active])).toEqual([
      ['short', false],
      ['bastion host, replaced by SSM in Q1', true],
    ]);
  });

  it('revokes an exception, auditing who did it, and answers 404 the second time', async () => {
    // Prepare
    const deps = dependencies();
    const created = (await createException(request(validBody()), deps)).body as Exception;
    const grace = { subject: 'sub-2', username: 'grace', email: 'grace@example.com', groups: ['admin'] };

    // Act
    const result = await deleteException(
      request(undefined, { caller: grace, pathParameters: { id: created.id } }),
      deps,
    );
    const again = deleteException(
      request(undefined, { caller: grace, pathParameters: { id: created.id } }),
      deps,
    );

    // Assess
    expect(result.body).toEqual({
      id: created.id,
      revokedAt: T0.toISOString(),
      revokedBy: 'grace@example.com',
      effect: { appliedAt: T0.toISOString(), suppressed: 0, reopened: 0 },
    });
    await expect(again).rejects.toBeInstanceOf(NotFoundError);
    expect(await deps.exceptions.list()).toEqual([]);
    expect(deps.exceptions.auditLog.map((e) => [e.action, e.actor])).toEqual([
      ['exception.created', 'ada@example.com'],
      ['exception.revoked', 'grace@example.com'],
    ]);
  });
});

/** The API as the dashboard calls it, through the router. */
async function call(
  deps: ReturnType<typeof dependencies>,
  options: Parameters<typeof apiEvent>[0],
): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const response = await routeRequest(apiEvent(options), deps);
  return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

async function control52(deps: ReturnType<typeof dependencies>) {
  const { body } = await call(deps, { resource: '/api/posture', query: { accountId: A }, groups: 'viewer' });
  const accounts = body.accounts as {
    frameworks: { framework: string; controls: { control: string; status: string; suppressed: number }[] }[];
  }[];
  return accounts[0]?.frameworks
    .find((f) => f.framework === 'cis-aws-foundations-3.0.0')
    ?.controls.find((c) => c.control === '5.2');
}

async function sshFinding(deps: ReturnType<typeof dependencies>): Promise<Finding | undefined> {
  const { body } = await call(deps, {
    resource: '/api/security/findings',
    query: { ruleId: 'sg-admin-port-open-ipv4', status: 'suppressed' },
    groups: 'viewer',
  });
  const open = await call(deps, {
    resource: '/api/security/findings',
    query: { ruleId: 'sg-admin-port-open-ipv4' },
    groups: 'viewer',
  });
  return [...(body.items as Finding[]), ...(open.body.items as Finding[])].find((f) => f.id === SSH_FINDING);
}

describe('a suppression created through the API', () => {
  it('suppresses the finding at once and stops it counting until expiry, then it returns', async () => {
    // Prepare: the open SSH port fails CIS 5.2.
    const deps = dependencies();
    const fleet = securityFleet();
    await runAnalysis(deps, fleet, T0);
    expect(await control52(deps)).toMatchObject({ status: 'failed' });

    // Act: an admin accepts it for 2 days.
    const created = await call(deps, {
      method: 'POST',
      resource: '/api/exceptions',
      body: JSON.stringify(validBody({ expiresAt: at(2).toISOString() })),
      email: 'ada@example.com',
    });

    // Assess: audited, and applied at once without waiting for the next analysis.
    expect(created.statusCode).toBe(201);
    expect(created.body.effect).toEqual({ appliedAt: T0.toISOString(), suppressed: 1, reopened: 0 });
    const audit = await call(deps, { resource: '/api/audit' });
    expect(audit.body.items).toMatchObject([{ action: 'exception.created', actor: 'ada@example.com' }]);
    expect(await sshFinding(deps)).toMatchObject({ status: 'suppressed' });
    expect(await control52(deps)).toMatchObject({ status: 'passed', suppressed: 1 });

    // Act: the next analysis runs.
    vi.setSystemTime(at(1));
    await runAnalysis(deps, fleet, at(1));

    // Assess: still suppressed (the analysis reconciles the same way), and not failing the control.
    expect(await sshFinding(deps)).toMatchObject({
      status: 'suppressed',
      suppression: { reason: 'bastion host, replaced by SSM in Q1', by: 'ada@example.com' },
    });
    expect(await control52(deps)).toMatchObject({ status: 'passed', suppressed: 1 });

    // Act: the exception expires, before any analysis runs.
    vi.setSystemTime(at(2.5));

    // Assess: it counts again at once, and the next analysis reopens it.
    expect(await control52(deps)).toMatchObject({ status: 'failed', suppressed: 0 });
    expect((await sshFinding(deps))?.status).toBe('open');
    await runAnalysis(deps, fleet, at(2.5));
    expect((await deps.findings.get(SSH_FINDING))?.status).toBe('open');
  });

  it('counts against the posture again as soon as an admin revokes it', async () => {
    // Prepare
    const deps = dependencies();
    const fleet = securityFleet();
    const created = await call(deps, {
      method: 'POST',
      resource: '/api/exceptions',
      body: JSON.stringify(validBody()),
    });
    await runAnalysis(deps, fleet, T0);
    expect(await control52(deps)).toMatchObject({ status: 'passed', suppressed: 1 });

    // Act
    const revoked = await call(deps, {
      method: 'DELETE',
      resource: '/api/exceptions/{id}',
      pathParameters: { id: String(created.body.id) },
    });

    // Assess
    expect(revoked.statusCode).toBe(200);
    expect(revoked.body.effect).toMatchObject({ suppressed: 0, reopened: 1 });
    expect((await deps.findings.get(SSH_FINDING))?.status).toBe('open');
    expect(await control52(deps)).toMatchObject({ status: 'failed' });
    const audit = await call(deps, { resource: '/api/audit', query: { limit: '1' } });
    expect(audit.body.items).toMatchObject([{ action: 'exception.revoked' }]);
    expect(audit.body.nextCursor).toEqual(expect.any(String));
  });

  it('answers 400 naming the field when the body is invalid', async () => {
    // Act
    const response = await call(dependencies(), {
      method: 'POST',
      resource: '/api/exceptions',
      body: JSON.stringify(validBody({ reason: '' })),
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.message).toBe('reason: must not be empty');
  });
});
