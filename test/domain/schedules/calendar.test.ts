import { describe, expect, it } from 'vitest';
import { nextTransitions, scheduleHours, weekCalendar } from '../../../functions/domain/schedules/calendar';
import { at, officeHours } from './fixtures';

describe('weekCalendar', () => {
  it('lists each local day with its running intervals and holidays', () => {
    // Prepare
    const schedule = officeHours({
      periods: [
        { weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:00', end: '18:00' },
        { weekdays: ['fri'], begin: '22:00', end: '02:00' },
      ],
      holidays: { behaviour: 'stopped', dates: ['2026-01-06'] },
    });
    // Act
    const week = weekCalendar(schedule, at('2026-01-05T10:00:00Z'));
    // Assess
    expect(week.map((d) => [d.date, d.weekday, d.holiday, d.running])).toEqual([
      ['2026-01-05', 'mon', false, [{ begin: '08:00', end: '18:00' }]],
      ['2026-01-06', 'tue', true, []],
      ['2026-01-07', 'wed', false, [{ begin: '08:00', end: '18:00' }]],
      ['2026-01-08', 'thu', false, [{ begin: '08:00', end: '18:00' }]],
      [
        '2026-01-09',
        'fri',
        false,
        [
          { begin: '08:00', end: '18:00' },
          { begin: '22:00', end: '24:00' },
        ],
      ],
      ['2026-01-10', 'sat', false, [{ begin: '00:00', end: '02:00' }]],
      ['2026-01-11', 'sun', false, []],
    ]);
  });
});

describe('scheduleHours', () => {
  it('counts the running hours of a week and the stopped hours of a month like the off-hours rule', () => {
    // Prepare: Mon–Fri 08–20 is 60 hours, the rule's 469.3 stopped hours a month
    const schedule = officeHours({
      periods: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:00', end: '20:00' }],
    });
    // Act
    const hours = scheduleHours(schedule);
    // Assess
    expect(hours.hoursRunningPerWeek).toBe(60);
    expect(hours.hoursStoppedPerMonth).toBeCloseTo((730 * 108) / 168, 6);
  });
});

describe('nextTransitions', () => {
  it('gives the next stop and start to the minute, across the spring-forward weekend', () => {
    // Prepare: Friday 27 March 2026 noon in Berlin (CET); Monday is CEST
    const schedule = officeHours({
      periods: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:30', end: '17:45' }],
    });
    // Act
    const next = nextTransitions(schedule, [], undefined, at('2026-03-27T11:00:00Z'), 8 * 86_400_000, 2);
    // Assess
    expect(next).toEqual([
      { at: '2026-03-27T16:45:00.000Z', state: 'stopped' },
      { at: '2026-03-30T06:30:00.000Z', state: 'running' },
    ]);
  });
});
