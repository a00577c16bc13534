import { describe, expect, it } from 'vitest';
import { parseIcalHolidays } from '../../../functions/domain/schedules/ical';
import { planTick, type TickInput } from '../../../functions/domain/schedules/plan-tick';
import type { Schedule } from '../../../functions/domain/schedules/schedule';
import type { ScheduleRecord } from '../../../functions/domain/schedules/schedule-record';
import type { Observation, ObservedState } from '../../../functions/domain/schedules/target';
import { at, officeHours, target } from './fixtures';

const MONDAY_NIGHT = at('2026-01-05T20:00:00Z');
const MONDAY_NOON = at('2026-01-05T11:00:00Z');

function observed(
  state: ObservedState,
  extra: Partial<Observation> = {},
  id = 'i-1',
): Map<string, Observation> {
  return new Map([[id, { resourceId: id, state, native: state, ...extra }]]);
}

function input(overrides: Partial<TickInput> & { schedule?: Schedule } = {}): TickInput {
  const schedule = overrides.schedule ?? officeHours();
  return {
    targets: [target('i-1')],
    schedules: new Map([[schedule.name, schedule]]),
    overrides: [],
    observed: observed('running'),
    records: new Map(),
    optedIn: () => true,
    now: MONDAY_NIGHT,
    ...overrides,
  };
}

