/**
 * The schedule the off-hours rule suggests (`ec2-off-hours-schedule`), as a schedule HostMaster can
 * apply: the rule measured business hours in UTC, so the schedule runs in UTC unless the person picks
 * the zone the team works in.
 */
import { BUSINESS_HOURS } from '../rules/cost/ec2-off-hours-schedule';
import { type Schedule, ScheduleSchema, WEEKDAYS } from './schedule';

export const SUGGESTING_RULE = 'ec2-off-hours-schedule';

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** `business-hours-utc`, `business-hours-europe-berlin`, ... (at most 63 characters). */
export function suggestedName(timeZone: string): string {
  return `business-hours-${timeZone
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`
    .slice(0, 63)
    .replace(/-$/, '');
}

export function suggestedSchedule(timeZone = 'UTC', createdBy?: string): Schedule {
  return ScheduleSchema.parse({
    name: suggestedName(timeZone),
    description: `Suggested by ${SUGGESTING_RULE}: ${BUSINESS_HOURS.label.replace('UTC', timeZone)}`,
    timeZone,
    periods: [
      {
        weekdays: WEEKDAYS.slice(0, BUSINESS_HOURS.days),
        begin: hh(BUSINESS_HOURS.startHour),
        end: hh(BUSINESS_HOURS.endHour),
      },
    ],
    enforcement: 'respect-manual',
    ...(createdBy ? { createdBy } : {}),
  });
}

/** Whether two schedules run the same hours (names, descriptions and authors aside). */
export function sameHours(a: Schedule, b: Schedule): boolean {
  const key = (s: Schedule) =>
    JSON.stringify([s.timeZone, s.periods, s.holidays ?? null, s.enforcement, s.hibernate]);
  return key(a) === key(b);
}
