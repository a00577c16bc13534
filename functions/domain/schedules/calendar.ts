/**
 * A schedule's week as wall-clock intervals per local day (for the calendar view and the savings
 * preview), and its next starts and stops as instants (for "next start / next stop").
 */
import { HOURS_PER_MONTH } from '../pricing';
import { desiredState, scheduledState } from './desired-state';
import type { DesiredState, Override } from './override';
import { minutesOf, type Period, type Schedule, type Weekday } from './schedule';
import { localTime, nextDate, previousDate, weekdayOf } from './zoned-time';

export interface CalendarDay {
  readonly date: string;
  readonly weekday: Weekday;
  readonly holiday: boolean;
  /** Running intervals, local `HH:MM`, sorted and merged; `end` may be `24:00`. */
  readonly running: readonly { readonly begin: string; readonly end: string }[];
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function dayKind(schedule: Schedule, date: string): { weekday: Weekday; holiday: boolean; stopped: boolean } {
  const holiday = schedule.holidays?.dates.includes(date) ?? false;
  if (!holiday) return { weekday: weekdayOf(date), holiday, stopped: false };
  if (schedule.holidays?.behaviour === 'stopped') return { weekday: weekdayOf(date), holiday, stopped: true };
  return { weekday: schedule.holidays?.weekday ?? 'mon', holiday, stopped: false };
}

function matches(period: Period, date: string, weekday: Weekday): boolean {
  if (period.weekdays && !period.weekdays.includes(weekday)) return false;
  if (period.monthDays && !period.monthDays.includes(Number(date.slice(8, 10)))) return false;
  return true;
}

/** The running intervals of one local day. */
export function calendarDay(schedule: Schedule, date: string): CalendarDay {
  const today = dayKind(schedule, date);
  const yesterdayDate = previousDate(date);
  const yesterday = dayKind(schedule, yesterdayDate);
  const spans: [number, number][] = [];
  for (const period of schedule.periods) {
    const begin = period.begin === undefined ? 0 : minutesOf(period.begin);
    const end = period.end === undefined ? 1440 : minutesOf(period.end);
    const todayRuns = !today.stopped && matches(period, date, today.weekday);
    if (end > begin) {
      if (todayRuns) spans.push([begin, end]);
    } else {
      if (todayRuns) spans.push([begin, 1440]);
      if (!yesterday.stopped && matches(period, yesterdayDate, yesterday.weekday) && end > 0)
        spans.push([0, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return {
    date,
    weekday: weekdayOf(date),
    holiday: today.holiday,
    running: merged.map(([b, e]) => ({ begin: hhmm(b), end: hhmm(e) })),
  };
}

/** Seven local days from the local date of `from`. */
export function weekCalendar(schedule: Schedule, from: Date): CalendarDay[] {
  const days: CalendarDay[] = [];
  let date = localTime(from, schedule.timeZone).date;
  for (let i = 0; i < 7; i++) {
    days.push(calendarDay(schedule, date));
    date = nextDate(date);
  }
  return days;
}

export interface ScheduleSavings {
  readonly hoursRunningPerWeek: number;
  readonly hoursStoppedPerMonth: number;
}

/**
 * Hours a schedule runs in an ordinary week (holidays aside) and hours a month it keeps a resource
 * stopped, the same arithmetic as the off-hours rule (730 hours a month, 168 a week).
 */
export function scheduleHours(schedule: Schedule): ScheduleSavings {
  const plain: Schedule = { ...schedule, holidays: undefined };
  // A Monday far from any daylight saving change; wall-clock hours are what the schedule promises.
  let date = '2025-01-06';
  let minutes = 0;
  for (let i = 0; i < 7; i++) {
    for (const r of calendarDay(plain, date).running) minutes += minutesOf(r.end) - minutesOf(r.begin);
    date = nextDate(date);
  }
  const hoursRunningPerWeek = minutes / 60;
  return {
    hoursRunningPerWeek,
    hoursStoppedPerMonth: (HOURS_PER_MONTH * (168 - hoursRunningPerWeek)) / 168,
  };
}

export interface Transition {
  readonly at: string;
  readonly state: DesiredState;
}

const STEP_MS = 5 * 60_000;

/**
 * The next changes of desired state after `from` within `horizonMs` (@default 8 days), to the minute.
 * Found by stepping five minutes (the tick) and refining to the minute where the state flipped.
 */
export function nextTransitions(
  schedule: Schedule,
  overrides: readonly Override[],
  resourceId: string | undefined,
  from: Date,
  horizonMs = 8 * 86_400_000,
  limit = 4,
): Transition[] {
  const stateAt = (t: number) =>
    (resourceId === undefined
      ? scheduledState(schedule, new Date(t))
      : desiredState(schedule, overrides, resourceId, new Date(t))
    ).state;
  const found: Transition[] = [];
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  let previous = stateAt(start);
  for (let t = start + STEP_MS; t <= start + horizonMs && found.length < limit; t += STEP_MS) {
    const state = stateAt(t);
    if (state === previous) continue;
    let at = t;
    for (let m = t - STEP_MS + 60_000; m < t; m += 60_000) {
      if (stateAt(m) === state) {
        at = m;
        break;
      }
    }
    found.push({ at: new Date(at).toISOString(), state });
    previous = state;
  }
  return found;
}
