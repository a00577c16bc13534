import { createHash } from 'node:crypto';
import type { Actor } from '../../../functions/domain/identity/actor';

/** A person with a verified email, and a sub and username derived from it (stable across calls). */
export function person(email: string): Actor {
  const digest = createHash('sha256').update(email).digest('hex');
  const sub = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return { sub, username: email.split('@')[0] ?? email, email };
}
