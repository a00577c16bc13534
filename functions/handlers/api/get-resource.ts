import { z } from 'zod';
import { collectionsByScope, presentResource } from '../../domain/scan/last-collected';
import { NotFoundError } from '../../shared/errors';
import type { Operation } from './operation';
import { parseInput } from './parse';

const GetResourcePathSchema = z.object({
  id: z.string().min(1, 'must be a URL-encoded ARN').max(2048, 'must be at most 2048 characters'),
});

/** `GET /resources/{id}`: one resource by its URL-encoded ARN, gone or not, `lastSeen` as in the list. */
export const getResource: Operation<'getResource'> = async (request, { resources, scanRuns }) => {
  const { id } = parseInput(GetResourcePathSchema, request.pathParameters);
  const [resource, collected] = await Promise.all([resources.get(id), scanRuns.lastCollected()]);
  if (!resource) throw new NotFoundError('Resource', id);
  return { body: presentResource(resource, collectionsByScope(collected)) };
};
