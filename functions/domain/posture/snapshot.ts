/**
 * Posture snapshots: the per-(rule, account) verdict tallies that posture scores need exist only
 * while an analysis runs (`AnalysisResult.verdictsByAccount`), so the analysis saves them, one small
 * snapshot per account, and the API scores from the snapshots and the stored findings. Scores are
 * recomputed on read rather than served from the snapshot, so a suppression that expired or was
 * revoked since the analysis counts against the score at once.
 */
import { z } from 'zod';
import type { AnalysisResult, FindingDraft, VerdictTally } from '../analyze';
import { AccountIdSchema, type Finding } from '../model';
import type { Rule } from '../rules/rule';
import { type Exception, isExceptionActive, suppressionOf } from './exceptions';
import { FRAMEWORKS, type Framework } from './frameworks';
import { type FrameworkScore, type ScoreInput, scorePosture } from './score';

const isoDate = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const VerdictTallySchema = z.object({
  compliant: count,
  nonCompliant: count,
  insufficientData: count,
});

/** A framework's score without per-control detail: what the snapshot keeps for trends. */
export const ScoreSummarySchema = z.object({
  framework: z.string().min(1),
  applicable: count,
  passed: count,
  failed: count,
  score: z.number().min(0).max(1).nullable(),
});
export type ScoreSummary = z.infer<typeof ScoreSummarySchema>;

export const PostureSnapshotSchema = z.object({
  accountId: AccountIdSchema,
  /** When the analysis that wrote it ran. */
  analyzedAt: isoDate,
  /** Per rule that evidences a scored framework's control: this account's resources it judged, each way. */
  verdicts: z.record(z.string(), VerdictTallySchema),
  /** Each framework's score as the analysis computed it (suppressions as they stood then). */
  scores: z.array(ScoreSummarySchema),
});
export type PostureSnapshot = z.infer<typeof PostureSnapshotSchema>;

/** The rules posture scoring looks at: those that reference a control of one of `frameworks`. */
export function postureRules<R extends Pick<Rule, 'id' | 'references'>>(
  rules: readonly R[],
  frameworks: readonly Framework[] = FRAMEWORKS,
): R[] {
  const scored = new Set(frameworks.map((framework) => framework.id));
  return rules.filter((rule) => rule.references.some((reference) => scored.has(reference.framework)));
}

export interface BuildSnapshotOptions {
  /** The rules the analysis ran. */
  readonly rules: readonly Pick<Rule, 'id' | 'references'>[];
  /**
   * The findings after reconciliation (with their status), e.g. `currentFindings(previous, upserts)`.
   * Drafts are accepted too and count as open.
   */
  readonly findings: readonly (Finding | FindingDraft)[];
  /** The analysis clock. */
  readonly analyzedAt: Date;
  /**
   * Accounts the analysis covered: each gets a snapshot even when none of its resources was judged,
   * so a stale snapshot never outlives the resources it described. @default the accounts the result mentions
   */
  readonly accountIds?: readonly string[];
  /** @default FRAMEWORKS */
  readonly frameworks?: readonly Framework[];
}

/** One snapshot per account the analysis covered, from its result and the reconciled findings. */
export function buildPostureSnapshots(
  result: AnalysisResult,
  options: BuildSnapshotOptions,
): PostureSnapshot[] {
  const frameworks = options.frameworks ?? FRAMEWORKS;
  const rules = postureRules(options.rules, frameworks);
  const verdictsByAccount = result.verdictsByAccount ?? {};
  const accounts = new Set<string>(options.accountIds ?? []);
  for (const rule of rules) {
    for (const accountId of Object.keys(verdictsByAccount[rule.id] ?? {})) accounts.add(accountId);
  }
  const ruleIds = new Set(rules.map((rule) => rule.id));
  for (const finding of options.findings) if (ruleIds.has(finding.ruleId)) accounts.add(finding.accountId);

  const findingsByAccount = groupByAccount(options.findings);
  return [...accounts].sort().map((accountId) => {
    // Scored over the account's own findings: scorePosture would otherwise filter all of them per account.
    const input: ScoreInput = {
      rules,
      verdictsByAccount,
      findings: findingsByAccount.get(accountId) ?? [],
      now: options.analyzedAt,
    };
    const verdicts: Record<string, VerdictTally> = {};
    for (const rule of rules) {
      const tally = verdictsByAccount[rule.id]?.[accountId];
      if (tally) verdicts[rule.id] = { ...tally };
    }
    return {
      accountId,
      analyzedAt: options.analyzedAt.toISOString(),
      verdicts,
      scores: scorePosture(input, frameworks, accountId).map(summarize),
    };
  });
}

