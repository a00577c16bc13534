import { alertingOf } from './alerting';
import { AlertPathSchema } from './alerts-acknowledge';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

/** `POST /alerts/{id}/resolve`: the caller closes the alert; a new signal reopens it. */
export const resolveAlert: Operation<'resolveAlert'> = async (request, dependencies) => {
  const { id } = parseInput(AlertPathSchema, request.pathParameters);
  return { body: await alertingOf(dependencies).service.resolve(id, actorOf(request.caller)) };
};
