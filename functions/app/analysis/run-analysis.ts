import type { Logger } from '@aws-lambda-powertools/logger';
/**
 * The Analyze step, one account at a time: for each account it loads that account's resources (a
 * keyed Query), runs every rule (`ALL_RULES`: security, cost and reliability families) over them,
 * reconciles with that account's stored findings, writes only what changed and the account's
 * posture snapshot, then lets the account go. No invocation holds more than one account's resources.
 *
 * Every rule is account-local (related resources — target groups, snapshots, trails — are looked up
 * in the resource's own account), so an account judged alone gets exactly the verdicts it gets in
 * the whole inventory. The organization's posture is scored on read from the per-account snapshots
 * (`postureOf`). The one cross-account input is spend: anomalies are detected once per run over the
 * organization's daily account-service costs (accounts x services x days, independent of how many
 * resources there are), then each anomaly is reconciled with the account it is attributed to.
 * Runs after every scan (the scan state machine's last step) and after every utilization refresh.
 */
import { analyze, type FindingDraft, reconcileFindings } from '../../domain/analyze';
import { anomalyFindings, COST_ANOMALY_RULE_ID, detectCostAnomalies } from '../../domain/cost/anomaly';
import { addDays, utcDay } from '../../domain/cost/dates';
import { buildUtilizationLookup } from '../../domain/cost/metric-summary';
import { buildInventory } from '../../domain/inventory';
import type { Finding, FindingCategory, Resource } from '../../domain/model';
import type {
  CostStore,
  ExceptionStore,
  FindingStore,
  PostureStore,
  ResourceStore,
  UtilizationStore,
} from '../../domain/ports';
import type { Exception } from '../../domain/posture/exceptions';
import { buildPostureSnapshots, currentFindings } from '../../domain/posture/snapshot';
import type { PriceBook } from '../../domain/pricing';
import { ALL_RULES } from '../../domain/rules';
import { DEFAULT_RULE_SETTINGS, type Rule, type RuleSettings } from '../../domain/rules/rule';
import { type CollectedAt, collectionsByScope } from '../../domain/scan/last-collected';
import type { MetricSummary } from '../../domain/utilization';
import { checkAccountLedger, type LedgerCheckDependencies, type LedgerCheckResult } from './check-ledger';
import { loadAccount } from './load-account';

/** Days of spend judged for anomalies on each run (each needs 14 days of baseline before it). */
export const ANOMALY_DAYS = 7;
const ANOMALY_BASELINE_DAYS = 14;

export interface AnalysisDependencies {
  readonly resources: ResourceStore;
  /**
   * Every account that may hold resources (e.g. those the scan runs cover); an account with no
   * resource left is skipped, as the whole-inventory analysis never saw it.
   */
  readonly accountIds: () => Promise<readonly string[]>;
  readonly utilization: UtilizationStore;
  readonly findings: FindingStore;
  readonly prices: PriceBook;
  /**
   * Fetches the prices the inventory needs before the (synchronous) rules run: the Price List book's
   * `prime`. @default none (a static book needs no priming)
   */
  readonly primePrices?: (resources: readonly Resource[]) => Promise<unknown>;
  /** Exceptions decide suppression when given. @default none (suppressions already stored are kept) */
  readonly exceptions?: ExceptionStore;
  /** Per-account posture snapshots (verdict tallies and scores) for the posture API. @default none */
  readonly posture?: PostureStore;
  /** Daily cost records for spend anomaly detection. @default none (no anomaly findings) */
  readonly costs?: CostStore;
  /**
   * The realized savings ledger, re-checked per account against its fresh inventory.
   * @default none (entries are not checked)
   */
  readonly ledger?: LedgerCheckDependencies;
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** @default DEFAULT_RULE_SETTINGS */
  readonly settings?: RuleSettings;
  readonly now: () => Date;
  readonly logger?: Pick<Logger, 'info'>;
}

