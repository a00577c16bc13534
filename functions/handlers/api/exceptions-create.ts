import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorName, identityOf } from '../../domain/identity/actor';
import { AccountIdSchema } from '../../domain/model';
import type { Exception, ExceptionScope } from '../../domain/posture/exceptions';
import { ALL_RULES } from '../../domain/rules';
import { actorOf } from './caller';
import { applyExceptionsNow } from './exception-effect';
import type { Operation } from './operation';
import { parseInput } from './parse';

/** An exception may last at most this long: acceptance of a risk is reviewed at least yearly. */
export const MAX_EXCEPTION_DAYS = 365;

const RULE_IDS = new Set(ALL_RULES.map((rule) => rule.id));

const TagScopeSchema = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^[^=]+=.*$/, 'must be key=value');

/** The body, validated against the caller's clock (`expiresAt` must be ahead of it, but not too far). */
function createExceptionBodySchema(now: Date) {
  const latest = now.getTime() + MAX_EXCEPTION_DAYS * 86_400_000;
  return z
    .object(
      {
        ruleId: z
          .string({ error: 'is required' })
          .refine((id) => RULE_IDS.has(id), 'must be the id of a HostMaster check'),
        resourceId: z
          .string()
          .min(1, 'must not be empty')
          .max(2048, 'must be at most 2048 characters')
          .optional(),
        tag: TagScopeSchema.optional(),
        accountId: AccountIdSchema.optional(),
        reason: z
          .string({ error: 'is required' })
          .trim()
          .min(1, 'must not be empty')
          .max(1000, 'must be at most 1000 characters'),
        expiresAt: z.iso
          .datetime({ offset: true, error: 'must be an ISO 8601 date and time with a zone' })
          // zod runs refinements after a failed format check too: a malformed date (NaN) is reported once.
          .refine((at) => !(Date.parse(at) <= now.getTime()), 'must be in the future')
          .refine((at) => !(Date.parse(at) > latest), `must be at most ${MAX_EXCEPTION_DAYS} days from now`),
      },
      { error: 'must be a JSON object' },
    )
    .superRefine((body, context) => {
      if (body.resourceId === undefined && body.tag === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['resourceId'],
          message: 'is required unless tag is given',
        });
      }
      if (body.resourceId !== undefined && body.tag !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['tag'],
          message: 'give either resourceId or tag, not both',
        });
      }
    });
}

/**
 * `POST /exceptions`: accepts a check's finding for one resource (`resourceId`) or for every resource
 * with a tag (`tag: "key=value"`), optionally in one account, with a reason and an expiry. The store
 * audits it with the caller as actor, and the check's findings are reconciled at once (`effect` says
 * how many became suppressed; if that fails, they are at the next analysis).
 */
export const createException: Operation<'createException'> = async (request, dependencies) => {
  const { exceptions } = dependencies;
  const now = new Date();
  const body = parseInput(createExceptionBodySchema(now), request.body);
  const scope: ExceptionScope =
    body.tag === undefined
      ? { kind: 'resource', resourceId: body.resourceId! }
      : {
          kind: 'tag',
          key: body.tag.slice(0, body.tag.indexOf('=')),
          value: body.tag.slice(body.tag.indexOf('=') + 1),
        };
  const actor = actorOf(request.caller);
  const exception: Exception = {
    id: randomUUID(),
    ruleId: body.ruleId,
    ...(body.accountId === undefined ? {} : { accountId: body.accountId }),
    scope,
    reason: body.reason,
    expiresAt: new Date(Date.parse(body.expiresAt)).toISOString(),
    createdBy: actorName(actor),
    createdByIdentity: identityOf(actor),
    createdAt: now.toISOString(),
  };
  await exceptions.put(exception, { actor, at: now.toISOString() });
  const effect = await applyExceptionsNow(exception.ruleId, dependencies, now);
  return { statusCode: 201, body: { ...exception, effect } };
};
