/**
 * Applies the exceptions to one check's findings at once, when an exception is created or revoked,
 * instead of at the next analysis (issue 10: an exception added did not say when it took effect).
 * It is the same reconciliation the analysis runs (domain/posture `applyExceptions`), narrowed to
 * the findings of the exception's check, so the two never disagree.
 */
import type { Finding, FindingCategory } from '../../domain/model';
import type { ExceptionStore, FindingStore, ResourceStore } from '../../domain/ports';
import { applyExceptions } from '../../domain/posture/exceptions';

export interface RuleExceptionDependencies {
  readonly findings: Pick<FindingStore, 'listByCategory' | 'putMany'>;
  readonly exceptions: Pick<ExceptionStore, 'list'>;
  /** Tags of the findings' resources, for tag-scoped exceptions. */
  readonly resources: Pick<ResourceStore, 'get'>;
}

export interface RuleExceptionOutcome {
  /** Findings that became suppressed. */
  readonly suppressed: number;
  /** Findings that became open again (an exception revoked or replaced). */
  readonly reopened: number;
}

const sameStatus = (a: Finding, b: Finding) =>
  a.status === b.status && JSON.stringify(a.suppression) === JSON.stringify(b.suppression);

/** Re-applies every stored exception to the unresolved findings of `ruleId` and writes those that changed. */
export async function reconcileRuleExceptions(
  ruleId: string,
  category: FindingCategory,
  deps: RuleExceptionDependencies,
  now: Date,
): Promise<RuleExceptionOutcome> {
  const findings = (await deps.findings.listByCategory(category)).filter(
    (f) => f.ruleId === ruleId && f.status !== 'resolved',
  );
  if (findings.length === 0) return { suppressed: 0, reopened: 0 };
  const exceptions = (await deps.exceptions.list()).filter((e) => e.ruleId === ruleId);
  const tags = new Map<string, Readonly<Record<string, string>> | undefined>();
  if (exceptions.some((e) => e.scope.kind === 'tag')) {
    for (const finding of findings)
      if (!tags.has(finding.resourceId))
        tags.set(finding.resourceId, (await deps.resources.get(finding.resourceId))?.tags);
  }
  const reconciled = applyExceptions(findings, exceptions, now, (id) => tags.get(id));
  const changed = reconciled.filter((after, i) => !sameStatus(after, findings[i]!));
  if (changed.length > 0) await deps.findings.putMany(changed);
  return {
    suppressed: changed.filter((f) => f.status === 'suppressed').length,
    reopened: changed.filter((f) => f.status === 'open').length,
  };
}
