import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { plannedScan, type ScanProgress } from '../../../functions/domain/scan/scan';
import { getMe } from '../../../functions/handlers/api/get-me';
import { getResource } from '../../../functions/handlers/api/get-resource';
import { listAccounts } from '../../../functions/handlers/api/list-accounts';
import { listResources } from '../../../functions/handlers/api/list-resources';
import { listScans } from '../../../functions/handlers/api/list-scans';
import type { ApiRequest } from '../../../functions/handlers/api/operation';
import { startScan } from '../../../functions/handlers/api/start-scan';
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/shared/errors';
import { dependencies, instance, scanRun } from './fixtures';

const A = '111111111111';
const B = '222222222222';

function request(overrides: Partial<ApiRequest> = {}): ApiRequest {
  return {
    caller: { subject: 'sub-1', username: 'ada', email: 'ada@example.com', groups: ['viewer'] },
    pathParameters: {},
    query: {},
    body: undefined,
    ...overrides,
  };
}

async function seeded() {
  const deps = dependencies();
  await deps.resources.putMany([
    instance(A, 'i-a1', { tags: { team: 'red', environment: 'prod' } }),
    instance(A, 'i-a2', { state: 'stopped', tags: { team: 'blue' } }),
    instance(A, 'i-a3', { goneAt: '2026-11-20T00:00:00.000Z' }),
    instance(B, 'i-b1', { region: 'us-east-1' }),
  ]);
  return deps;
}

function ids(body: unknown): string[] {
  return (body as { items: { name: string }[] }).items.map((item) => item.name);
}

describe('listResources', () => {
  it('filters by account and hides gone resources by default', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const result = await listResources(request({ query: { accountId: A } }), deps);

    // Assess
    expect(ids(result.body)).toEqual(['i-a1', 'i-a2']);
  });

  it('includes gone resources when asked', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const result = await listResources(request({ query: { accountId: A, includeGone: 'true' } }), deps);

    // Assess
    expect(ids(result.body)).toEqual(['i-a1', 'i-a2', 'i-a3']);
  });

  it('filters by tag key alone and by key=value', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const byKey = await listResources(request({ query: { tag: 'team' } }), deps);
    const byPair = await listResources(request({ query: { tag: 'team=blue' } }), deps);

    // Assess
    expect(ids(byKey.body)).toEqual(['i-a1', 'i-a2']);
    expect(ids(byPair.body)).toEqual(['i-a2']);
  });

  it('filters by region, type and state together', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const result = await listResources(
      request({ query: { region: 'eu-west-1', type: 'ec2:instance', state: 'stopped' } }),
      deps,
    );

    // Assess
    expect(ids(result.body)).toEqual(['i-a2']);
  });

  it('pages with a cursor until the last page, which has none', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const first = await listResources(request({ query: { limit: '2' } }), deps);
    const cursor = (first.body as { nextCursor?: string }).nextCursor;
    const second = await listResources(request({ query: { limit: '2', cursor: cursor! } }), deps);

    // Assess
    expect(ids(first.body)).toEqual(['i-a1', 'i-a2']);
    expect(ids(second.body)).toEqual(['i-b1']);
    expect(second.body).not.toHaveProperty('nextCursor');
  });

  it('searches names from their start or anywhere, and reverses the order when asked', async () => {
    // Prepare
    const deps = await seeded();

    // Act
    const prefix = await listResources(request({ query: { q: 'I-A' } }), deps);
    const contains = await listResources(request({ query: { q: 'b1', match: 'contains' } }), deps);
    const reversed = await listResources(request({ query: { order: 'desc' } }), deps);

    // Assess
    expect(ids(prefix.body)).toEqual(['i-a1', 'i-a2']);
    expect(ids(contains.body)).toEqual(['i-b1']);
    expect(ids(reversed.body)).toEqual(['i-b1', 'i-a2', 'i-a1']);
  });

  it('rejects an unknown match or order as a 400 naming the parameter', async () => {
    // Act
    const failure = listResources(request({ query: { q: 'x', match: 'regex' } }), await seeded());

    // Assess
    await expect(failure).rejects.toThrow(ValidationError);
    await expect(failure).rejects.toThrow(/match: must be prefix or contains/);
  });

  it('rejects a cursor the store did not issue as a 400 naming the cursor', async () => {
    // Act
    const failure = listResources(request({ query: { cursor: 'bm90LWpzb24' } }), await seeded());

    // Assess
    await expect(failure).rejects.toThrow(ValidationError);
    await expect(failure).rejects.toThrow('cursor: is not a cursor this API issued');
  });

  it('defaults the page size to 100', async () => {
    // Prepare
    const deps = dependencies();
    await deps.resources.putMany(
      Array.from({ length: 150 }, (_, i) => instance(A, `i-${String(i).padStart(3, '0')}`)),
    );

    // Act
    const result = await listResources(request(), deps);

    // Assess
    expect(ids(result.body)).toHaveLength(100);
  });

  it.each([
    [{ limit: '0' }, 'limit: must be an integer between 1 and 500'],
    [{ limit: 'ten' }, 'limit: must be an integer between 1 and 500'],
    [{ limit: '2.5' }, 'limit: must be an integer between 1 and 500'],
    [{ accountId: '123' }, 'accountId: an AWS account id has 12 digits'],
    [{ region: 'Mars' }, 'region: not a region name'],
    [{ includeGone: 'yes' }, 'includeGone: must be true or false'],
    [{ tag: '=value' }, 'tag: must be key or key=value'],
  ])('rejects %j naming the parameter', async (query, message) => {
    // Prepare
    const deps = await seeded();

    // Act
    const failure = listResources(request({ query }), deps);

    // Assess
    await expect(failure).rejects.toThrow(ValidationError);
    await expect(failure).rejects.toThrow(message);
  });

  it('names every accepted type when the type is unknown', async () => {
    // Act
    const failure = listResources(request({ query: { type: 'ec2:spaceship' } }), dependencies());

    // Assess
    await expect(failure).rejects.toThrow(/^type: must be one of .*ec2:instance.*s3:bucket/);
  });
});

