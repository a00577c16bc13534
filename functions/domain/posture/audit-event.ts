import { z } from 'zod';

/** One audited administrative action: who did what to which target, when and why. */
export const AuditEventSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** The Cognito user (email or username) or system component that acted. */
  actor: z.string().min(1),
  /** Dotted verb: `exception.created`, `exception.revoked`, ... */
  action: z.string().min(1),
  /** What was acted on: `exception/<id>`, a resource ARN, ... */
  target: z.string().min(1),
  reason: z.string().optional(),
  /** Structured detail of the change (the exception written, ...). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
