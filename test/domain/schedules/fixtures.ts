import {
  type Schedule,
  type ScheduleInput,
  ScheduleSchema,
} from '../../../functions/domain/schedules/schedule';
import type { ScheduledTarget } from '../../../functions/domain/schedules/target';

/** Weekdays 08:00–18:00 in Berlin. */
export function officeHours(overrides: Partial<ScheduleInput> = {}): Schedule {
  return ScheduleSchema.parse({
    name: 'office-berlin',
    timeZone: 'Europe/Berlin',
    periods: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:00', end: '18:00' }],
    ...overrides,
  });
}

export const at = (iso: string) => new Date(iso);

export function target(resourceId: string, overrides: Partial<ScheduledTarget> = {}): ScheduledTarget {
  return {
    resourceId,
    nativeId: resourceId.split('/').at(-1) ?? resourceId,
    accountId: '111111111111',
    region: 'eu-central-1',
    kind: 'ec2:instance',
    schedule: 'office-berlin',
    tags: {},
    ...overrides,
  };
}
