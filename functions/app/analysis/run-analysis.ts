import type { Logger } from '@aws-lambda-powertools/logger';
/**
 * The Analyze step: loads the inventory, the utilization summaries and the prices, runs every rule
 * (`ALL_RULES`: security, cost and reliability families) and the spend anomaly detector, then
 * reconciles with the stored findings and writes only what changed. Runs after every scan (the scan
 * state machine's last step) and after every utilization refresh.
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
import { buildPostureSnapshots, currentFindings } from '../../domain/posture/snapshot';
import type { PriceBook } from '../../domain/pricing';
import { ALL_RULES } from '../../domain/rules';
import { DEFAULT_RULE_SETTINGS, type Rule, type RuleSettings } from '../../domain/rules/rule';
import { loadInventory } from './load-inventory';

/** Days of spend judged for anomalies on each run (each needs 14 days of baseline before it). */
export const ANOMALY_DAYS = 7;
const ANOMALY_BASELINE_DAYS = 14;

export interface AnalysisDependencies {
  readonly resources: ResourceStore;
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
}

async function anomalyDrafts(
  costs: CostStore,
  now: Date,
): Promise<{ drafts: FindingDraft[]; from: string; to: string }> {
  // Today is billed only for the hours elapsed: judging it would flag nothing and miss nothing.
  const to = addDays(utcDay(now), -1);
  const from = addDays(to, -(ANOMALY_DAYS - 1));
  const records = await costs.records('account-service', addDays(from, -ANOMALY_BASELINE_DAYS), to);
  const anomalies = detectCostAnomalies(records, { from, to, baselineDays: ANOMALY_BASELINE_DAYS });
  return { drafts: anomalyFindings(anomalies), from, to };
}

export async function runAnalysis(dependencies: AnalysisDependencies): Promise<AnalysisSummary> {
  const now = dependencies.now();
  const rules = dependencies.rules ?? ALL_RULES;
  const resources = await loadInventory(dependencies.resources);
  await dependencies.primePrices?.(resources);
  const utilization = await dependencies.utilization.listAll(now);
  const result = analyze(resources, rules, {
    now,
    inventory: buildInventory(resources),
    utilization: buildUtilizationLookup(utilization.flatMap((u) => u.summaries)),
    prices: dependencies.prices,
    settings: dependencies.settings ?? DEFAULT_RULE_SETTINGS,
  });

  const anomalies = dependencies.costs ? await anomalyDrafts(dependencies.costs, now) : undefined;
  const drafts = [...result.findings, ...(anomalies?.drafts ?? [])];
  const categories = new Set<FindingCategory>(rules.map((r) => r.category));
  if (anomalies) categories.add('cost');
  const previous = (
    await Promise.all([...categories].map((c) => dependencies.findings.listByCategory(c)))
  ).flat();

  // Only what this run judged may be resolved: its rules in the accounts it saw, and anomalies of
  // the days it looked at.
  const ruleIds = new Set(rules.map((r) => r.id));
  const accounts = new Set(resources.map((r) => r.accountId));
  const scope = (finding: Finding) => {
    if (finding.ruleId === COST_ANOMALY_RULE_ID) {
      const date = finding.evidence.date;
      return (
        anomalies !== undefined && typeof date === 'string' && date >= anomalies.from && date <= anomalies.to
      );
    }
    return ruleIds.has(finding.ruleId) && accounts.has(finding.accountId);
  };
  const tags = new Map(resources.map((r) => [r.id, r.tags]));
  const exceptions = dependencies.exceptions ? await dependencies.exceptions.list() : undefined;
  const changes = reconcileFindings(
    previous,
    drafts,
    now,
    scope,
    exceptions ? { exceptions, tagsOf: (id) => tags.get(id) } : undefined,
  );
  const written = changes.upserts.length > 0 ? await dependencies.findings.putMany(changes.upserts) : 0;
  await dependencies.posture?.putMany(
    buildPostureSnapshots(result, {
      rules,
      findings: currentFindings(previous, changes.upserts),
      analyzedAt: now,
      accountIds: [...accounts],
    }),
  );
  const summary: AnalysisSummary = {
    resources: resources.length,
    rules: rules.length,
    findings: drafts.length,
    anomalies: anomalies?.drafts.length ?? 0,
    insufficientData: result.insufficientData.length,
    opened: changes.opened.length,
    resolved: changes.resolved.length,
    unchanged: changes.unchanged,
    written,
    monthlySavingsUsd:
      Math.round(drafts.reduce((total, f) => total + (f.monthlySavingsUsd ?? 0), 0) * 100) / 100,
  };
  dependencies.logger?.info('analysis completed', { ...summary });
  return summary;
}
