import { describe, expect, it } from 'vitest';
import { desiredState, scheduledState } from '../../../functions/domain/schedules/desired-state';
import type { Override } from '../../../functions/domain/schedules/override';
import { ScheduleSchema } from '../../../functions/domain/schedules/schedule';
import { at, officeHours } from './fixtures';

const state = (schedule: ReturnType<typeof officeHours>, iso: string) =>
  scheduledState(schedule, at(iso)).state;

describe('scheduledState: periods in a time zone', () => {
  it('runs inside a weekday period and stops outside it, in local time', () => {
    // Prepare: Berlin is UTC+1 in January
    const schedule = officeHours();
    // Act + Assess
    expect(state(schedule, '2026-01-05T06:59:00Z')).toBe('stopped');
    expect(state(schedule, '2026-01-05T07:00:00Z')).toBe('running');
    expect(state(schedule, '2026-01-05T16:59:00Z')).toBe('running');
    expect(state(schedule, '2026-01-05T17:00:00Z')).toBe('stopped');
    expect(state(schedule, '2026-01-10T10:00:00Z')).toBe('stopped');
  });

  it('keeps 08:00 local across the spring-forward day (Berlin, 29 March 2026)', () => {
    // Prepare
    const schedule = officeHours({ periods: [{ begin: '08:00', end: '18:00' }] });
    // Act + Assess: 08:00 CET is 07:00Z on Saturday, 08:00 CEST is 06:00Z on Sunday and Monday
    expect(state(schedule, '2026-03-28T07:00:00Z')).toBe('running');
    expect(state(schedule, '2026-03-29T05:59:00Z')).toBe('stopped');
    expect(state(schedule, '2026-03-29T06:00:00Z')).toBe('running');
    expect(state(schedule, '2026-03-29T15:59:00Z')).toBe('running');
    expect(state(schedule, '2026-03-29T16:00:00Z')).toBe('stopped');
  });

  it('starts at the jump when the begin time does not exist on the spring-forward day', () => {
    // Prepare: 02:30 does not exist in Berlin on 29 March 2026 (02:00 becomes 03:00 at 01:00Z)
    const schedule = officeHours({ periods: [{ begin: '02:30', end: '05:00' }] });
    // Act + Assess
    expect(state(schedule, '2026-03-29T00:59:00Z')).toBe('stopped');
    expect(state(schedule, '2026-03-29T01:00:00Z')).toBe('running');
    expect(state(schedule, '2026-03-29T02:59:00Z')).toBe('running');
    expect(state(schedule, '2026-03-29T03:00:00Z')).toBe('stopped');
  });

  it('keeps 18:00 local across the fall-back day (New York, 1 November 2026)', () => {
    // Prepare
    const schedule = ScheduleSchema.parse({
      name: 'office-ny',
      timeZone: 'America/New_York',
      periods: [{ begin: '08:00', end: '18:00' }],
    });
    // Act + Assess: EDT (UTC-4) on Saturday, EST (UTC-5) on Sunday
    expect(state(schedule, '2026-10-31T21:59:00Z')).toBe('running');
    expect(state(schedule, '2026-10-31T22:00:00Z')).toBe('stopped');
    expect(state(schedule, '2026-11-01T12:59:00Z')).toBe('stopped');
    expect(state(schedule, '2026-11-01T13:00:00Z')).toBe('running');
    expect(state(schedule, '2026-11-01T22:59:00Z')).toBe('running');
    expect(state(schedule, '2026-11-01T23:00:00Z')).toBe('stopped');
  });

  it('runs an overnight period into the next morning of a matching day only', () => {
    // Prepare: Friday 22:00 to Saturday 06:00 UTC
    const schedule = officeHours({
      timeZone: 'UTC',
      periods: [{ weekdays: ['fri'], begin: '22:00', end: '06:00' }],
    });
    // Act + Assess
    expect(state(schedule, '2026-01-09T21:59:00Z')).toBe('stopped');
    expect(state(schedule, '2026-01-09T22:00:00Z')).toBe('running');
    expect(state(schedule, '2026-01-10T05:59:00Z')).toBe('running');
    expect(state(schedule, '2026-01-10T06:00:00Z')).toBe('stopped');
    expect(state(schedule, '2026-01-08T23:00:00Z')).toBe('stopped');
  });

  it('matches month days, and both weekdays and month days when both are given', () => {
    // Prepare: the first of the month, only when it is a weekday
    const schedule = officeHours({
      timeZone: 'UTC',
      periods: [{ monthDays: [1], weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] }],
    });
    // Act + Assess: 1 April 2026 is a Wednesday, 1 August 2026 a Saturday
    expect(state(schedule, '2026-04-01T12:00:00Z')).toBe('running');
    expect(state(schedule, '2026-04-02T12:00:00Z')).toBe('stopped');
    expect(state(schedule, '2026-08-01T12:00:00Z')).toBe('stopped');
  });
});

