import { isExceptionActive } from '../../domain/posture/exceptions';
import type { Operation } from './operation';

/** `GET /exceptions`: every stored exception, active or expired (until its retention ends), soonest expiry first. */
export const listExceptions: Operation<'listExceptions'> = async (_request, { exceptions }) => {
  const now = new Date();
  const items = [...(await exceptions.list())]
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || a.id.localeCompare(b.id))
    .map((exception) => ({ ...exception, active: isExceptionActive(exception, now) }));
  return { body: { items } };
};
