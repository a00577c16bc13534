import { z } from 'zod';
import { NotFoundError } from '../../shared/errors';
import type { Operation } from './operation';
import { parseInput } from './parse';

const GetResourcePathSchema = z.object({
  id: z.string().min(1, 'must be a URL-encoded ARN').max(2048, 'must be at most 2048 characters'),
});

/** `GET /resources/{id}`: one resource by its URL-encoded ARN, gone or not. */
export const getResource: Operation<'getResource'> = async (request, { resources }) => {
  const { id } = parseInput(GetResourcePathSchema, request.pathParameters);
  const resource = await resources.get(id);
  if (!resource) throw new NotFoundError('Resource', id);
  return { body: resource };
};