describe('scheduledState: holidays', () => {
  it('stays stopped on a listed holiday and says why', () => {
    // Prepare: 1 May 2026 is a Friday
    const schedule = officeHours({ holidays: { behaviour: 'stopped', dates: ['2026-05-01'] } });
    // Act
    const desired = scheduledState(schedule, at('2026-05-01T08:00:00Z'));
    // Assess
    expect(desired).toEqual({ state: 'stopped', reason: { kind: 'holiday', date: '2026-05-01' } });
    expect(state(schedule, '2026-04-30T08:00:00Z')).toBe('running');
  });

  it('reads the holiday as a local date: late evening UTC is already the holiday in Tokyo', () => {
    // Prepare
    const schedule = officeHours({
      timeZone: 'Asia/Tokyo',
      periods: [{ begin: '00:00', end: '24:00' }],
      holidays: { behaviour: 'stopped', dates: ['2026-05-04'] },
    });
    // Act + Assess: 2026-05-03T16:00Z is 01:00 on 4 May in Tokyo
    expect(state(schedule, '2026-05-03T14:59:00Z')).toBe('running');
    expect(state(schedule, '2026-05-03T16:00:00Z')).toBe('stopped');
  });

  it('runs a working Saturday as the weekday the calendar says', () => {
    // Prepare: Saturday 9 May 2026 worked as a Monday
    const schedule = officeHours({
      holidays: { behaviour: 'as-weekday', weekday: 'mon', dates: ['2026-05-09'] },
    });
    // Act + Assess
    expect(state(schedule, '2026-05-09T08:00:00Z')).toBe('running');
    expect(state(schedule, '2026-05-16T08:00:00Z')).toBe('stopped');
  });

  it('takes holidays from an iCal calendar', () => {
    // Prepare
    const ical = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'DTEND;VALUE=DATE:20261227',
      'SUMMARY:Christmas',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    // Act
    const schedule = officeHours({ holidays: { behaviour: 'stopped', ical } });
    // Assess
    expect(schedule.holidays?.dates).toEqual(['2026-12-25', '2026-12-26']);
    expect(state(schedule, '2026-12-25T10:00:00Z')).toBe('stopped');
  });
});

describe('desiredState: overrides', () => {
  const keepRunning = (o: Partial<Override> = {}): Override => ({
    id: 'o-1',
    target: { kind: 'resource', resourceId: 'i-1' },
    state: 'running',
    from: '2026-01-05T16:00:00Z',
    until: '2026-01-05T22:00:00Z',
    by: 'ana@example.com',
    reason: 'release night',
    ...o,
  });

  it('keeps a resource running past its off time until the override expires by itself', () => {
    // Prepare
    const schedule = officeHours();
    const overrides = [keepRunning()];
    // Act + Assess
    expect(desiredState(schedule, overrides, 'i-1', at('2026-01-05T21:59:00Z'))).toMatchObject({
      state: 'running',
      reason: { kind: 'override', by: 'ana@example.com', reason: 'release night' },
    });
    expect(desiredState(schedule, overrides, 'i-1', at('2026-01-05T22:00:00Z')).state).toBe('stopped');
    expect(desiredState(schedule, overrides, 'i-2', at('2026-01-05T21:00:00Z')).state).toBe('stopped');
  });

  it('prefers an override on the resource to one on its schedule', () => {
    // Prepare
    const schedule = officeHours();
    const overrides = [
      keepRunning({ id: 'o-res', state: 'stopped', from: '2026-01-05T09:00:00Z' }),
      keepRunning({
        id: 'o-sched',
        target: { kind: 'schedule', schedule: 'office-berlin' },
        from: '2026-01-05T10:00:00Z',
      }),
    ];
    // Act + Assess
    expect(desiredState(schedule, overrides, 'i-1', at('2026-01-05T12:00:00Z')).state).toBe('stopped');
    expect(desiredState(schedule, overrides, 'i-2', at('2026-01-05T18:00:00Z')).state).toBe('running');
  });
});

describe('ScheduleSchema: bad input', () => {
  it('names the wrong field', () => {
    // Act
    const result = ScheduleSchema.safeParse({
      name: 'ignore',
      timeZone: 'Mars/Olympus',
      periods: [{ begin: '25:00' }],
      holidays: {
        behaviour: 'stopped',
        ical: 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101\nRRULE:FREQ=YEARLY\nEND:VEVENT',
      },
    });
    // Assess
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeZone', 'periods.0.begin']));
  });
});
