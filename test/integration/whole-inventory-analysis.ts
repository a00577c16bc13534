/**
 * The reference the per-account analysis is proven against: the Analyze step as it was before it went
 * per account (commit f219499), loading the whole inventory into one invocation and judging it at once.
 * Kept only here, verbatim but for its imports, so the equivalence test compares against the real thing.
 */

import { loadInventory } from '../../functions/app/analysis/load-inventory';
import type { AnalysisDependencies, AnalysisSummary } from '../../functions/app/analysis/run-analysis';
import { analyze, type FindingDraft, reconcileFindings } from '../../functions/domain/analyze';
import {
  anomalyFindings,
  COST_ANOMALY_RULE_ID,
  detectCostAnomalies,
} from '../../functions/domain/cost/anomaly';
import { addDays, utcDay } from '../../functions/domain/cost/dates';
import { buildUtilizationLookup } from '../../functions/domain/cost/metric-summary';
import { buildInventory } from '../../functions/domain/inventory';
import type { Finding, FindingCategory } from '../../functions/domain/model';
import type { CostStore } from '../../functions/domain/ports';
import { buildPostureSnapshots, currentFindings } from '../../functions/domain/posture/snapshot';
import { ALL_RULES } from '../../functions/domain/rules';
import { DEFAULT_RULE_SETTINGS } from '../../functions/domain/rules/rule';

const ANOMALY_DAYS = 7;
const ANOMALY_BASELINE_DAYS = 14;

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

export async function wholeInventoryAnalysis(
  dependencies: Omit<AnalysisDependencies, 'accountIds'>,
): Promise<AnalysisSummary> {
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
