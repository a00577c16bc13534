import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../functions/domain/model';
import { routeRequest } from '../../../functions/handlers/api/router';
import { apiEvent, dependencies, instance } from './fixtures';

const T0 = new Date('2026-11-23T12:00:00.000Z');
const A = '111111111111';
const ID = `arn:aws:ec2:eu-west-1:${A}:instance/i-office`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

async function call(deps: ReturnType<typeof dependencies>, options: Parameters<typeof apiEvent>[0]) {
  const response = await routeRequest(apiEvent(options), deps);
  return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

function offHoursFinding(): Finding {
  return {
    id: `ec2-off-hours-schedule|${ID}`,
    ruleId: 'ec2-off-hours-schedule',
    resourceId: ID,
    resourceType: 'ec2:instance',
    accountId: A,
    region: 'eu-west-1',
    category: 'cost',
    severity: 'low',
    title: 'EC2 instance could run on a schedule (Mon–Fri 08:00–20:00 UTC)',
    evidence: {},
    monthlySavingsUsd: 4.88,
    references: [],
    status: 'open',
    firstSeen: '2026-11-20T00:00:00.000Z',
    lastSeen: '2026-11-23T00:00:00.000Z',
  };
}

async function seeded() {
  const deps = dependencies();
  await deps.resources.putMany([instance(A, 'i-office', { tags: { 'hostmaster:remediation': 'allow' } })]);
  await deps.findings.putMany([offHoursFinding()]);
  return deps;
}

describe('schedule suggestions', () => {
  it('previews the off-hours suggestion with its hours and the saving at list price, writing nothing', async () => {
    // Prepare
    const deps = await seeded();
    // Act
    const { statusCode, body } = await call(deps, {
      resource: '/api/schedule-suggestions/{findingId}',
      pathParameters: { findingId: offHoursFinding().id },
      groups: 'viewer',
    });
    // Assess: t3.micro in eu-west-1 at the shipped price × 469.29 stopped hours
    expect(statusCode).toBe(200);
    expect(body).toMatchObject({
      schedule: { name: 'business-hours-utc', timeZone: 'UTC', enforcement: 'respect-manual' },
      hoursRunningPerWeek: 60,
      hoursStoppedPerMonth: 469.29,
      optedIn: true,
    });
    expect(body.monthlySavingsUsd).toBeCloseTo((body.hourlyUsd as number) * 469.2857, 1);
    expect(await deps.schedules.store.listSchedules()).toEqual([]);
  });

  it('applies it in one call: creates the schedule, assigns the instance, audits both', async () => {
    // Prepare
    const deps = await seeded();
    // Act
    const applied = await call(deps, {
      method: 'POST',
      resource: '/api/schedule-suggestions/{findingId}/apply',
      pathParameters: { findingId: offHoursFinding().id },
      body: JSON.stringify({ timeZone: 'Europe/Berlin' }),
      groups: 'operator',
    });
    const again = await call(deps, {
      method: 'POST',
      resource: '/api/schedule-suggestions/{findingId}/apply',
      pathParameters: { findingId: offHoursFinding().id },
      body: JSON.stringify({ timeZone: 'Europe/Berlin' }),
      groups: 'operator',
    });
    const list = await call(deps, { resource: '/api/schedules', groups: 'viewer' });
    const onResource = await call(deps, {
      resource: '/api/resources/{id}/schedule',
      pathParameters: { id: ID },
      groups: 'viewer',
    });
    // Assess
    expect(applied.statusCode).toBe(201);
    expect(applied.body).toMatchObject({
      created: true,
      assignment: { resourceId: ID, schedule: 'business-hours-europe-berlin', by: 'ada@example.com' },
    });
    expect(again.body).toMatchObject({ created: false });
    const schedules = list.body.schedules as {
      schedule: { name: string };
      resources: { id: string; source: string; next: unknown[] }[];
    }[];
    expect(schedules.map((s) => s.schedule.name)).toEqual(['business-hours-europe-berlin']);
    expect(schedules[0]?.resources).toMatchObject([{ id: ID, source: 'assignment' }]);
    // Monday 23 November 2026 13:00 in Berlin: stops at 20:00 local (19:00Z), starts Tuesday 08:00 (07:00Z)
    expect(onResource.body).toMatchObject({
      membership: { kind: 'scheduled', schedule: 'business-hours-europe-berlin', source: 'assignment' },
      desired: { state: 'running' },
      next: [
        { at: '2026-11-23T19:00:00.000Z', state: 'stopped' },
        { at: '2026-11-24T07:00:00.000Z', state: 'running' },
      ],
    });
    expect(deps.schedules.store.auditLog.map((e) => e.action)).toEqual([
      'schedule.created',
      'schedule.assigned',
      'schedule.assigned',
    ]);
  });

  it('refuses a viewer, a bad time zone and a finding of another rule', async () => {
    // Prepare
    const deps = await seeded();
    const other = { ...offHoursFinding(), id: `ec2-idle-instance|${ID}`, ruleId: 'ec2-idle-instance' };
    await deps.findings.putMany([other]);
    const apply = (findingId: string, body: unknown, groups = 'operator') =>
      call(deps, {
        method: 'POST',
        resource: '/api/schedule-suggestions/{findingId}/apply',
        pathParameters: { findingId },
        body: JSON.stringify(body),
        groups,
      });
    // Act
    const viewer = await apply(offHoursFinding().id, {}, 'viewer');
    const zone = await apply(offHoursFinding().id, { timeZone: 'Mars/Olympus' });
    const rule = await apply(other.id, {});
    // Assess
    expect(viewer.statusCode).toBe(403);
    expect(zone.statusCode).toBe(400);
    expect(JSON.stringify(zone.body)).toContain('must be an IANA time zone');
    expect(rule.statusCode).toBe(400);
    expect(await deps.schedules.store.listSchedules()).toEqual([]);
  });
});

describe('schedules, assignments and overrides', () => {
  it('creates a schedule with an iCal holiday calendar and names each wrong field of a bad one', async () => {
    // Prepare
    const deps = await seeded();
    const ical = 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nEND:VEVENT\nEND:VCALENDAR';
    // Act
    const created = await call(deps, {
      method: 'PUT',
      resource: '/api/schedules/{name}',
      pathParameters: { name: 'office-berlin' },
      body: JSON.stringify({
        timeZone: 'Europe/Berlin',
        periods: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:00', end: '18:00' }],
        holidays: { behaviour: 'stopped', ical },
      }),
      groups: 'operator',
    });
    const bad = await call(deps, {
      method: 'PUT',
      resource: '/api/schedules/{name}',
      pathParameters: { name: 'broken' },
      body: JSON.stringify({ timeZone: 'Nowhere', periods: [{ begin: '8am' }] }),
      groups: 'operator',
    });
    // Assess
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({
      name: 'office-berlin',
      holidays: { dates: ['2026-12-25'] },
      createdBy: 'ada@example.com',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('timeZone');
    expect(JSON.stringify(bad.body)).toContain('periods.0.begin');
    expect((await deps.schedules.store.listSchedules()).map((s) => s.name)).toEqual(['office-berlin']);
  });

  it('keeps a resource running with an override that expires by itself, and shows it on the resource', async () => {
    // Prepare
    const deps = await seeded();
    await call(deps, {
      method: 'PUT',
      resource: '/api/schedules/{name}',
      pathParameters: { name: 'nights-off' },
      body: JSON.stringify({ timeZone: 'UTC', periods: [{ begin: '08:00', end: '10:00' }] }),
      groups: 'operator',
    });
    await call(deps, {
      method: 'POST',
      resource: '/api/schedule-assignments',
      body: JSON.stringify({ resourceId: ID, schedule: 'nights-off' }),
      groups: 'operator',
    });
    // Act
    const override = await call(deps, {
      method: 'POST',
      resource: '/api/schedule-overrides',
      body: JSON.stringify({
        resourceId: ID,
        state: 'running',
        until: '2026-11-23T18:00:00Z',
        reason: 'load test',
      }),
      groups: 'operator',
    });
    const pastUntil = await call(deps, {
      method: 'POST',
      resource: '/api/schedule-overrides',
      body: JSON.stringify({
        resourceId: ID,
        state: 'running',
        until: '2026-11-22T18:00:00Z',
        reason: 'late',
      }),
      groups: 'operator',
    });
    const shown = await call(deps, {
      resource: '/api/resources/{id}/schedule',
      pathParameters: { id: ID },
      groups: 'viewer',
    });
    vi.setSystemTime(new Date('2026-11-23T18:00:00Z'));
    const expired = await call(deps, {
      resource: '/api/resources/{id}/schedule',
      pathParameters: { id: ID },
      groups: 'viewer',
    });
    // Assess
    expect(override.statusCode).toBe(201);
    expect(pastUntil.statusCode).toBe(400);
    expect(shown.body).toMatchObject({
      desired: { state: 'running', reason: { kind: 'override', by: 'ada@example.com', reason: 'load test' } },
      override: { until: '2026-11-23T18:00:00.000Z' },
    });
    expect(expired.body).toMatchObject({
      desired: { state: 'stopped', reason: { kind: 'off-hours' } },
      override: null,
    });
  });
});
