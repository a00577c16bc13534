import { z } from 'zod';
import { AccountIdSchema } from '../../domain/model';
import type { FrameworkScore } from '../../domain/posture/score';
import { type Posture, type PostureSnapshot, postureOf } from '../../domain/posture/snapshot';
import { NotFoundError } from '../../shared/errors';
import type { ApiDependencies, Operation } from './operation';
import { parseInput } from './parse';
import { loadPostureFindings, POSTURE_RULES } from './posture-findings';

/**
 * Failing resources listed per control; the rest are counted (`failingCount`) and all of them are
 * in the export, so one response stays well under API Gateway's payload limit on a large fleet.
 */
export const MAX_FAILING_PER_CONTROL = 100;

export const PostureQuerySchema = z.object({ accountId: AccountIdSchema.optional() });

/**
 * The posture of one account (404 when no analysis has covered it yet) or of every analysed account
 * and the organization, scored now.
 */
export async function currentPosture(
  dependencies: Pick<ApiDependencies, 'findings' | 'exceptions' | 'posture'>,
  accountId: string | undefined,
  now: Date,
): Promise<Posture & { findings: Awaited<ReturnType<typeof loadPostureFindings>> }> {
  let snapshots: readonly PostureSnapshot[];
  if (accountId === undefined) snapshots = await dependencies.posture.list();
  else {
    const snapshot = await dependencies.posture.get(accountId);
    if (!snapshot) throw new NotFoundError('Posture of account', accountId);
    snapshots = [snapshot];
  }
  const findings = await loadPostureFindings(dependencies, accountId, now);
  return { ...postureOf(snapshots, findings, POSTURE_RULES, now), findings };
}

function trimmed(score: FrameworkScore) {
  return {
    ...score,
    controls: score.controls.map((control) => ({
      ...control,
      failing: control.failing.slice(0, MAX_FAILING_PER_CONTROL),
      failingCount: control.failing.length,
    })),
  };
}

/**
 * `GET /posture`: per account and framework the score, passed / applicable controls and, per
 * control, the failing resources; without `accountId` also the organization as a whole.
 */
export const getPosture: Operation<'getPosture'> = async (request, dependencies) => {
  const { accountId } = parseInput(PostureQuerySchema, request.query);
  const now = new Date();
  const posture = await currentPosture(dependencies, accountId, now);
  return {
    body: {
      generatedAt: now.toISOString(),
      organization: accountId === undefined ? posture.organization.map(trimmed) : null,
      accounts: posture.accounts.map((account) => ({
        ...account,
        frameworks: account.frameworks.map(trimmed),
      })),
    },
  };
};
