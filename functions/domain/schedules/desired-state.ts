/**
 * What a schedule wants at a moment: pure, time passed in. The moment is read as wall-clock time in the
 * schedule's zone, so a period that begins at 08:00 begins at 08:00 local on both sides of a daylight
 * saving change; a begin time that does not exist on a spring-forward day takes effect when the clock
 * jumps past it.
 */
import { activeOverride, type DesiredState, type Override } from './override';
import { minutesOf, type Period, type Schedule, type Weekday } from './schedule';
import { localTime, previousDate, weekdayOf } from './zoned-time';

/** Why the schedule wants what it wants, for the action's reason and the dashboard. */
export type StateReason =
  | { kind: 'period'; period: number }
  | { kind: 'off-hours' }
  | { kind: 'holiday'; date: string }
  | { kind: 'override'; overrideId: string; until: string; by: string; reason: string };

export interface Desired {
  readonly state: DesiredState;
  readonly reason: StateReason;
}

interface Day {
  readonly date: string;
  readonly weekday: Weekday;
  readonly monthDay: number;
}

function dayOf(date: string): Day {
  return { date, weekday: weekdayOf(date), monthDay: Number(date.slice(8, 10)) };
}

/** The weekday the schedule treats `day` as, or `undefined` when the day is a stopped holiday. */
function effectiveDay(schedule: Schedule, day: Day): Day | undefined {
  const holidays = schedule.holidays;
  if (!holidays?.dates.includes(day.date)) return day;
  if (holidays.behaviour === 'stopped') return undefined;
  return { ...day, weekday: holidays.weekday ?? 'mon' };
}

function dayMatches(period: Period, day: Day): boolean {
  if (period.weekdays && !period.weekdays.includes(day.weekday)) return false;
  if (period.monthDays && !period.monthDays.includes(day.monthDay)) return false;
  return true;
}

/** Whether `period` runs at `minutes` of `today`, counting an overnight period begun yesterday. */
function periodRuns(
  period: Period,
  today: Day | undefined,
  yesterday: Day | undefined,
  minutes: number,
): boolean {
  const begin = period.begin === undefined ? 0 : minutesOf(period.begin);
  const end = period.end === undefined ? 1440 : minutesOf(period.end);
  if (end > begin)
    return today !== undefined && dayMatches(period, today) && minutes >= begin && minutes < end;
  // Overnight: from `begin` on a matching day to `end` the next morning.
  return (
    (today !== undefined && dayMatches(period, today) && minutes >= begin) ||
    (yesterday !== undefined && dayMatches(period, yesterday) && minutes < end)
  );
}

/** The schedule's own state at `now`, without overrides. */
export function scheduledState(schedule: Schedule, now: Date): Desired {
  const local = localTime(now, schedule.timeZone);
  const todayRaw = dayOf(local.date);
  const today = effectiveDay(schedule, todayRaw);
  const yesterday = effectiveDay(schedule, dayOf(previousDate(local.date)));
  const index = schedule.periods.findIndex((p) => periodRuns(p, today, yesterday, local.minutes));
  if (index >= 0) return { state: 'running', reason: { kind: 'period', period: index } };
  if (today === undefined) return { state: 'stopped', reason: { kind: 'holiday', date: local.date } };
  return { state: 'stopped', reason: { kind: 'off-hours' } };
}

/** What a resource of `schedule` should be at `now`: an active override, else the schedule. */
export function desiredState(
  schedule: Schedule,
  overrides: readonly Override[],
  resourceId: string,
  now: Date,
): Desired {
  const override = activeOverride(overrides, resourceId, schedule.name, now);
  if (override) {
    return {
      state: override.state,
      reason: {
        kind: 'override',
        overrideId: override.id,
        until: override.until,
        by: override.by,
        reason: override.reason,
      },
    };
  }
  return scheduledState(schedule, now);
}
