/**
 * A simulated week (Monday 2 March to Tuesday 10 March 2026) of scheduler ticks against the sandbox
 * with an injected clock: two time zones (Berlin, New York, whose clocks spring forward on Sunday
 * 8 March), a holiday, a temporary override, an instance whose KMS key is disabled, RDS's seven-day
 * automatic start, an opted-out and a not-opted-in instance, an Aurora cluster (stopped and started
 * whole, its members with it) and an Auto Scaling group (scaled to 0 and back to its own sizes). Every state change the sandbox applies is
 * recorded and compared with the exact list the schedules call for.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsClientPool } from '../../functions/adapters/aws/client-pool';
import { MemoryExpectedChangeStore } from '../../functions/adapters/memory/alert-store';
import { MemoryResourceStore } from '../../functions/adapters/memory/resource-store';
import {
  MemoryScheduleRecordStore,
  MemoryScheduleStore,
} from '../../functions/adapters/memory/schedule-store';
import { scheduleExecutorFactory } from '../../functions/adapters/schedules/executor-factory';
import { runScheduleTick } from '../../functions/app/schedules/run-tick';
import type { ExpectedChange } from '../../functions/domain/alerts/expected-change';
import { ScheduleSchema } from '../../functions/domain/schedules/schedule';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { inventoryOf, scheduleFleet } from './schedule-fleet';

const START = Date.parse('2026-03-02T00:00:00Z');
const END = Date.parse('2026-03-10T00:00:00Z');
const TICK_MS = 10 * 60_000;
const ACCOUNT = '111111111111';
const SCOPES = [
  { accountId: ACCOUNT, region: 'eu-central-1' },
  { accountId: ACCOUNT, region: 'us-east-1' },
];
const AUDIT = {
  actor: { sub: 'sub-ana', username: 'ana', email: 'ana@example.com' },
  at: '2026-03-01T12:00:00Z',
};
const MUTATING = new Set([
  'StartInstances',
  'StopInstances',
  'StartDBInstance',
  'StopDBInstance',
  'StartDBCluster',
  'StopDBCluster',
  'UpdateAutoScalingGroup',
  'CreateOrUpdateTags',
  'DeleteTags',
]);

interface Change {
  readonly at: string;
  readonly id: string;
  readonly to: string;
}

let sandbox: Sandbox;
let clock = START;
const changes: Change[] = [];
const expectedChanges: ExpectedChange[] = [];
const records = new MemoryScheduleRecordStore();
const schedules = new MemoryScheduleStore();
/** Mutating calls and record writes of each tick in which nothing was planned. */
const quietTicks: { at: string; region: string; mutating: number; writes: number }[] = [];

beforeAll(async () => {
  const fleet = scheduleFleet();
  sandbox = await startSandbox({ fleet, clock: () => new Date(clock) });
  sandbox.state.onUpdate((_account, before, after) => {
    if (before.state !== after.state)
      changes.push({ at: new Date(clock).toISOString(), id: after.id, to: after.state });
  });
  const resources = new MemoryResourceStore();
  await resources.putMany(inventoryOf(fleet));

  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
  await schedules.putSchedule(
    ScheduleSchema.parse({
      name: 'office-berlin',
      timeZone: 'Europe/Berlin',
      periods: [{ weekdays, begin: '08:00', end: '18:00' }],
      holidays: { behaviour: 'stopped', dates: ['2026-03-04'] },
    }),
    AUDIT,
  );
  await schedules.putSchedule(
    ScheduleSchema.parse({
      name: 'db-first-monday',
      timeZone: 'Europe/Berlin',
      periods: [{ monthDays: [2], begin: '08:00', end: '09:00' }],
      enforcement: 'respect-manual',
    }),
    AUDIT,
  );
  await schedules.putSchedule(
    ScheduleSchema.parse({
      name: 'daily-ny',
      timeZone: 'America/New_York',
      periods: [{ begin: '07:00', end: '19:00' }],
      hibernate: true,
    }),
    AUDIT,
  );
  await schedules.putOverride(
    {
      id: 'release-night',
      target: { kind: 'resource', resourceId: `arn:aws:ec2:eu-central-1:${ACCOUNT}:instance/i-berlin-2` },
      state: 'running',
      from: '2026-03-05T16:00:00Z',
      until: '2026-03-05T21:00:00Z',
      by: 'ana@example.com',
      reason: 'release night',
    },
    AUDIT,
  );

  const pool = new AwsClientPool({
    memberRoleName: 'HostMasterRemediationRole',
    externalId: 'hostmaster-local-remediation-external-id',
    endpoint: sandbox.endpoint,
    hubCredentials: LOCAL_CREDENTIALS,
    sessionName: 'hostmaster-schedule',
    maxAttempts: 1,
    pace: { rates: { EC2: 100_000, RDS: 100_000, KMS: 100_000, STS: 100_000, AutoScaling: 100_000 } },
  });
  let mutating = 0;
  pool.meter.onCall((call) => {
    if (MUTATING.has(call.action)) mutating++;
  });
  const expected = new MemoryExpectedChangeStore();
  const dependencies = {
    resources,
    schedules,
    records,
    expected: {
      record: async (change: ExpectedChange) => {
        expectedChanges.push(change);
        await expected.record(change);
      },
      find: (id: string) => expected.find(id),
    },
    executorFor: scheduleExecutorFactory(pool),
    optedInAccounts: new Set<string>(),
  };
  // The SDK's clock follows the simulated one, so role sessions last their hour of simulated time.
  vi.useFakeTimers({ toFake: ['Date'] });
  for (clock = START; clock < END; clock += TICK_MS) {
    vi.setSystemTime(clock);
    for (const scope of SCOPES) {
      const before = { mutating, writes: records.writes };
      const result = await runScheduleTick(scope, dependencies, new Date(clock));
      if (result.activity.length === 0) {
        quietTicks.push({
          at: new Date(clock).toISOString(),
          region: scope.region,
          mutating: mutating - before.mutating,
          writes: records.writes - before.writes,
        });
      }
    }
  }
  vi.useRealTimers();
}, 120_000);

