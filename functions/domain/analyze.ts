import { type Finding, findingId, type Resource } from './model';
import { activeExceptionFor, type Exception, suppressionOf, type TagLookup } from './posture/exceptions';
import type { Rule, RuleContext } from './rules/rule';

/** How many resources a rule judged each way. */
export interface VerdictTally {
  compliant: number;
  nonCompliant: number;
  insufficientData: number;
}

/** A finding as the rules see it now, before lifecycle bookkeeping (first seen, status, suppression). */
export type FindingDraft = Omit<Finding, 'status' | 'suppression' | 'firstSeen' | 'lastSeen' | 'resolvedAt'>;

export interface AnalysisResult {
  readonly findings: readonly FindingDraft[];
  /** Resources a rule could not judge, with the reason: shown, never counted as compliant. */
  readonly insufficientData: readonly { ruleId: string; resourceId: string; reason: string }[];
  /** Verdicts per rule: how many resources were compliant, non-compliant, not applicable. */
  readonly verdicts: Readonly<
    Record<string, { compliant: number; nonCompliant: number; insufficientData: number }>
  >;
  /**
   * The same tallies per rule and account (`verdictsByAccount[ruleId][accountId]`), which posture
   * scores need to tell an account where a control was checked from one where it did not apply.
   * Always set by `analyze`; optional only so hand-built results stay valid.
   */
  readonly verdictsByAccount?: Readonly<Record<string, Readonly<Record<string, Readonly<VerdictTally>>>>>;
}

/** Runs every rule over every resource it applies to. Pure: the clock and all data come in. */
export function analyze(
  resources: readonly Resource[],
  rules: readonly Rule[],
  context: RuleContext,
): AnalysisResult {
  const rulesByType = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const type of rule.appliesTo) {
      const list = rulesByType.get(type);
      if (list) list.push(rule);
      else rulesByType.set(type, [rule]);
    }
  }
  const findings: FindingDraft[] = [];
  const insufficientData: { ruleId: string; resourceId: string; reason: string }[] = [];
  const verdicts: Record<string, { compliant: number; nonCompliant: number; insufficientData: number }> = {};
  for (const rule of rules) verdicts[rule.id] = { compliant: 0, nonCompliant: 0, insufficientData: 0 };
  const verdictsByAccount: Record<string, Record<string, VerdictTally>> = {};
  for (const rule of rules) verdictsByAccount[rule.id] = {};
  const accountTally = (ruleId: string, accountId: string): VerdictTally => {
    const perAccount = verdictsByAccount[ruleId]!;
    let tally = perAccount[accountId];
    if (!tally) {
      tally = { compliant: 0, nonCompliant: 0, insufficientData: 0 };
      perAccount[accountId] = tally;
    }
    return tally;
  };

  for (const resource of resources) {
    if (resource.goneAt) continue;
    for (const rule of rulesByType.get(resource.type) ?? []) {
      const verdict = rule.evaluate(resource as never, context);
      const tally = verdicts[rule.id]!;
      switch (verdict.kind) {
        case 'not-applicable':
          break;
        case 'compliant':
          tally.compliant++;
          accountTally(rule.id, resource.accountId).compliant++;
          break;
        case 'insufficient-data':
          tally.insufficientData++;
          accountTally(rule.id, resource.accountId).insufficientData++;
          insufficientData.push({ ruleId: rule.id, resourceId: resource.id, reason: verdict.reason });
          break;
        case 'non-compliant':
          tally.nonCompliant++;
          accountTally(rule.id, resource.accountId).nonCompliant++;
          findings.push({
            id: findingId(rule.id, resource.id),
            ruleId: rule.id,
            resourceId: resource.id,
            resourceType: resource.type,
            resourceName: resource.name,
            accountId: resource.accountId,
            region: resource.region,
            category: rule.category,
            severity: verdict.severity ?? rule.severity,
            title: verdict.title ?? rule.title,
            evidence: { ...verdict.evidence },
            ...(verdict.monthlySavingsUsd === undefined
              ? {}
              : { monthlySavingsUsd: Math.round(verdict.monthlySavingsUsd * 100) / 100 }),
            references: [...rule.references],
          });
          break;
      }
    }
  }
  return { findings, insufficientData, verdicts, verdictsByAccount };
}