describe('getResource', () => {
  it('returns the resource with its typed attributes', async () => {
    // Prepare
    const deps = await seeded();
    const id = `arn:aws:ec2:eu-west-1:${A}:instance/i-a1`;

    // Act
    const result = await getResource(request({ pathParameters: { id } }), deps);

    // Assess
    expect(result.body).toMatchObject({ id, type: 'ec2:instance', attributes: { instanceType: 't3.micro' } });
  });

  it('throws NotFoundError for an unknown id', async () => {
    // Act
    const failure = getResource(request({ pathParameters: { id: 'arn:aws:s3:::nope' } }), await seeded());

    // Assess
    await expect(failure).rejects.toThrow(NotFoundError);
  });
});

describe('listAccounts', () => {
  it('serves the name the newest named run carried, and none for an account never named', async () => {
    // Prepare
    const deps = dependencies();
    await deps.scanRuns.put(
      scanRun(A, 'eu-west-1', { accountName: 'old-name', finishedAt: '2026-11-23T08:00:00.000Z' }),
    );
    await deps.scanRuns.put(
      scanRun(A, 'us-east-1', { accountName: 'payments-prod', finishedAt: '2026-11-23T09:00:00.000Z' }),
    );
    await deps.scanRuns.put(scanRun(B, 'eu-west-1'));

    // Act
    const result = await listAccounts(request(), deps);

    // Assess
    const items = result.body.items;
    expect(items.map((a) => [a.accountId, a.name])).toEqual([
      [A, 'payments-prod'],
      [B, undefined],
    ]);
    expect(items[1]).not.toHaveProperty('name');
  });

  it('groups the latest run per region under each account with the worst status', async () => {
    // Prepare
    const deps = dependencies();
    await deps.scanRuns.put(
      scanRun(A, 'eu-west-1', { scanId: 'old', startedAt: '2026-11-22T00:00:00.000Z' }),
    );
    await deps.scanRuns.put(scanRun(A, 'eu-west-1', { scanId: 'new' }));
    await deps.scanRuns.put(
      scanRun(A, 'us-east-1', {
        status: 'partial',
        finishedAt: '2026-11-23T09:00:09.000Z',
        errors: [{ collector: 'rds-instances', code: 'AccessDenied', message: 'not authorized' }],
      }),
    );
    await deps.scanRuns.put(scanRun(B, 'eu-west-1'));

    // Act
    const result = await listAccounts(request(), deps);

    // Assess
    expect(result.body).toEqual({
      items: [
        {
          accountId: A,
          status: 'partial',
          lastScannedAt: '2026-11-23T09:00:09.000Z',
          scopes: [
            {
              region: 'eu-west-1',
              lastScan: expect.objectContaining({ scanId: 'new', status: 'succeeded' }),
            },
            {
              region: 'us-east-1',
              lastScan: expect.objectContaining({
                status: 'partial',
                errors: [{ collector: 'rds-instances', code: 'AccessDenied', message: 'not authorized' }],
              }),
            },
          ],
        },
        expect.objectContaining({ accountId: B, status: 'succeeded' }),
      ],
      latestScan: null,
    });
  });

  it('says which jobs of the latest scan never ran when it is incomplete', async () => {
    // Prepare: a scan planned 3 jobs over 2 accounts, then its execution timed out after one
    const deps = dependencies();
    await deps.scanRecords.plan(
      plannedScan({
        scanId: 'scan-x',
        plannedAt: new Date('2026-11-23T07:00:00.000Z'),
        timeoutMinutes: 120,
        jobs: [
          { accountId: A, region: 'eu-west-1' },
          { accountId: A, region: 'global' },
          { accountId: B, region: 'eu-west-1' },
        ],
      }),
    );
    await deps.scanRuns.put(scanRun(A, 'eu-west-1', { scanId: 'scan-x' }));
    await deps.scanRecords.report(scanRun(A, 'eu-west-1', { scanId: 'scan-x' }));

    // Act
    const result = await listAccounts(request(), deps);

    // Assess
    const body = result.body;
    expect(body.latestScan).toMatchObject({
      scanId: 'scan-x',
      status: 'incomplete',
      plannedJobs: 3,
      reportedJobs: 1,
      missing: [
        { accountId: A, region: 'global' },
        { accountId: B, region: 'eu-west-1' },
      ],
    });
    expect(body.items).toEqual([
      expect.objectContaining({
        accountId: A,
        status: 'incomplete',
        notRun: { scanId: 'scan-x', status: 'incomplete', regions: ['global'] },
      }),
      expect.objectContaining({
        accountId: B,
        status: 'incomplete',
        notRun: { scanId: 'scan-x', status: 'incomplete', regions: ['eu-west-1'] },
        scopes: [],
      }),
    ]);
  });
});