afterAll(async () => {
  vi.useRealTimers();
  await sandbox?.stop();
});

const of = (id: string) => changes.filter((c) => c.id === id).map((c) => `${c.at.slice(5, 16)} ${c.to}`);

describe('a simulated week of schedules', () => {
  it('runs the Berlin office schedule in local time and keeps the holiday stopped', () => {
    expect(of('i-berlin-1')).toEqual([
      '03-02T00:00 stopped',
      '03-02T07:00 running',
      '03-02T17:00 stopped',
      '03-03T07:00 running',
      '03-03T17:00 stopped',
      '03-05T07:00 running',
      '03-05T17:00 stopped',
      '03-06T07:00 running',
      '03-06T17:00 stopped',
      '03-09T07:00 running',
      '03-09T17:00 stopped',
    ]);
  });

  it('keeps the overridden instance running until the override expires by itself', () => {
    expect(of('i-berlin-2')).toEqual([
      '03-02T00:00 stopped',
      '03-02T07:00 running',
      '03-02T17:00 stopped',
      '03-03T07:00 running',
      '03-03T17:00 stopped',
      '03-05T07:00 running',
      '03-05T21:00 stopped',
      '03-06T07:00 running',
      '03-06T17:00 stopped',
      '03-09T07:00 running',
      '03-09T17:00 stopped',
    ]);
  });

  it('follows New York wall time across the spring-forward Sunday, hibernating where enabled', () => {
    const week = [
      '03-02T12:00 running',
      '03-03T00:00 stopped',
      '03-03T12:00 running',
      '03-04T00:00 stopped',
      '03-04T12:00 running',
      '03-05T00:00 stopped',
      '03-05T12:00 running',
      '03-06T00:00 stopped',
      '03-06T12:00 running',
      '03-07T00:00 stopped',
      '03-07T12:00 running',
      '03-08T00:00 stopped',
      // 8 March: 07:00 EDT is 11:00Z, 19:00 EDT is 23:00Z
      '03-08T11:00 running',
      '03-08T23:00 stopped',
      '03-09T11:00 running',
      '03-09T23:00 stopped',
    ];
    expect(of('i-ny-1')).toEqual(week);
    expect(of('i-ny-hibernating')).toEqual(week);
  });

  it('stops an RDS instance again after RDS starts it by itself seven days later, and says so', () => {
    expect(of('db-berlin')).toEqual([
      '03-02T00:00 stopped',
      '03-02T07:00 available',
      '03-02T08:00 stopped',
      '03-09T08:00 available',
      '03-09T08:00 stopped',
    ]);
    const restop = records.log.filter(
      (e) => e.resourceId.endsWith(':db:db-berlin') && e.at.startsWith('2026-03-09'),
    );
    expect(restop).toHaveLength(1);
    expect(restop[0]?.reason).toMatch(/^RDS started it automatically after 7 days stopped; stopped again/);
  });

  it('fails loudly, once each morning, to start an instance whose KMS key is disabled, and never calls it started', () => {
    expect(of('i-berlin-kms')).toEqual([]);
    const entries = records.log.filter((e) => e.resourceId.endsWith('/i-berlin-kms'));
    expect(entries.map((e) => [e.at.slice(5, 16), e.action, e.outcome])).toEqual([
      ['03-02T07:00', 'start', 'failed'],
      ['03-03T07:00', 'start', 'failed'],
      ['03-05T07:00', 'start', 'failed'],
      ['03-06T07:00', 'start', 'failed'],
      ['03-09T07:00', 'start', 'failed'],
    ]);
    expect(entries[0]?.error).toMatch(
      /^PreFlight\.KmsKeyUnusable: KMS key key-retired of an encrypted volume is Disabled/,
    );
  });

  it('stops and starts the Aurora cluster whole, its members following it, on the office schedule', () => {
    const office = [
      '03-02T00:00 stopped',
      '03-02T07:00 available',
      '03-02T17:00 stopped',
      '03-03T07:00 available',
      '03-03T17:00 stopped',
      '03-05T07:00 available',
      '03-05T17:00 stopped',
      '03-06T07:00 available',
      '03-06T17:00 stopped',
      '03-09T07:00 available',
      '03-09T17:00 stopped',
    ];
    expect(of('aurora-berlin')).toEqual(office);
    expect(of('aurora-berlin-1')).toEqual(office);
    expect(of('aurora-berlin-2')).toEqual(office);
    // The member tagged like its cluster is never started or stopped by itself.
    expect(records.log.filter((e) => e.resourceId.endsWith(':db:aurora-berlin-2'))).toEqual([]);
  });

  it('scales the Auto Scaling group to 0 off hours and back to exactly its own sizes', async () => {
    const office = [
      '03-02T00:00 stopped',
      '03-02T07:00 running',
      '03-02T17:00 stopped',
      '03-03T07:00 running',
      '03-03T17:00 stopped',
      '03-05T07:00 running',
      '03-05T17:00 stopped',
      '03-06T07:00 running',
      '03-06T17:00 stopped',
      '03-09T07:00 running',
      '03-09T17:00 stopped',
    ];
    expect(of('i-web-1')).toEqual(office);
    expect(of('i-web-2')).toEqual(office);
    const group = sandbox.state.find(ACCOUNT, 'eu-central-1', 'autoscaling:group', 'web-berlin');
    // The week ends on Monday night: stopped, with the sizes it had saved in its tag.
    expect(group?.attributes).toMatchObject({ minSize: 0, maxSize: 4, desiredCapacity: 0 });
    expect(group?.tags['hostmaster:schedule-saved']).toBe('1,4,2');
    const monday = records.log.filter(
      (e) => e.resourceId.endsWith(':autoScalingGroupName/web-berlin') && e.at.startsWith('2026-03-02'),
    );
    expect(monday.map((e) => [e.at.slice(11, 16), e.action, e.outcome])).toEqual([
      ['00:00', 'stop', 'succeeded'],
      ['07:00', 'start', 'succeeded'],
      ['17:00', 'stop', 'succeeded'],
    ]);
  });

  it('never touches an opted-out or a not-opted-in instance', () => {
    expect(of('i-ignored')).toEqual([]);
    expect(of('i-not-opted-in')).toEqual([]);
  });

  it('records every action as an expected change before it is taken', () => {
    const stops = expectedChanges.filter((c) => c.resourceId.endsWith('/i-berlin-1'));
    expect(stops).toHaveLength(11);
    expect(stops[2]).toMatchObject({
      action: 'stop',
      requestedBy: 'schedule:office-berlin',
      at: '2026-03-02T17:00:00.000Z',
    });
  });

  it('makes no mutating call and writes nothing on a tick with nothing to change', () => {
    // The only quiet write: New York's first tick remembers its two already-stopped instances.
    expect(quietTicks.length).toBeGreaterThan(2000);
    expect(quietTicks.filter((t) => t.mutating > 0 || t.writes > 0)).toEqual([
      { at: '2026-03-02T00:00:00.000Z', region: 'us-east-1', mutating: 0, writes: 2 },
    ]);
  });
});
