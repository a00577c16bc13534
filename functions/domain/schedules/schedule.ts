/**
 * A named off-hours schedule (issue 12): the periods a resource runs, read in one IANA time zone, with
 * holidays that either keep it stopped or run it as a given weekday, and how strictly it is enforced.
 */
import { z } from 'zod';
import { parseIcalHolidays } from './ical';
import { isTimeZone } from './zoned-time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

/** `HH:MM`, 00:00 to 24:00 (24:00 only as an end: the period runs to midnight). */
const ClockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM between 00:00 and 24:00');

/** Minutes after midnight of an `HH:MM` time. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * When a resource runs: on the matching days (every day when neither `weekdays` nor `monthDays` is
 * given; both must match when both are), from `begin` (@default 00:00) to `end` (@default 24:00).
 * An `end` at or before `begin` runs past midnight into the next day.
 */
export const PeriodSchema = z
  .object({
    weekdays: z.array(WeekdaySchema).min(1, 'must name at least one day').optional(),
    monthDays: z
      .array(z.number().int().min(1, 'must be 1 to 31').max(31, 'must be 1 to 31'))
      .min(1, 'must name at least one day')
      .optional(),
    begin: ClockTimeSchema.refine((t) => t !== '24:00', 'a period cannot begin at 24:00').optional(),
    end: ClockTimeSchema.optional(),
  })
  .refine((p) => p.begin !== undefined || p.end !== undefined || p.weekdays || p.monthDays, {
    message: 'a period needs days or times',
  });
export type Period = z.infer<typeof PeriodSchema>;

const IsoDateSchema = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

/**
 * Holidays, as dates in the schedule's time zone, listed or parsed from an iCal calendar (all-day
 * VEVENTs). `stopped`: the resource stays stopped all day. `as-weekday`: the day runs the periods of
 * `weekday` (a bridge Saturday worked as a Monday, or a holiday still worked by an on-call team).
 */
export const HolidaysSchema = z
  .object({
    behaviour: z.enum(['stopped', 'as-weekday']),
    /** @default 'mon' */
    weekday: WeekdaySchema.optional(),
    dates: z.array(IsoDateSchema).max(1000, 'at most 1000 dates').default([]),
    /** The calendar's iCal text as uploaded; its dates are merged into `dates`. */
    ical: z.string().max(200_000, 'must be at most 200,000 characters').optional(),
  })
  .transform((h, context) => {
    if (h.ical === undefined) return h;
    const parsed = parseIcalHolidays(h.ical);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', path: ['ical'], message: parsed.reason });
      return z.NEVER;
    }
    return { ...h, dates: [...new Set([...h.dates, ...parsed.dates])].sort() };
  });
export type Holidays = z.output<typeof HolidaysSchema>;

export const ScheduleNameSchema = z
  .string({ error: 'is required' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1 to 63 lowercase letters, digits and dashes')
  .refine((name) => name !== 'ignore', '"ignore" is reserved: it opts a resource out of scheduling');

/**
 * `enforced`: every tick brings the resource to the schedule's state. `respect-manual`: the schedule
 * acts at the start of each period and each off time only, so a person who starts an instance at
 * night keeps it running until the next period begins or ends.
 */
export const EnforcementSchema = z.enum(['enforced', 'respect-manual']);
export type Enforcement = z.infer<typeof EnforcementSchema>;

export const ScheduleSchema = z.object({
  name: ScheduleNameSchema,
  description: z.string().max(500, 'must be at most 500 characters').default(''),
  timeZone: z
    .string({ error: 'is required' })
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  periods: z.array(PeriodSchema).min(1, 'needs at least one period').max(50, 'at most 50 periods'),
  holidays: HolidaysSchema.optional(),
  enforcement: EnforcementSchema.default('enforced'),
  /** Stop EC2 instances with hibernation where the instance has it enabled. @default false */
  hibernate: z.boolean().default(false),
  createdBy: z.string().optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Schedule = z.output<typeof ScheduleSchema>;
export type ScheduleInput = z.input<typeof ScheduleSchema>;
