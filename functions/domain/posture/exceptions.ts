/**
 * Exceptions (suppressions): an admin accepts a rule's finding for one resource, or for every
 * resource carrying a tag, with a reason and an expiry. While an exception is active its findings
 * are `suppressed` and do not count against posture scores; once it expires they are open again.
 */
import { z } from 'zod';
import { IdentitySchema } from '../identity/actor';
import { AccountIdSchema, type Finding } from '../model';

const isoDate = z.iso.datetime({ offset: true });

export const ExceptionScopeSchema = z.discriminatedUnion('kind', [
  /** Exactly one resource, by its id (ARN). */
  z.object({ kind: z.literal('resource'), resourceId: z.string().min(1) }),
  /** Every resource whose tag `key` has exactly `value` (case-sensitive, as AWS compares tags). */
  z.object({ kind: z.literal('tag'), key: z.string().min(1), value: z.string() }),
]);
export type ExceptionScope = z.infer<typeof ExceptionScopeSchema>;

export const ExceptionSchema = z.object({
  id: z.string().min(1),
  /** The rule whose findings are accepted. */
  ruleId: z.string().min(1),
  /** Limits the exception to one account (most useful with a tag scope). @default every account */
  accountId: AccountIdSchema.optional(),
  scope: ExceptionScopeSchema,
  reason: z.string().min(1),
  /** After this instant the exception no longer applies. */
  expiresAt: isoDate,
  /** Who created it, as shown (the verified email, else the username); display only. */
  createdBy: z.string().min(1),
  /** Who created it: the Cognito identity (absent on exceptions created before issue 10). */
  createdByIdentity: IdentitySchema.optional(),
  createdAt: isoDate,
});
export type Exception = z.infer<typeof ExceptionSchema>;

/** Tags of a resource by id, for tag-scoped exceptions; `undefined` when the resource is unknown. */
export type TagLookup = (resourceId: string) => Readonly<Record<string, string>> | undefined;

export function isExceptionActive(exception: Exception, now: Date): boolean {
  return Date.parse(exception.expiresAt) > now.getTime();
}

/** Whether the exception covers this finding, ignoring expiry. */
export function exceptionCovers(
  exception: Exception,
  finding: Pick<Finding, 'ruleId' | 'resourceId' | 'accountId'>,
  tagsOf?: TagLookup,
): boolean {
  if (exception.ruleId !== finding.ruleId) return false;
  if (exception.accountId !== undefined && exception.accountId !== finding.accountId) return false;
  if (exception.scope.kind === 'resource') return exception.scope.resourceId === finding.resourceId;
  return tagsOf?.(finding.resourceId)?.[exception.scope.key] === exception.scope.value;
}

/** The active exception covering the finding that lasts longest, if any. */
export function activeExceptionFor(
  finding: Pick<Finding, 'ruleId' | 'resourceId' | 'accountId'>,
  exceptions: readonly Exception[],
  now: Date,
  tagsOf?: TagLookup,
): Exception | undefined {
  let best: Exception | undefined;
  for (const exception of exceptions) {
    if (!isExceptionActive(exception, now) || !exceptionCovers(exception, finding, tagsOf)) continue;
    if (!best || Date.parse(exception.expiresAt) > Date.parse(best.expiresAt)) best = exception;
  }
  return best;
}

/** The suppression a finding carries while `exception` applies. */
export function suppressionOf(exception: Exception): NonNullable<Finding['suppression']> {
  return { reason: exception.reason, expiresAt: exception.expiresAt, by: exception.createdBy };
}

/**
 * Sets each unresolved finding's status from the exceptions: suppressed (with who, why and until
 * when) while an active exception covers it, open otherwise, so an expired or revoked exception
 * returns its findings to open. Resolved findings are left as they are. Tag-scoped exceptions need
 * `tagsOf`; without it they match nothing.
 */
export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly Exception[],
  now: Date,
  tagsOf?: TagLookup,
): Finding[] {
  return findings.map((finding) => {
    if (finding.status === 'resolved') return finding;
    const exception = activeExceptionFor(finding, exceptions, now, tagsOf);
    const { suppression: _previous, ...rest } = finding;
    return exception
      ? { ...rest, status: 'suppressed', suppression: suppressionOf(exception) }
      : { ...rest, status: 'open' };
  });
}

/** Active exceptions that expire within `days` of `now`, soonest first: the digest's reminder list. */
export function expiringSoon(exceptions: readonly Exception[], now: Date, days: number): Exception[] {
  const horizon = now.getTime() + days * 86_400_000;
  return exceptions
    .filter((e) => isExceptionActive(e, now) && Date.parse(e.expiresAt) <= horizon)
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}
