/**
 * Posture scores: for each framework control, whether any resource was judged against it
 * (applicable) and whether every such judgement passed; score = passed / applicable controls.
 * Suppressed findings (under an active exception) do not fail a control; resolved ones never do.
 */
import type { FindingDraft, VerdictTally } from '../analyze';
import type { Finding, Severity } from '../model';
import type { Rule } from '../rules/rule';
import type { Framework } from './frameworks';

export interface ScoreInput {
  /** The rules that ran: their references say which controls each evidences. */
  readonly rules: readonly Pick<Rule, 'id' | 'references'>[];
  /** `AnalysisResult.verdictsByAccount`: per rule, per account, how many resources were judged. */
  readonly verdictsByAccount: Readonly<Record<string, Readonly<Record<string, Readonly<VerdictTally>>>>>;
  /** Findings of the analysis: stored findings (with status) or fresh drafts (counted as open). */
  readonly findings: readonly (Finding | FindingDraft)[];
  /** When given, a suppression that has expired by then counts as open. @default suppressions are trusted */
  readonly now?: Date;
}

export type ControlStatus = 'passed' | 'failed' | 'not-applicable';

/** A resource failing a control, with the finding that says so. */
export interface FailingResource {
  readonly findingId: string;
  readonly ruleId: string;
  readonly resourceId: string;
  readonly resourceType: string;
  readonly resourceName?: string;
  readonly accountId: string;
  readonly region: string;
  readonly severity: Severity;
  readonly title: string;
}

export interface ControlScore {
  readonly control: string;
  readonly title: string;
  readonly status: ControlStatus;
  /** Rules that evidence the control. */
  readonly ruleIds: readonly string[];
  /** Resources judged compliant or non-compliant by those rules. */
  readonly evaluated: number;
  readonly failing: readonly FailingResource[];
  /** Non-compliant resources under an active exception: not failing, but not forgotten. */
  readonly suppressed: number;
}

export interface FrameworkScore {
  readonly framework: string;
  readonly name: string;
  /** The account scored; absent for the whole organization. */
  readonly accountId?: string;
  readonly applicable: number;
  readonly passed: number;
  readonly failed: number;
  /** passed / applicable, between 0 and 1; null when no control applied. */
  readonly score: number | null;
  readonly controls: readonly ControlScore[];
}

type Counted = 'failing' | 'suppressed' | 'ignored';

function classify(finding: Finding | FindingDraft, now: Date | undefined): Counted {
  if (!('status' in finding)) return 'failing';
  if (finding.status === 'resolved') return 'ignored';
  if (finding.status === 'open') return 'failing';
  const expiresAt = finding.suppression?.expiresAt;
  if (now !== undefined && (expiresAt === undefined || Date.parse(expiresAt) <= now.getTime()))
    return 'failing';
  return 'suppressed';
}

/** Scores each framework for one account, or for every account together when `accountId` is absent. */
export function scorePosture(
  input: ScoreInput,
  frameworks: readonly Framework[],
  accountId?: string,
): FrameworkScore[] {
  const findings = input.findings.filter((f) => accountId === undefined || f.accountId === accountId);
  const findingsByRule = new Map<string, (Finding | FindingDraft)[]>();
  for (const finding of findings) {
    const list = findingsByRule.get(finding.ruleId);
    if (list) list.push(finding);
    else findingsByRule.set(finding.ruleId, [finding]);
  }
  const evaluatedBy = (ruleId: string): number => {
    const perAccount = input.verdictsByAccount[ruleId] ?? {};
    const tallies = accountId === undefined ? Object.values(perAccount) : [perAccount[accountId]];
    return tallies.reduce((sum, t) => sum + (t ? t.compliant + t.nonCompliant : 0), 0);
  };

  return frameworks.map((framework) => {
    const controls = framework.controls.map((control): ControlScore => {
      const ruleIds = input.rules
        .filter((rule) =>
          rule.references.some((r) => r.framework === framework.id && r.control === control.id),
        )
        .map((rule) => rule.id);
      const failing: FailingResource[] = [];
      let suppressed = 0;
      for (const ruleId of ruleIds) {
        for (const finding of findingsByRule.get(ruleId) ?? []) {
          const counted = classify(finding, input.now);
          if (counted === 'suppressed') suppressed++;
          if (counted !== 'failing') continue;
          failing.push({
            findingId: finding.id,
            ruleId,
            resourceId: finding.resourceId,
            resourceType: finding.resourceType,
            ...(finding.resourceName === undefined ? {} : { resourceName: finding.resourceName }),
            accountId: finding.accountId,
            region: finding.region,
            severity: finding.severity,
            title: finding.title,
          });
        }
      }
      const evaluated = ruleIds.reduce((sum, id) => sum + evaluatedBy(id), 0);
      const status: ControlStatus =
        failing.length > 0 ? 'failed' : evaluated > 0 || suppressed > 0 ? 'passed' : 'not-applicable';
      return { control: control.id, title: control.title, status, ruleIds, evaluated, failing, suppressed };
    });
    const passed = controls.filter((c) => c.status === 'passed').length;
    const failed = controls.filter((c) => c.status === 'failed').length;
    const applicable = passed + failed;
    return {
      framework: framework.id,
      name: framework.name,
      ...(accountId === undefined ? {} : { accountId }),
      applicable,
      passed,
      failed,
      score: applicable === 0 ? null : passed / applicable,
      controls,
    };
  });
}

/** Every account the input judged or found something in, sorted. */
export function scoredAccounts(input: ScoreInput): string[] {
  const accounts = new Set<string>(input.findings.map((f) => f.accountId));
  for (const perAccount of Object.values(input.verdictsByAccount)) {
    for (const accountId of Object.keys(perAccount)) accounts.add(accountId);
  }
  return [...accounts].sort();
}

/** `scorePosture` for each account in turn. */
export function scorePosturePerAccount(
  input: ScoreInput,
  frameworks: readonly Framework[],
): Record<string, FrameworkScore[]> {
  return Object.fromEntries(scoredAccounts(input).map((id) => [id, scorePosture(input, frameworks, id)]));
}
