import { z } from 'zod';
import { nextTransitions } from '../../domain/schedules/calendar';
import { desiredState } from '../../domain/schedules/desired-state';
import { membershipOf } from '../../domain/schedules/membership';
import { activeOverride } from '../../domain/schedules/override';
import { isSchedulable } from '../../domain/schedules/scheduled-targets';
import { NotFoundError } from '../../shared/errors';
import type { Operation } from './operation';
import { parseInput } from './parse';

/**
 * `GET /resources/{id}/schedule`: the schedule a resource follows (and whether by tag or assignment),
 * what it wants now and why, its next start and stop, the override in force and the recent activity.
 */
export const getResourceSchedule: Operation<'getResourceSchedule'> = async (
  request,
  { resources, schedules },
) => {
  const { id } = parseInput(
    z.object({ id: z.string().min(1, 'must be a URL-encoded ARN').max(2048) }),
    request.pathParameters,
  );
  const resource = await resources.get(id);
  if (!resource) throw new NotFoundError('Resource', id);
  const now = new Date();
  const [assignments, overrides, activity] = await Promise.all([
    schedules.store.listAssignments(),
    schedules.store.listOverrides(now),
    schedules.records.activity({ resourceId: id, limit: 20 }),
  ]);
  const membership = isSchedulable(resource)
    ? membershipOf(resource.tags, assignments.find((a) => a.resourceId === id)?.schedule)
    : ({ kind: 'none' } as const);
  const schedule =
    membership.kind === 'scheduled' ? await schedules.store.getSchedule(membership.schedule) : undefined;
  return {
    body: {
      resourceId: id,
      schedulable: isSchedulable(resource),
      membership,
      schedule: schedule ?? null,
      desired: schedule ? desiredState(schedule, overrides, id, now) : null,
      next: schedule ? nextTransitions(schedule, overrides, id, now, 8 * 86_400_000, 2) : [],
      override: schedule ? (activeOverride(overrides, id, schedule.name, now) ?? null) : null,
      activity,
    },
  };
};
