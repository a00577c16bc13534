/**
 * What the scheduler remembers of each resource between ticks: the state it last reconciled to (so
 * `respect-manual` acts only when a period begins or ends), its last action (to recognise RDS's
 * automatic restart after seven days stopped) and a failure that stops it retrying until the next change.
 */
import { z } from 'zod';
import { DesiredStateSchema } from './override';
import { ScheduleActionSchema } from './target';

const isoDate = z.iso.datetime({ offset: true });

export const ScheduleRecordSchema = z.object({
  resourceId: z.string(),
  schedule: z.string(),
  lastDesired: DesiredStateSchema,
  lastAction: z.object({ action: ScheduleActionSchema, at: isoDate }).optional(),
  /** A start or stop that did not take; not retried while the schedule still wants `desired`. */
  failure: z.object({ desired: DesiredStateSchema, at: isoDate, reason: z.string() }).optional(),
});
export type ScheduleRecord = z.infer<typeof ScheduleRecordSchema>;