export interface AnalysisSummary {
  readonly resources: number;
  readonly rules: number;
  readonly findings: number;
  readonly anomalies: number;
  readonly insufficientData: number;
  readonly opened: number;
  readonly resolved: number;
  readonly unchanged: number;
  /** Finding items written: new, changed and resolved ones only. */
  readonly written: number;
  readonly monthlySavingsUsd: number;
  /** Ledger entries checked, found reverted and written; absent without a ledger. */
  readonly ledger?: LedgerCheckResult;
}

interface AnomalyWindow {
  readonly drafts: readonly FindingDraft[];
  readonly from: string;
  readonly to: string;
  /** Accounts with spend in the records judged: every account an anomaly of the window can be in. */
  readonly accounts: ReadonlySet<string>;
}

async function anomalyWindow(costs: CostStore, now: Date): Promise<AnomalyWindow> {
  // Today is billed only for the hours elapsed: judging it would flag nothing and miss nothing.
  const to = addDays(utcDay(now), -1);
  const from = addDays(to, -(ANOMALY_DAYS - 1));
  const records = await costs.records('account-service', addDays(from, -ANOMALY_BASELINE_DAYS), to);
  const anomalies = detectCostAnomalies(records, { from, to, baselineDays: ANOMALY_BASELINE_DAYS });
  const accounts = new Set<string>();
  for (const record of records) if (record.series === 'account-service') accounts.add(record.accountId);
  const drafts = anomalyFindings(anomalies);
  for (const draft of drafts) accounts.add(draft.accountId);
  return { drafts, from, to, accounts };
}

/** What the run shares across accounts: read once, small next to the resources. */
interface RunContext {
  readonly now: Date;
  readonly rules: readonly Rule[];
  readonly ruleIds: ReadonlySet<string>;
  readonly categories: readonly FindingCategory[];
  readonly settings: RuleSettings;
  readonly utilization: ReadonlyMap<string, readonly MetricSummary[]>;
  readonly exceptions?: readonly Exception[];
  readonly anomalies?: AnomalyWindow;
  readonly anomaliesByAccount: ReadonlyMap<string, readonly FindingDraft[]>;
  /** Per scope, when each type was last collected: what a ledger check may trust. */
  readonly collections?: ReadonlyMap<string, CollectedAt>;
}

/** One account's part of the run. */
export interface AccountAnalysis {
  readonly accountId: string;
  readonly resources: number;
  readonly findings: number;
  readonly anomalies: number;
  readonly insufficientData: number;
  readonly opened: number;
  readonly resolved: number;
  readonly unchanged: number;
  readonly written: number;
  readonly savingsUsd: number;
  readonly ledger?: LedgerCheckResult;
}

async function analyzeAccount(
  accountId: string,
  dependencies: AnalysisDependencies,
  run: RunContext,
): Promise<AccountAnalysis> {
  const resources = await loadAccount(dependencies.resources, accountId);
  const anomalyDrafts = run.anomaliesByAccount.get(accountId) ?? [];
  const judged = resources.length > 0;
  if (judged) await dependencies.primePrices?.(resources);
  const result = judged
    ? analyze(resources, run.rules, {
        now: run.now,
        inventory: buildInventory(resources),
        utilization: buildUtilizationLookup(
          resources.flatMap((resource) => run.utilization.get(resource.id) ?? []),
        ),
        prices: dependencies.prices,
        settings: run.settings,
      })
    : undefined;
  const drafts = [...(result?.findings ?? []), ...anomalyDrafts];
  const categories = new Set<string>(run.categories);
  const previous = (await dependencies.findings.listByAccount(accountId)).filter((f) =>
    categories.has(f.category),
  );

  // Only what this run judged may be resolved: its rules in this account when it has resources,
  // and anomalies of the days it looked at.
  const anomalies = run.anomalies;
  const scope = (finding: Finding) => {
    if (finding.ruleId === COST_ANOMALY_RULE_ID) {
      const date = finding.evidence.date;
      return (
        anomalies !== undefined && typeof date === 'string' && date >= anomalies.from && date <= anomalies.to
      );
    }
    return judged && run.ruleIds.has(finding.ruleId);
  };
  const tags = new Map(resources.map((r) => [r.id, r.tags]));
  const changes = reconcileFindings(
    previous,
    drafts,
    run.now,
    scope,
    run.exceptions ? { exceptions: run.exceptions, tagsOf: (id) => tags.get(id) } : undefined,
  );
  const written = changes.upserts.length > 0 ? await dependencies.findings.putMany(changes.upserts) : 0;
  if (result) {
    await dependencies.posture?.putMany(
      buildPostureSnapshots(result, {
        rules: run.rules,
        findings: currentFindings(previous, changes.upserts),
        analyzedAt: run.now,
        accountIds: [accountId],
      }),
    );
  }
  const ledger =
    dependencies.ledger && run.collections
      ? await checkAccountLedger({
          accountId,
          resources,
          drafts,
          collections: run.collections,
          store: dependencies.ledger.store,
          costs: dependencies.costs,
          now: run.now,
        })
      : undefined;
  return {
    accountId,
    ...(ledger ? { ledger } : {}),
    resources: resources.length,
    findings: drafts.length,
    anomalies: anomalyDrafts.length,
    insufficientData: result?.insufficientData.length ?? 0,
    opened: changes.opened.length,
    resolved: changes.resolved.length,
    unchanged: changes.unchanged,
    written,
    savingsUsd: drafts.reduce((total, f) => total + (f.monthlySavingsUsd ?? 0), 0),
  };
}

