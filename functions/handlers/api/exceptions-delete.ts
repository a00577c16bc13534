import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import { NotFoundError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

const DeleteExceptionPathSchema = z.object({
  id: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
});

/**
 * `DELETE /exceptions/{id}`: revokes an exception, audited with the caller as actor. Its findings
 * count against the posture again at once and are reopened by the next analysis.
 */
export const deleteException: Operation<'deleteException'> = async (request, { exceptions }) => {
  const { id } = parseInput(DeleteExceptionPathSchema, request.pathParameters);
  const actor = actorOf(request.caller);
  const revokedAt = new Date().toISOString();
  if (!(await exceptions.revoke(id, { actor, at: revokedAt }))) throw new NotFoundError('Exception', id);
  return { body: { id, revokedAt, revokedBy: actorName(actor) } };
};