describe('planTick', () => {
  it('stops a running instance after hours and remembers that it did', () => {
    // Act
    const plan = planTick(input());
    // Assess
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({
      action: 'stop',
      hibernate: false,
      reason: 'schedule office-berlin off hours (Europe/Berlin)',
      record: { lastDesired: 'stopped', lastAction: { action: 'stop', at: MONDAY_NIGHT.toISOString() } },
    });
  });

  it('plans nothing on a repeated tick: stopping or stopped is what the schedule wants', () => {
    // Prepare
    const first = planTick(input());
    const records = new Map(first.actions.map((a) => [a.target.resourceId, a.record]));
    // Act
    const whileStopping = planTick(input({ observed: observed('stopping'), records }));
    const afterwards = planTick(
      input({ observed: observed('stopped'), records, now: at('2026-01-05T20:05:00Z') }),
    );
    // Assess
    expect(whileStopping).toEqual({ actions: [], skipped: [], failures: [], records: [] });
    expect(afterwards).toEqual({ actions: [], skipped: [], failures: [], records: [] });
  });

  it('hibernates only when the schedule asks and the instance has hibernation enabled', () => {
    // Act
    const enabled = planTick(
      input({
        schedule: officeHours({ hibernate: true }),
        observed: observed('running', { hibernationEnabled: true }),
      }),
    );
    const notEnabled = planTick(input({ schedule: officeHours({ hibernate: true }) }));
    // Assess
    expect(enabled.actions[0]?.hibernate).toBe(true);
    expect(notEnabled.actions[0]?.hibernate).toBe(false);
  });

  it('respects a manual start until the next period begins or ends', () => {
    // Prepare: the schedule stopped it at 17:00Z (18:00 Berlin); someone started it at 19:00Z
    const schedule = officeHours({ enforcement: 'respect-manual' });
    const records = new Map<string, ScheduleRecord>([
      [
        'i-1',
        {
          resourceId: 'i-1',
          schedule: schedule.name,
          lastDesired: 'stopped',
          lastAction: { action: 'stop', at: '2026-01-05T17:00:00Z' },
        },
      ],
    ]);
    // Act
    const night = planTick(input({ schedule, records }));
    const nextMorning = planTick(
      input({ schedule, records, observed: observed('running'), now: at('2026-01-06T07:00:00Z') }),
    );
    const nextEvening = planTick(
      input({
        schedule,
        records: new Map([['i-1', { ...records.get('i-1')!, lastDesired: 'running' }]]),
        now: at('2026-01-06T17:00:00Z'),
      }),
    );
    // Assess
    expect(night.actions).toEqual([]);
    expect(nextMorning.actions).toEqual([]);
    expect(nextMorning.records).toEqual([{ ...records.get('i-1'), lastDesired: 'running' }]);
    expect(nextEvening.actions.map((a) => a.action)).toEqual(['stop']);
  });

  it('enforced: stops a manually started instance at the next tick', () => {
    // Prepare
    const records = new Map<string, ScheduleRecord>([
      ['i-1', { resourceId: 'i-1', schedule: 'office-berlin', lastDesired: 'stopped' }],
    ]);
    // Act
    const plan = planTick(input({ records }));
    // Assess
    expect(plan.actions.map((a) => a.action)).toEqual(['stop']);
  });

  it('re-stops an RDS instance that RDS started by itself after seven days, and says so', () => {
    // Prepare: stopped Friday evening a week ago, respect-manual would otherwise leave it
    const schedule = officeHours({
      enforcement: 'respect-manual',
      periods: [{ weekdays: ['mon'], begin: '08:00', end: '09:00' }],
    });
    const db = target('db-1', { kind: 'rds:db-instance' });
    const records = new Map<string, ScheduleRecord>([
      [
        'db-1',
        {
          resourceId: 'db-1',
          schedule: schedule.name,
          lastDesired: 'stopped',
          lastAction: { action: 'stop', at: '2026-01-05T08:00:00Z' },
        },
      ],
    ]);
    // Act
    const sixDays = planTick(
      input({
        schedule,
        targets: [db],
        records,
        observed: observed('running', {}, 'db-1'),
        now: at('2026-01-11T08:00:00Z'),
      }),
    );
    const sevenDays = planTick(
      input({
        schedule,
        targets: [db],
        records,
        observed: observed('running', {}, 'db-1'),
        now: at('2026-01-12T08:05:00Z'),
      }),
    );
    // Assess: 12 January 08:05Z is 09:05 in Berlin, after the Monday period
    expect(sixDays.actions).toEqual([]);
    expect(sevenDays.actions).toHaveLength(1);
    expect(sevenDays.actions[0]?.reason).toMatch(
      /^RDS started it automatically after 7 days stopped; stopped again/,
    );
  });

  it('refuses, with the reason, what it must not touch', () => {
    // Prepare
    const targets = [
      target('i-asg'),
      target('db-member', { kind: 'rds:db-instance' }),
      target('i-store'),
      target('i-closed'),
      target('i-x', { schedule: 'missing' }),
    ];
    const observations = new Map<string, Observation>([
      ['i-asg', { resourceId: 'i-asg', state: 'running', native: 'running', autoScalingGroup: 'web' }],
      [
        'db-member',
        { resourceId: 'db-member', state: 'running', native: 'available', dbCluster: 'aurora-1' },
      ],
      [
        'i-store',
        { resourceId: 'i-store', state: 'running', native: 'running', rootDeviceType: 'instance-store' },
      ],
      ['i-closed', { resourceId: 'i-closed', state: 'running', native: 'running' }],
      ['i-x', { resourceId: 'i-x', state: 'running', native: 'running' }],
    ]);
    // Act
    const plan = planTick(
      input({ targets, observed: observations, optedIn: (t) => t.resourceId !== 'i-closed' }),
    );
    // Assess
    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((s) => [s.target.resourceId, s.reason])).toEqual([
      ['i-asg', 'auto-scaling-member'],
      ['db-member', 'cluster-member'],
      ['i-store', 'instance-store'],
      ['i-closed', 'not-opted-in'],
      ['i-x', 'unknown-schedule'],
    ]);
  });

  it('reports a start that did not take once, then holds until the schedule wants another state', () => {
    // Prepare: started at 07:00Z, back to stopped with a KMS launch error
    const records = new Map<string, ScheduleRecord>([
      [
        'i-1',
        {
          resourceId: 'i-1',
          schedule: 'office-berlin',
          lastDesired: 'running',
          lastAction: { action: 'start', at: '2026-01-05T07:00:00Z' },
        },
      ],
    ]);
    const failed = observed('stopped', { stateReason: 'Client.InternalError: Client error on launch' });
    // Act
    const detected = planTick(input({ records, observed: failed, now: MONDAY_NOON }));
    const held = planTick(
      input({
        records: new Map([['i-1', detected.failures[0]!.record]]),
        observed: failed,
        now: at('2026-01-05T11:05:00Z'),
      }),
    );
    // Assess
    expect(detected.actions).toEqual([]);
    expect(detected.failures.map((f) => f.reason)).toEqual([
      'started but stopped again: Client.InternalError: Client error on launch',
    ]);
    expect(held.actions).toEqual([]);
    expect(held.failures).toEqual([]);
    expect(held.skipped.map((s) => s.reason)).toEqual(['failing']);
  });
});

describe('parseIcalHolidays', () => {
  it('refuses recurring and timed events with the line that has them', () => {
    // Act
    const recurring = parseIcalHolidays(
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR',
    );
    const timed = parseIcalHolidays(
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T090000Z\nEND:VEVENT\nEND:VCALENDAR',
    );
    const notIcal = parseIcalHolidays('2026-01-01');
    // Assess
    expect(recurring).toEqual({
      ok: false,
      reason: 'line 4: recurring events (RRULE) are not supported; list each date',
    });
    expect(timed).toEqual({
      ok: false,
      reason: 'line 3: only all-day events (a date YYYYMMDD) are supported',
    });
    expect(notIcal.ok).toBe(false);
  });

  it('unfolds continued lines', () => {
    // Act
    const result = parseIcalHolidays(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026\r\n 0501\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    // Assess
    expect(result).toEqual({ ok: true, dates: ['2026-05-01'] });
  });
});
