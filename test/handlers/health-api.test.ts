/** The alert, subscription, digest and health routes of the API, over in-memory alerting. */
import { describe, expect, it } from 'vitest';
import { runDigest } from '../../functions/app/alerts/digest';
import type { SubscriptionDirectory } from '../../functions/domain/alerts/ports';
import type { Subscription, SubscriptionRequest } from '../../functions/domain/alerts/subscriptions';
import { routeRequest } from '../../functions/handlers/api/router';
import { memoryAlerting } from '../app/alerts/fixtures';
import { person } from '../domain/identity/fixtures';
import { apiEvent, CALLER, dependencies, scanRun } from './api/fixtures';

const ARN = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc';

class FakeDirectory implements SubscriptionDirectory {
  readonly items: Subscription[] = [];
  async list() {
    return this.items;
  }
  async subscribe(request: SubscriptionRequest): Promise<Subscription> {
    const subscription: Subscription = {
      id:
        request.protocol === 'sms'
          ? `arn:aws:sns:us-east-1:1:sms:${this.items.length}`
          : `pending:email:${request.endpoint}`,
      ...request,
      status: request.protocol === 'sms' ? 'confirmed' : 'pending-confirmation',
    };
    this.items.push(subscription);
    return subscription;
  }
  async unsubscribe(id: string) {
    const at = this.items.findIndex((s) => s.id === id);
    if (at < 0) return false;
    this.items.splice(at, 1);
    return true;
  }
}

async function setUp() {
  const rig = memoryAlerting();
  const subscriptions = new FakeDirectory();
  const api = dependencies();
  const deps = {
    ...api,
    alerting: {
      service: rig.service,
      subscriptions,
      previewDigest: async (kind: 'daily' | 'weekly') =>
        (
          await runDigest(
            kind,
            {
              ...rig,
              findings: api.findings,
              exceptions: api.exceptions,
              dashboardUrl: 'https://hm.example.com',
              now: rig.now(),
            },
            true,
          )
        ).digest,
    },
  };
  await rig.service.apply([
    {
      kind: 'raise',
      dedupeKey: `ec2-state|${ARN}`,
      source: 'event',
      severity: 'critical',
      title: 'Instance stopped unexpectedly (Server.InternalError)',
      resource: { id: ARN, name: 'web-1', type: 'ec2:instance' },
      accountId: '111111111111',
      region: 'eu-west-1',
      at: rig.now().toISOString(),
    },
  ]);
  const [alert] = await rig.service.list({});
  return { rig, deps, subscriptions, alert: alert! };
}

const body = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