describe('listScans', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const jobs = [
    { accountId: A, region: 'eu-west-1' },
    { accountId: A, region: 'global' },
    { accountId: B, region: 'eu-west-1' },
  ];

  it('says a scan is running, complete with its worst status, or incomplete with what never ran', async () => {
    // Prepare: now is 2026-11-23T12:00Z
    const deps = dependencies();
    const plan = (scanId: string, plannedAt: string) =>
      deps.scanRecords.plan(
        plannedScan({ scanId, plannedAt: new Date(plannedAt), timeoutMinutes: 120, jobs }),
      );
    const report = (
      scanId: string,
      accountId: string,
      region: string,
      status: 'succeeded' | 'partial' = 'succeeded',
    ) => deps.scanRecords.report({ scanId, accountId, region, status });
    await plan('crashed', '2026-11-23T06:00:00.000Z');
    await report('crashed', A, 'eu-west-1');
    await plan('finished-short', '2026-11-23T08:00:00.000Z');
    await report('finished-short', A, 'eu-west-1');
    await report('finished-short', A, 'global');
    await deps.scanRecords.finish('finished-short', new Date('2026-11-23T08:10:00.000Z'));
    await plan('complete', '2026-11-23T10:00:00.000Z');
    for (const job of jobs)
      await report('complete', job.accountId, job.region, job.region === 'global' ? 'partial' : 'succeeded');
    await plan('running', '2026-11-23T11:30:00.000Z');
    await report('running', B, 'eu-west-1');

    // Act
    const all = (await listScans(request(), deps)).body as { items: ScanProgress[] };
    const forB = (await listScans(request({ query: { accountId: B } }), deps)).body as {
      items: ScanProgress[];
    };

    // Assess
    expect(all.items.map((s) => [s.scanId, s.status, s.reportedJobs, s.plannedJobs])).toEqual([
      ['running', 'running', 1, 3],
      ['complete', 'partial', 3, 3],
      ['finished-short', 'incomplete', 2, 3],
      ['crashed', 'incomplete', 1, 3],
    ]);
    expect(all.items[3]?.missing).toEqual([
      { accountId: A, region: 'global' },
      { accountId: B, region: 'eu-west-1' },
    ]);
    expect(forB.items.map((s) => [s.scanId, s.status])).toEqual([
      ['running', 'succeeded'],
      ['complete', 'succeeded'],
      ['finished-short', 'incomplete'],
      ['crashed', 'incomplete'],
    ]);
  });

  it('rejects a limit above 100 naming it', async () => {
    // Act
    const failure = listScans(request({ query: { limit: '101' } }), dependencies());

    // Assess
    await expect(failure).rejects.toThrow('limit: must be an integer between 1 and 100');
  });
});

describe('startScan', () => {
  it('answers 409 while another scan runs, and starts one once it finished', async () => {
    // Prepare
    const deps = dependencies();
    const admin = request({
      caller: { subject: 's', username: 'ada', email: 'ada@example.com', groups: ['admin'] },
    });

    // Act
    const first = await startScan(admin, deps);
    const second = startScan(admin, deps).catch((e: unknown) => e);
    await deps.scanRecords.finish((first.body as { scanId: string }).scanId, new Date());
    const third = await startScan(admin, deps);

    // Assess
    expect(first.statusCode).toBe(202);
    expect(await second).toBeInstanceOf(ConflictError);
    expect(third.statusCode).toBe(202);
    expect(deps.scans.requests).toHaveLength(2);
  });
});

describe('getMe', () => {
  it('returns the email and only HostMaster groups, in privilege order', async () => {
    // Act
    const result = await getMe(
      request({
        caller: {
          subject: 's',
          username: 'ada',
          email: 'ada@example.com',
          groups: ['admin', 'legacy', 'viewer'],
        },
      }),
      dependencies(),
    );

    // Assess
    expect(result.body).toEqual({
      subject: 's',
      username: 'ada',
      email: 'ada@example.com',
      name: 'ada@example.com',
      groups: ['viewer', 'admin'],
    });
  });

  it('names a caller without a verified email by username', async () => {
    // Act
    const result = await getMe(
      request({ caller: { subject: 's', username: 'ada', groups: ['viewer'] } }),
      dependencies(),
    );

    // Assess
    expect(result.body).toMatchObject({ username: 'ada', email: '', name: 'ada' });
  });
});
