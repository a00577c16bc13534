import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import { SCHEDULE_TAG } from '../../domain/schedules/membership';
import { ScheduleNameSchema } from '../../domain/schedules/schedule';
import { isSchedulable } from '../../domain/schedules/scheduled-targets';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

const ResourceIdSchema = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(2048, 'must be at most 2048 characters');

const AssignmentBodySchema = z.object(
  { resourceId: ResourceIdSchema, schedule: ScheduleNameSchema },
  { error: 'must be a JSON object' },
);

/**
 * `POST /schedule-assignments`: puts an EC2 instance or RDS DB instance on a schedule from the
 * dashboard (wins over a `hostmaster:schedule` tag, except `ignore`). Audited.
 */
export const createScheduleAssignment: Operation<'createScheduleAssignment'> = async (
  request,
  { resources, schedules },
) => {
  const body = parseInput(AssignmentBodySchema, request.body);
  const resource = await resources.get(body.resourceId);
  if (!resource) throw new NotFoundError('Resource', body.resourceId);
  if (!isSchedulable(resource)) {
    throw new ValidationError([
      { parameter: 'resourceId', message: `a ${resource.type} cannot be scheduled` },
    ]);
  }
  if (resource.tags[SCHEDULE_TAG]?.toLowerCase() === 'ignore') {
    throw new ValidationError([
      { parameter: 'resourceId', message: `the resource opted out with ${SCHEDULE_TAG}=ignore` },
    ]);
  }
  if (!(await schedules.store.getSchedule(body.schedule))) throw new NotFoundError('Schedule', body.schedule);
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const at = new Date().toISOString();
  const assignment = { resourceId: resource.id, schedule: body.schedule, by, at };
  await schedules.store.putAssignment(assignment, { actor, at });
  return { statusCode: 201, body: assignment };
};

/** `DELETE /schedule-assignments/{resourceId}`: takes a resource off its dashboard assignment. Audited. */
export const deleteScheduleAssignment: Operation<'deleteScheduleAssignment'> = async (
  request,
  { schedules },
) => {
  const { resourceId } = parseInput(z.object({ resourceId: ResourceIdSchema }), request.pathParameters);
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const at = new Date().toISOString();
  if (!(await schedules.store.deleteAssignment(resourceId, { actor, at }))) {
    throw new NotFoundError('Schedule assignment', resourceId);
  }
  return { body: { resourceId, deletedAt: at, deletedBy: by } };
};