function groupByAccount<F extends { readonly accountId: string }>(findings: readonly F[]): Map<string, F[]> {
  const byAccount = new Map<string, F[]>();
  for (const finding of findings) {
    const list = byAccount.get(finding.accountId);
    if (list) list.push(finding);
    else byAccount.set(finding.accountId, [finding]);
  }
  return byAccount;
}

function summarize(score: FrameworkScore): ScoreSummary {
  return {
    framework: score.framework,
    applicable: score.applicable,
    passed: score.passed,
    failed: score.failed,
    score: score.score,
  };
}

/** Every finding after a reconciliation: the stored ones with this run's upserts written over them. */
export function currentFindings(previous: readonly Finding[], upserts: readonly Finding[]): Finding[] {
  const byId = new Map(previous.map((f) => [f.id, f]));
  for (const finding of upserts) byId.set(finding.id, finding);
  return [...byId.values()];
}

/**
 * Findings as they stand between reconciliations. A suppression counts only while an active
 * exception still grants it: one revoked or expired since the last analysis no longer hides its
 * finding, which is open again at once. A new exception takes effect at the next reconciliation
 * (which has the resource tags that tag-scoped exceptions need). Erring this way never hides a
 * problem that no exception covers.
 */
export function currentSuppressions(
  findings: readonly Finding[],
  exceptions: readonly Exception[],
  now: Date,
): Finding[] {
  const active = exceptions.filter((e) => isExceptionActive(e, now));
  return findings.map((finding) => {
    if (finding.status !== 'suppressed') return finding;
    let best: Exception | undefined;
    for (const exception of active) {
      if (!grants(exception, finding)) continue;
      if (!best || Date.parse(exception.expiresAt) > Date.parse(best.expiresAt)) best = exception;
    }
    const { suppression: _stale, ...rest } = finding;
    return best
      ? { ...rest, status: 'suppressed', suppression: suppressionOf(best) }
      : { ...rest, status: 'open' };
  });
}

/**
 * Whether `exception` can be what suppressed `finding`. A resource scope is checked directly; a tag
 * scope cannot be without the resource's tags, so it must be the very suppression the finding carries.
 */
function grants(exception: Exception, finding: Finding): boolean {
  if (exception.ruleId !== finding.ruleId) return false;
  if (exception.accountId !== undefined && exception.accountId !== finding.accountId) return false;
  if (exception.scope.kind === 'resource') return exception.scope.resourceId === finding.resourceId;
  const granted = suppressionOf(exception);
  return (
    finding.suppression?.reason === granted.reason &&
    finding.suppression.expiresAt === granted.expiresAt &&
    finding.suppression.by === granted.by
  );
}

/** The tallies of every snapshot, shaped as `AnalysisResult.verdictsByAccount` for `scorePosture`. */
export function verdictsOfSnapshots(
  snapshots: readonly PostureSnapshot[],
): Record<string, Record<string, VerdictTally>> {
  const verdicts: Record<string, Record<string, VerdictTally>> = {};
  for (const snapshot of snapshots) {
    for (const [ruleId, tally] of Object.entries(snapshot.verdicts)) {
      const perAccount = verdicts[ruleId] ?? {};
      perAccount[snapshot.accountId] = tally;
      verdicts[ruleId] = perAccount;
    }
  }
  return verdicts;
}

export interface AccountPosture {
  readonly accountId: string;
  readonly analyzedAt: string;
  readonly frameworks: readonly FrameworkScore[];
}

export interface Posture {
  /** Every snapshotted account together. */
  readonly organization: readonly FrameworkScore[];
  /** One entry per snapshot, sorted by account id. */
  readonly accounts: readonly AccountPosture[];
}

/**
 * Scores each snapshotted account, and all of them together, from the snapshots' tallies and the
 * findings as they are now (pass them through `currentSuppressions` first).
 */
export function postureOf(
  snapshots: readonly PostureSnapshot[],
  findings: readonly Finding[],
  rules: readonly Pick<Rule, 'id' | 'references'>[],
  now: Date,
  frameworks: readonly Framework[] = FRAMEWORKS,
): Posture {
  const input: ScoreInput = {
    rules: postureRules(rules, frameworks),
    verdictsByAccount: verdictsOfSnapshots(snapshots),
    findings,
    now,
  };
  const findingsByAccount = groupByAccount(findings);
  const accounts = [...snapshots]
    .sort((a, b) => a.accountId.localeCompare(b.accountId))
    .map((snapshot) => ({
      accountId: snapshot.accountId,
      analyzedAt: snapshot.analyzedAt,
      frameworks: scorePosture(
        { ...input, findings: findingsByAccount.get(snapshot.accountId) ?? [] },
        frameworks,
        snapshot.accountId,
      ),
    }));
  return { organization: scorePosture(input, frameworks), accounts };
}
