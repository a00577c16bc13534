import { z } from 'zod';
import { alertingOf } from './alerting';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

export const AlertPathSchema = z.object({ id: z.string().regex(/^al-[0-9a-f]{16}$/, 'is not an alert id') });

/** `POST /alerts/{id}/acknowledge`: the caller takes the alert; nothing is sent. */
export const acknowledgeAlert: Operation<'acknowledgeAlert'> = async (request, dependencies) => {
  const { id } = parseInput(AlertPathSchema, request.pathParameters);
  return { body: await alertingOf(dependencies).service.acknowledge(id, actorOf(request.caller)) };
};
