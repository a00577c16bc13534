import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import { ScheduleNameSchema, ScheduleSchema } from '../../domain/schedules/schedule';
import { ValidationError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

export const SchedulePathSchema = z.object({ name: ScheduleNameSchema });

/**
 * `PUT /schedules/{name}`: creates or replaces a schedule (periods, time zone, holidays as dates or
 * iCal text, enforcement, hibernation). The name in the path wins; a different `name` in the body is
 * refused. Audited with the caller as actor; the next tick applies it.
 */
export const putSchedule: Operation<'putSchedule'> = async (request, { schedules }) => {
  const { name } = parseInput(SchedulePathSchema, request.pathParameters);
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ parameter: 'body', message: 'must be a JSON object' }]);
  }
  const named = body as Record<string, unknown>;
  if (named.name !== undefined && named.name !== name) {
    throw new ValidationError([{ parameter: 'name', message: `must match the path (${name})` }]);
  }
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const at = new Date().toISOString();
  const schedule = parseInput(ScheduleSchema, { ...named, name, createdBy: by, updatedAt: at });
  const existed = (await schedules.store.getSchedule(name)) !== undefined;
  await schedules.store.putSchedule(schedule, { actor, at });
  return { statusCode: existed ? 200 : 201, body: schedule };
};
