import { actorName } from '../../domain/identity/actor';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';
import { SchedulePathSchema } from './schedules-put';

/**
 * `DELETE /schedules/{name}`: deletes a schedule no assignment uses (resources tagged with its name
 * are then left alone, as for any unknown schedule). Audited.
 */
export const deleteSchedule: Operation<'deleteSchedule'> = async (request, { schedules }) => {
  const { name } = parseInput(SchedulePathSchema, request.pathParameters);
  const assigned = (await schedules.store.listAssignments()).filter((a) => a.schedule === name);
  if (assigned.length > 0) {
    throw new ConflictError(
      `Schedule ${name} is assigned to ${assigned.length} resource(s): remove the assignments first`,
    );
  }
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const at = new Date().toISOString();
  if (!(await schedules.store.deleteSchedule(name, { actor, at }))) throw new NotFoundError('Schedule', name);
  return { body: { name, deletedAt: at, deletedBy: by } };
};
