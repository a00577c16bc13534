import { z } from 'zod';
import { type Actor, actorName, IdentitySchema, identityOf } from '../identity/actor';

/** One audited administrative action: who did what to which target, when and why. */
export const AuditEventSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /**
   * Who acted, as shown: a person's verified email (else their username), or a system component.
   * Display only: `actorIdentity` says who it was.
   */
  actor: z.string().min(1),
  /** The person's Cognito identity; absent for a system component (and for events before issue 10). */
  actorIdentity: IdentitySchema.optional(),
  /** Dotted verb: `exception.created`, `exception.revoked`, ... */
  action: z.string().min(1),
  /** What was acted on: `exception/<id>`, a resource ARN, ... */
  target: z.string().min(1),
  reason: z.string().optional(),
  /** Structured detail of the change (the exception written, ...). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** The `actor` and `actorIdentity` of an event a person caused. */
export function auditActor(actor: Actor): Pick<AuditEvent, 'actor' | 'actorIdentity'> {
  return { actor: actorName(actor), actorIdentity: identityOf(actor) };
}
