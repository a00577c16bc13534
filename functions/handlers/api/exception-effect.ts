import { reconcileRuleExceptions } from '../../app/posture/reconcile-rule-exceptions';
import { ALL_RULES } from '../../domain/rules';
import { logger } from '../../shared/powertools';
import type { ApiDependencies } from './operation';

const CATEGORY_OF = new Map(ALL_RULES.map((rule) => [rule.id, rule.category]));

/** When a created or revoked exception changed the findings: at once, or at the next analysis. */
export type ExceptionEffect =
  | { readonly appliedAt: string; readonly suppressed: number; readonly reopened: number }
  | { readonly appliedAt: null; readonly takesEffect: 'next-analysis' };

/**
 * Reconciles the check's findings with the exceptions now. The exception itself is already stored
 * and audited, so a failure here is not the caller's: it is logged and the answer says the change
 * waits for the next analysis, which reconciles every finding anyway.
 */
export async function applyExceptionsNow(
  ruleId: string,
  dependencies: Pick<ApiDependencies, 'findings' | 'exceptions' | 'resources'>,
  now: Date,
): Promise<ExceptionEffect> {
  const category = CATEGORY_OF.get(ruleId);
  if (category === undefined) return { appliedAt: null, takesEffect: 'next-analysis' };
  try {
    const outcome = await reconcileRuleExceptions(ruleId, category, dependencies, now);
    return { appliedAt: now.toISOString(), ...outcome };
  } catch (error) {
    logger.warn('exception not applied at once', { ruleId, error: error as Error });
    return { appliedAt: null, takesEffect: 'next-analysis' };
  }
}
