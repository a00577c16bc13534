/**
 * The routes the emailed approval link's page calls: read the request the link names, and decide it.
 * Both are operator routes behind the Cognito authorizer like every other: the signed token binds the
 * decision to one request, once, before its expiry; the signed-in operator is who decides.
 */
import { z } from 'zod';
import { decideByLink, readApprovalLink } from '../../app/remediation/approval-link';
import { actorName } from '../../domain/identity/actor';
import { actorOf } from './caller';
import type { ApiDependencies, Operation } from './operation';
import { parseInput } from './parse';
import { IdPathSchema, ReasonSchema, useCases } from './remediations';

const TokenSchema = z.object(
  {
    token: z
      .string({ error: 'is required' })
      .min(1, 'must not be empty')
      .max(1024, 'is not an approval link'),
  },
  { error: 'must be a JSON object' },
);
const DecisionBodySchema = ReasonSchema.extend(TokenSchema.shape).extend({
  decision: z.enum(['approved', 'rejected'], { error: "must be 'approved' or 'rejected'" }),
});

function links(dependencies: ApiDependencies) {
  const wired = dependencies.remediation.approvalLinks;
  // Fail closed: without a signer nothing can be verified, so nothing is decided by a link.
  if (!wired) throw new Error('approval links are not wired: APPROVAL_LINK_KEY_ID is missing');
  return wired;
}

/** `POST /remediations/{id}/approval-link` `{ token }`: the request, its items and what the link allows. */
export const readApprovalLinkRoute: Operation<'readApprovalLink'> = async (request, dependencies) => {
  const { id } = parseInput(IdPathSchema, request.pathParameters);
  const { token } = parseInput(TokenSchema, request.body);
  return {
    body: await readApprovalLink(await useCases(dependencies), links(dependencies), {
      remediationId: id,
      token,
    }),
  };
};

/** `POST /remediations/{id}/approval-link/decision` `{ token, decision, reason }`: spends the link. */
export const decideByApprovalLink: Operation<'decideByApprovalLink'> = async (request, dependencies) => {
  const { id } = parseInput(IdPathSchema, request.pathParameters);
  const body = parseInput(DecisionBodySchema, request.body);
  return {
    body: await decideByLink(await useCases(dependencies), links(dependencies), {
      remediationId: id,
      token: body.token,
      decision: body.decision,
      reason: body.reason,
      by: actorName(actorOf(request.caller)),
    }),
  };
};
