import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import { NotFoundError } from '../../shared/errors';
import { actorOf } from './caller';
import { applyExceptionsNow } from './exception-effect';
import type { Operation } from './operation';
import { parseInput } from './parse';

const DeleteExceptionPathSchema = z.object({
  id: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
});

/**
 * `DELETE /exceptions/{id}`: revokes an exception, audited with the caller as actor. Its findings
 * are reopened at once (`effect`), or by the next analysis if that fails.
 */
export const deleteException: Operation<'deleteException'> = async (request, dependencies) => {
  const { exceptions } = dependencies;
  const { id } = parseInput(DeleteExceptionPathSchema, request.pathParameters);
  const actor = actorOf(request.caller);
  const now = new Date();
  const revokedAt = now.toISOString();
  const revoked = await exceptions.get(id);
  if (!(await exceptions.revoke(id, { actor, at: revokedAt }))) throw new NotFoundError('Exception', id);
  const effect = revoked ? await applyExceptionsNow(revoked.ruleId, dependencies, now) : undefined;
  return { body: { id, revokedAt, revokedBy: actorName(actor), ...(effect ? { effect } : {}) } };
};
