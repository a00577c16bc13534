/**
 * Who did something, as records keep it. A person is identified by their Cognito `sub` and
 * username, which no user can change; the email is only what the dashboard shows, and only when
 * Cognito has verified it, so changing one's own email can neither rename nor impersonate anyone
 * in the audit trail (issue 10).
 */
import { z } from 'zod';

/** The immutable identity of a person, stored next to every name a record shows. */
export const IdentitySchema = z.object({
  /** Cognito `sub`: assigned once, never reused. */
  sub: z.string().min(1),
  /** `cognito:username`: fixed at creation. */
  username: z.string().min(1),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** A person acting through the API. */
export interface Actor extends Identity {
  /** The verified email at the time of the action; absent when the token's email is unverified. */
  readonly email?: string;
}

/** What a record shows for the actor: the verified email, else the username. */
export function actorName(actor: Actor): string {
  return actor.email ?? actor.username;
}

/** The identity part of an actor, as stored. */
export function identityOf(actor: Actor): Identity {
  return { sub: actor.sub, username: actor.username };
}