export async function runAnalysis(dependencies: AnalysisDependencies): Promise<AnalysisSummary> {
  const now = dependencies.now();
  const rules = dependencies.rules ?? ALL_RULES;
  const anomalies = dependencies.costs ? await anomalyWindow(dependencies.costs, now) : undefined;
  const categories = new Set<FindingCategory>(rules.map((r) => r.category));
  if (anomalies) categories.add('cost');
  const utilization = new Map<string, readonly MetricSummary[]>();
  for (const entry of await dependencies.utilization.listAll(now)) {
    utilization.set(entry.resourceId, entry.summaries);
  }
  const anomaliesByAccount = new Map<string, FindingDraft[]>();
  for (const draft of anomalies?.drafts ?? []) {
    const list = anomaliesByAccount.get(draft.accountId);
    if (list) list.push(draft);
    else anomaliesByAccount.set(draft.accountId, [draft]);
  }
  const run: RunContext = {
    now,
    rules,
    ruleIds: new Set(rules.map((r) => r.id)),
    categories: [...categories],
    settings: dependencies.settings ?? DEFAULT_RULE_SETTINGS,
    utilization,
    exceptions: dependencies.exceptions ? await dependencies.exceptions.list() : undefined,
    anomalies,
    anomaliesByAccount,
    ...(dependencies.ledger
      ? { collections: collectionsByScope(await dependencies.ledger.lastCollected()) }
      : {}),
  };
  const accounts = new Set(await dependencies.accountIds());
  for (const accountId of anomalies?.accounts ?? []) accounts.add(accountId);

  // One account at a time: its resources are released before the next account's are read.
  const parts: AccountAnalysis[] = [];
  for (const accountId of [...accounts].sort())
    parts.push(await analyzeAccount(accountId, dependencies, run));

  const total = (pick: (part: AccountAnalysis) => number) => parts.reduce((sum, part) => sum + pick(part), 0);
  const summary: AnalysisSummary = {
    resources: total((p) => p.resources),
    rules: rules.length,
    findings: total((p) => p.findings),
    anomalies: anomalies?.drafts.length ?? 0,
    insufficientData: total((p) => p.insufficientData),
    opened: total((p) => p.opened),
    resolved: total((p) => p.resolved),
    unchanged: total((p) => p.unchanged),
    written: total((p) => p.written),
    monthlySavingsUsd: Math.round(total((p) => p.savingsUsd) * 100) / 100,
    ...(dependencies.ledger
      ? {
          ledger: {
            checked: total((p) => p.ledger?.checked ?? 0),
            reverted: total((p) => p.ledger?.reverted ?? 0),
            written: total((p) => p.ledger?.written ?? 0),
          },
        }
      : {}),
  };
  dependencies.logger?.info('analysis completed', { ...summary, accounts: parts.length });
  return summary;
}
