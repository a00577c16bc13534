/**
 * What the security and posture operations read: the findings of the categories posture rules
 * raise, with suppressions as they stand now (see `currentSuppressions`).
 */
import type { Finding, FindingCategory } from '../../domain/model';
import { currentSuppressions, postureRules } from '../../domain/posture/snapshot';
import { ALL_RULES } from '../../domain/rules';
import type { ApiDependencies } from './operation';

/** Rules whose references a posture score counts. */
export const POSTURE_RULES = postureRules(ALL_RULES);

/** Security and compliance, plus any other category a framework-referencing rule reports under. */
export const POSTURE_CATEGORIES: readonly FindingCategory[] = [
  ...new Set<FindingCategory>(['security', 'compliance', ...POSTURE_RULES.map((rule) => rule.category)]),
];

/** Rules whose findings `GET /security/findings` lists. */
export const SECURITY_RULE_IDS: readonly string[] = ALL_RULES.filter((rule) =>
  POSTURE_CATEGORIES.includes(rule.category),
).map((rule) => rule.id);

/** Posture findings of one account, or of every account, with current suppressions applied. */
export async function loadPostureFindings(
  { findings, exceptions }: Pick<ApiDependencies, 'findings' | 'exceptions'>,
  accountId: string | undefined,
  now: Date,
): Promise<Finding[]> {
  const [stored, allExceptions] = await Promise.all([
    accountId === undefined
      ? Promise.all(POSTURE_CATEGORIES.map((category) => findings.listByCategory(category))).then((lists) =>
          lists.flat(),
        )
      : findings
          .listByAccount(accountId)
          .then((list) => list.filter((finding) => POSTURE_CATEGORIES.includes(finding.category))),
    exceptions.list(),
  ]);
  return currentSuppressions(stored, allExceptions, now);
}
