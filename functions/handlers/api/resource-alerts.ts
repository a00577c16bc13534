import { z } from 'zod';
import { alertingOf } from './alerting';
import type { Operation } from './operation';
import { parseInput } from './parse';

const ResourcePathSchema = z.object({ id: z.string().min(1, 'is required').max(2048) });

/** `GET /resources/{id}/alerts`: every alert about the resource, each with its earlier episodes. */
export const listResourceAlerts: Operation<'listResourceAlerts'> = async (request, dependencies) => {
  const { id } = parseInput(ResourcePathSchema, request.pathParameters);
  return { body: { items: await alertingOf(dependencies).service.list({ resourceId: id }) } };
};