describe('alert routes', () => {
  it('lists alerts with filters and a resource history', async () => {
    // Prepare
    const { deps } = await setUp();
    // Act
    const all = await routeRequest(apiEvent({ resource: '/api/alerts', groups: 'viewer' }), deps);
    const none = await routeRequest(
      apiEvent({ resource: '/api/alerts', query: { severity: 'low' }, groups: 'viewer' }),
      deps,
    );
    const history = await routeRequest(
      apiEvent({
        resource: '/api/resources/{id}/alerts',
        pathParameters: { id: encodeURIComponent(ARN) },
        groups: 'viewer',
      }),
      deps,
    );
    const bad = await routeRequest(
      apiEvent({ resource: '/api/alerts', query: { status: 'sleeping' } }),
      deps,
    );
    // Assess
    expect(all.statusCode).toBe(200);
    expect(body(all)).toMatchObject({ total: 1, items: [{ resourceId: ARN, status: 'open' }] });
    expect(body(none)).toMatchObject({ total: 0 });
    expect(body(history).items).toHaveLength(1);
    expect(bad.statusCode).toBe(400);
  });

  it('lets operators acknowledge and resolve, not viewers', async () => {
    // Prepare
    const { deps, alert } = await setUp();
    const path = (action: string) => `/api/alerts/{id}/${action}`;
    // Act
    const denied = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: path('acknowledge'),
        pathParameters: { id: alert.id },
        groups: 'viewer',
      }),
      deps,
    );
    const acked = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: path('acknowledge'),
        pathParameters: { id: alert.id },
        groups: 'operator',
        email: 'op@example.com',
      }),
      deps,
    );
    const resolved = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: path('resolve'),
        pathParameters: { id: alert.id },
        groups: 'operator',
      }),
      deps,
    );
    const missing = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: path('resolve'),
        pathParameters: { id: 'al-0000000000000000' },
        groups: 'operator',
      }),
      deps,
    );
    // Assess
    expect(denied.statusCode).toBe(403);
    expect(body(acked)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'op@example.com',
      acknowledgedByIdentity: { sub: CALLER.sub, username: CALLER.username },
    });
    expect(body(resolved)).toMatchObject({
      status: 'resolved',
      resolvedBy: 'ada@example.com',
      resolvedByIdentity: { sub: CALLER.sub, username: CALLER.username },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('manages subscriptions for admins, validating phone numbers as E.164', async () => {
    // Prepare
    const { deps, subscriptions } = await setUp();
    const post = (payload: unknown, groups = 'admin') =>
      routeRequest(
        apiEvent({ method: 'POST', resource: '/api/subscriptions', body: JSON.stringify(payload), groups }),
        deps,
      );
    // Act
    const operator = await post({ protocol: 'sms', endpoint: '+14155550100' }, 'operator');
    const invalid = await post({ protocol: 'sms', endpoint: '0155 550100' });
    const sms = await post({ protocol: 'sms', endpoint: '+14155550100' });
    const email = await post({ protocol: 'email', endpoint: 'ops@example.com' });
    const listed = await routeRequest(apiEvent({ resource: '/api/subscriptions' }), deps);
    const removed = await routeRequest(
      apiEvent({
        method: 'DELETE',
        resource: '/api/subscriptions/{id}',
        pathParameters: { id: body(sms).id as string },
      }),
      deps,
    );
    const gone = await routeRequest(
      apiEvent({
        method: 'DELETE',
        resource: '/api/subscriptions/{id}',
        pathParameters: { id: body(sms).id as string },
      }),
      deps,
    );
    // Assess
    expect(operator.statusCode).toBe(403);
    expect(invalid.statusCode).toBe(400);
    expect(body(invalid).message).toContain('E.164');
    expect(sms.statusCode).toBe(201);
    expect(body(email)).toMatchObject({ status: 'pending-confirmation' });
    expect(body(listed).items).toHaveLength(2);
    expect(removed.statusCode).toBe(200);
    expect(gone.statusCode).toBe(404);
    expect(subscriptions.items.map((s) => s.protocol)).toEqual(['email']);
    const audit = body(await routeRequest(apiEvent({ resource: '/api/audit' }), deps)) as {
      items: Record<string, unknown>[];
    };
    const identity = { sub: CALLER.sub, username: CALLER.username };
    expect(audit.items.map((e) => [e.action, e.target, e.actor, e.actorIdentity])).toEqual([
      ['subscription.deleted', 'subscription/sms:+14155550100', 'ada@example.com', identity],
      ['subscription.created', 'subscription/email:ops@example.com', 'ada@example.com', identity],
      ['subscription.created', 'subscription/sms:+14155550100', 'ada@example.com', identity],
    ]);
  });

  it('previews the digest and shows every account at a glance', async () => {
    // Prepare
    const { deps } = await setUp();
    await deps.scanRuns.put(scanRun('111111111111', 'eu-west-1', { status: 'partial' }));
    // Act
    const preview = await routeRequest(
      apiEvent({ resource: '/api/digest/preview', query: { kind: 'weekly' }, groups: 'viewer' }),
      deps,
    );
    const overview = await routeRequest(
      apiEvent({ resource: '/api/health/overview', groups: 'viewer' }),
      deps,
    );
    // Assess
    expect(body(preview)).toMatchObject({
      kind: 'weekly',
      empty: false,
      counts: { openAlerts: 1, openedAlerts: 1, expiringExceptions: 0 },
    });
    expect(body(preview)).not.toHaveProperty('expiringExceptions');
    expect(body(overview).items).toEqual([
      expect.objectContaining({
        accountId: '111111111111',
        totalOpen: 1,
        lastScanStatus: 'partial',
        health: 'critical',
      }),
    ]);
  });

  it('previews exceptions expiring within 7 days, with their reason and expiry, and leaves out later and expired ones', async () => {
    // Prepare
    const { deps, rig } = await setUp();
    const day = 86_400_000;
    const audit = { actor: person('alice@example.com'), at: rig.now().toISOString() };
    const exception = (id: string, expiresInDays: number) => ({
      id,
      ruleId: 'ec2-open-ssh',
      accountId: '111111111111',
      scope: { kind: 'resource' as const, resourceId: `${ARN}-${id}` },
      reason: `Bastion ${id}, replaced by SSM next sprint`,
      expiresAt: new Date(rig.now().getTime() + expiresInDays * day).toISOString(),
      createdBy: 'alice@example.com',
      createdAt: rig.now().toISOString(),
    });
    await deps.exceptions.put(exception('soon', 3), audit);
    await deps.exceptions.put(exception('later', 30), audit);
    await deps.exceptions.put(exception('lapsed', -1), audit);
    // Act
    const preview = await routeRequest(
      apiEvent({ resource: '/api/digest/preview', query: { kind: 'daily' }, groups: 'viewer' }),
      deps,
    );
    // Assess
    expect(preview.statusCode).toBe(200);
    expect(body(preview)).toMatchObject({
      counts: { expiringExceptions: 1 },
      expiringExceptions: {
        withinDays: 7,
        items: [
          {
            id: 'soon',
            ruleId: 'ec2-open-ssh',
            accountId: '111111111111',
            scope: { kind: 'resource', resourceId: `${ARN}-soon` },
            reason: 'Bastion soon, replaced by SSM next sprint',
            createdBy: 'alice@example.com',
            expiresAt: '2026-11-26T12:00:00.000Z',
          },
        ],
      },
    });
    expect((body(preview).expiringExceptions as { items: unknown[] }).items).toHaveLength(1);
    const text = body(preview).text as string;
    expect(text).toContain('Exceptions expiring within 7 days (1)');
    expect(text).toContain('"Bastion soon, replaced by SSM next sprint"');
    expect(text).toContain('expires 2026-11-26 12:00 UTC');
    expect(text).not.toContain('Bastion later');
    expect(text).not.toContain('Bastion lapsed');
  });

  it('answers from an empty alert store when the API was built without alerting', async () => {
    // Act
    const list = await routeRequest(apiEvent({ resource: '/api/alerts', groups: 'viewer' }), dependencies());
    const subscribe = await routeRequest(
      apiEvent({
        method: 'POST',
        resource: '/api/subscriptions',
        body: JSON.stringify({ protocol: 'sms', endpoint: '+14155550100' }),
      }),
      dependencies(),
    );
    // Assess
    expect(body(list)).toEqual({ items: [], total: 0 });
    expect(subscribe.statusCode).toBe(500);
    expect(body(subscribe)).toEqual({ message: 'Internal server error' });
  });
});
