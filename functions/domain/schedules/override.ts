/**
 * A temporary exception to a schedule: keep one resource (or every resource of a schedule) running or
 * stopped until a time, with who asked and why. It expires by itself: past `until` it no longer counts.
 */
import { z } from 'zod';
import { ScheduleNameSchema } from './schedule';

export const DesiredStateSchema = z.enum(['running', 'stopped']);
export type DesiredState = z.infer<typeof DesiredStateSchema>;

const isoDate = z.iso.datetime({ offset: true });

export const OverrideTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resource'), resourceId: z.string().min(1) }),
  z.object({ kind: z.literal('schedule'), schedule: ScheduleNameSchema }),
]);
export type OverrideTarget = z.infer<typeof OverrideTargetSchema>;

export const OverrideSchema = z.object({
  id: z.string().min(1),
  target: OverrideTargetSchema,
  state: DesiredStateSchema,
  /** From when it applies (its creation). */
  from: isoDate,
  until: isoDate,
  by: z.string().min(1),
  reason: z.string().min(1),
});
export type Override = z.infer<typeof OverrideSchema>;

export function isActive(override: Override, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(override.from) <= t && t < Date.parse(override.until);
}

/**
 * The override in force for a resource of a schedule: one on the resource itself wins over one on the
 * schedule; among several, the one created last.
 */
export function activeOverride(
  overrides: readonly Override[],
  resourceId: string,
  schedule: string,
  now: Date,
): Override | undefined {
  const live = overrides.filter((o) => isActive(o, now)).sort((a, b) => a.from.localeCompare(b.from));
  const onResource = live.filter((o) => o.target.kind === 'resource' && o.target.resourceId === resourceId);
  if (onResource.length > 0) return onResource.at(-1);
  return live.filter((o) => o.target.kind === 'schedule' && o.target.schedule === schedule).at(-1);
}

/** The audit target of an override: the resource it holds, or its schedule. */
export function overrideTargetOf(override: Override): string {
  return override.target.kind === 'resource'
    ? override.target.resourceId
    : `schedule/${override.target.schedule}`;
}
