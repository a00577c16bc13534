import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import { DesiredStateSchema, type Override } from '../../domain/schedules/override';
import { ScheduleNameSchema } from '../../domain/schedules/schedule';
import { NotFoundError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

/** An override lasts at most this long: longer is a schedule change, not an exception. */
export const MAX_OVERRIDE_DAYS = 31;

function overrideBodySchema(now: Date) {
  const latest = now.getTime() + MAX_OVERRIDE_DAYS * 86_400_000;
  return z
    .object(
      {
        resourceId: z
          .string()
          .min(1, 'must not be empty')
          .max(2048, 'must be at most 2048 characters')
          .optional(),
        schedule: ScheduleNameSchema.optional(),
        state: DesiredStateSchema,
        until: z.iso
          .datetime({ offset: true, error: 'must be an ISO 8601 date and time with a zone' })
          .refine((at) => !(Date.parse(at) <= now.getTime()), 'must be in the future')
          .refine((at) => !(Date.parse(at) > latest), `must be at most ${MAX_OVERRIDE_DAYS} days from now`),
        reason: z
          .string({ error: 'is required' })
          .trim()
          .min(1, 'must not be empty')
          .max(500, 'must be at most 500 characters'),
      },
      { error: 'must be a JSON object' },
    )
    .superRefine((body, context) => {
      if ((body.resourceId === undefined) === (body.schedule === undefined)) {
        context.addIssue({
          code: 'custom',
          path: ['resourceId'],
          message: 'give either resourceId or schedule',
        });
      }
    });
}

/**
 * `POST /schedule-overrides`: keeps a resource (or every resource of a schedule) running or stopped
 * until a time, with the caller and the reason; it expires by itself. Audited.
 */
export const createScheduleOverride: Operation<'createScheduleOverride'> = async (
  request,
  { resources, schedules },
) => {
  const now = new Date();
  const body = parseInput(overrideBodySchema(now), request.body);
  if (body.resourceId !== undefined && !(await resources.get(body.resourceId))) {
    throw new NotFoundError('Resource', body.resourceId);
  }
  if (body.schedule !== undefined && !(await schedules.store.getSchedule(body.schedule))) {
    throw new NotFoundError('Schedule', body.schedule);
  }
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const override: Override = {
    id: randomUUID(),
    target:
      body.resourceId !== undefined
        ? { kind: 'resource', resourceId: body.resourceId }
        : { kind: 'schedule', schedule: body.schedule! },
    state: body.state,
    from: now.toISOString(),
    until: new Date(Date.parse(body.until)).toISOString(),
    by,
    reason: body.reason,
  };
  await schedules.store.putOverride(override, { actor, at: override.from });
  return { statusCode: 201, body: override };
};

/** `DELETE /schedule-overrides/{id}`: ends an override early. Audited. */
export const deleteScheduleOverride: Operation<'deleteScheduleOverride'> = async (request, { schedules }) => {
  const { id } = parseInput(
    z.object({ id: z.string().min(1, 'is required').max(128, 'must be at most 128 characters') }),
    request.pathParameters,
  );
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const at = new Date().toISOString();
  if (!(await schedules.store.deleteOverride(id, { actor, at })))
    throw new NotFoundError('Schedule override', id);
  return { body: { id, endedAt: at, endedBy: by } };
};