export interface FindingChanges {
  /** Findings to write: new ones and open ones whose content changed. */
  readonly upserts: readonly Finding[];
  /** Previously open findings whose condition cleared. */
  readonly resolved: readonly Finding[];
  readonly opened: readonly Finding[];
  readonly unchanged: number;
}

/** Exceptions to apply while reconciling. */
export interface ReconcileOptions {
  /**
   * Every stored exception (active or not). When given, exceptions decide suppression: a finding an
   * active exception covers is suppressed (a new one is written suppressed and not reported as
   * opened), and one whose exception expired or was revoked is open again.
   */
  readonly exceptions: readonly Exception[];
  /** Resource tags, for tag-scoped exceptions. @default no tags (tag-scoped exceptions match nothing) */
  readonly tagsOf?: TagLookup;
}

/**
 * Merges this run's drafts into the stored findings: keeps first-seen and suppressions, opens new
 * findings, resolves cleared ones. Only findings in `scope` (the accounts and rules this run judged)
 * may be resolved, so a partial analysis never resolves what it did not look at.
 */
export function reconcileFindings(
  previous: readonly Finding[],
  drafts: readonly FindingDraft[],
  now: Date,
  scope: (finding: Finding) => boolean,
  options?: ReconcileOptions,
): FindingChanges {
  const nowIso = now.toISOString();
  const before = new Map(previous.map((f) => [f.id, f]));
  const upserts: Finding[] = [];
  const opened: Finding[] = [];
  const resolved: Finding[] = [];
  let unchanged = 0;
  const seen = new Set<string>();

  for (const draft of drafts) {
    seen.add(draft.id);
    const old = before.get(draft.id);
    const exception = options && activeExceptionFor(draft, options.exceptions, now, options.tagsOf);
    if (!old || old.status === 'resolved') {
      if (exception) {
        upserts.push({
          ...draft,
          status: 'suppressed',
          suppression: suppressionOf(exception),
          firstSeen: nowIso,
          lastSeen: nowIso,
        });
        continue;
      }
      const finding: Finding = { ...draft, status: 'open', firstSeen: nowIso, lastSeen: nowIso };
      upserts.push(finding);
      opened.push(finding);
      continue;
    }
    const { suppression: oldSuppression, resolvedAt: _resolvedAt, ...rest } = old;
    const suppression = options ? (exception ? suppressionOf(exception) : undefined) : oldSuppression;
    const suppressionActive = suppression !== undefined && suppression.expiresAt > nowIso;
    const status = suppressionActive ? 'suppressed' : 'open';
    const next: Finding = {
      ...rest,
      ...draft,
      status,
      ...(suppressionActive && suppression ? { suppression } : {}),
      firstSeen: old.firstSeen,
      lastSeen: old.lastSeen,
    };
    if (sameContent(old, next)) unchanged++;
    else upserts.push({ ...next, lastSeen: nowIso });
  }
  for (const old of previous) {
    if (seen.has(old.id) || old.status === 'resolved' || !scope(old)) continue;
    const finding: Finding = { ...old, status: 'resolved', resolvedAt: nowIso, lastSeen: nowIso };
    upserts.push(finding);
    resolved.push(finding);
  }
  return { upserts, resolved, opened, unchanged };
}

function sameContent(a: Finding, b: Finding): boolean {
  return (
    a.status === b.status &&
    a.severity === b.severity &&
    a.title === b.title &&
    a.monthlySavingsUsd === b.monthlySavingsUsd &&
    a.suppression?.expiresAt === b.suppression?.expiresAt &&
    a.suppression?.reason === b.suppression?.reason &&
    JSON.stringify(a.evidence) === JSON.stringify(b.evidence)
  );
}
