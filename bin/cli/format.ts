import { type AnalysisResult, type FindingDraft, reconcileFindings } from '../../functions/domain/analyze';
import { compareSeverity, type Resource, type ScanRun } from '../../functions/domain/model';
import { FRAMEWORKS } from '../../functions/domain/posture/frameworks';
import { postureReport } from '../../functions/domain/posture/report';
import { type FrameworkScore, scorePosturePerAccount } from '../../functions/domain/posture/score';
import { ALL_RULES } from '../../functions/domain/rules';
import type { Rule } from '../../functions/domain/rules/rule';
import {
  type WithRemediation,
  withRemediation,
} from '../../functions/domain/rules/support/remediation-advice';

/** Account names by id, from Organizations' ListAccounts (or the fleet); an account may have none. */
export type AccountNames = ReadonlyMap<string, string>;

/** What the report says beyond the analysis: account names and whether utilization was read. */
export interface ReportContext {
  readonly accounts: AccountNames;
  readonly utilization: { readonly read: true; readonly failedScopes: number } | { readonly read: false };
}

/** `name (id)` when the account has a name, else the id: how accounts are shown everywhere. */
export function accountLabel(accountId: string, accounts: AccountNames): string {
  const name = accounts.get(accountId);
  return name ? `${name} (${accountId})` : accountId;
}

const money = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Findings most severe first, then by rule and resource, so output is stable between runs; each with
 * its rule's remediation, as the API reports them.
 */
function sortedFindings(analysis: AnalysisResult): WithRemediation<FindingDraft>[] {
  const sorted = [...analysis.findings].sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.resourceId.localeCompare(b.resourceId),
  );
  return withRemediation(sorted, ALL_RULES);
}

/** The rules that could not judge some resources, with how many, most resources first. */
function checksWithoutData(analysis: AnalysisResult): { ruleId: string; resources: number }[] {
  const byRule = new Map<string, number>();
  for (const item of analysis.insufficientData) byRule.set(item.ruleId, (byRule.get(item.ruleId) ?? 0) + 1);
  return [...byRule.entries()]
    .map(([ruleId, resources]) => ({ ruleId, resources }))
    .sort((a, b) => b.resources - a.resources || a.ruleId.localeCompare(b.ruleId));
}

function summarize(analysis: AnalysisResult, context: ReportContext) {
  const bySeverity: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let monthlySavingsUsd = 0;
  for (const finding of analysis.findings) {
    bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
    byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    monthlySavingsUsd += finding.monthlySavingsUsd ?? 0;
  }
  return {
    findings: analysis.findings.length,
    bySeverity,
    byCategory,
    monthlySavingsUsd: Math.round(monthlySavingsUsd * 100) / 100,
    insufficientData: analysis.insufficientData.length,
    /** Per rule, the resources it lacked data for (`insufficientData` lists each with its reason). */
    checksWithoutData: checksWithoutData(analysis),
    utilization: context.utilization,
  };
}

/** CIS AWS Foundations and AWS FSBP scores per account, from this run's verdicts and findings. */
export function postureScores(
  analysis: AnalysisResult,
  rules: readonly Rule[],
): Readonly<Record<string, FrameworkScore[]>> {
  return scorePosturePerAccount(
    { rules, verdictsByAccount: analysis.verdictsByAccount ?? {}, findings: analysis.findings },
    FRAMEWORKS,
  );
}

/** `{ accounts, resources, scans, findings, posture, summary, insufficientData }`, pretty-printed. */
export function formatJson(
  resources: readonly Resource[],
  scans: readonly ScanRun[],
  analysis: AnalysisResult,
  posture: Readonly<Record<string, FrameworkScore[]>>,
  context: ReportContext,
): string {
  const accountIds = [...new Set(scans.map((scan) => scan.accountId))].sort();
  return `${JSON.stringify(
    {
      accounts: accountIds.map((accountId) => ({
        accountId,
        ...(context.accounts.has(accountId) ? { name: context.accounts.get(accountId) } : {}),
      })),
      resources,
      scans,
      findings: sortedFindings(analysis),
      posture,
      summary: summarize(analysis, context),
      insufficientData: analysis.insufficientData,
    },
    null,
    2,
  )}\n`;
}

/**
 * The security and compliance posture report as CSV (the same report the API exports): this run's
 * findings, all open, first seen now.
 */
export function formatCsv(analysis: AnalysisResult, now: Date, accountId?: string): string {
  const posture = analysis.findings.filter((f) => f.category === 'security' || f.category === 'compliance');
  const findings = reconcileFindings([], posture, now, () => true).opened;
  return postureReport(withRemediation(findings, ALL_RULES), [], {
    generatedAt: now.toISOString(),
    ...(accountId ? { accountId } : {}),
  }).csv;
}

function alignedTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map(line)];
}

const nativeId = (id: string) => id.split(/[/:]/).at(-1) ?? id;

/**
 * The inventory, one line per resource in aligned columns (accounts as `name (id)`, the id is the
 * native id, the ARN's last part), then the findings, most severe first, then the totals and the
 * checks that lacked data.
 */
export function formatTable(
  resources: readonly Resource[],
  scans: readonly ScanRun[],
  analysis: AnalysisResult,
  context: ReportContext,
): string {
  const label = (accountId: string) => accountLabel(accountId, context.accounts);
  const inventory = alignedTable(
    ['ACCOUNT', 'REGION', 'TYPE', 'ID', 'NAME', 'STATE'],
    resources.map((r) => [label(r.accountId), r.region, r.type, nativeId(r.id), r.name, r.state]),
  );
  const findings = sortedFindings(analysis);
  const findingLines = alignedTable(
    ['SEVERITY', 'RULE', 'ACCOUNT', 'REGION', 'RESOURCE', 'SAVING/MO', 'TITLE'],
    findings.map((f) => [
      f.severity,
      f.ruleId,
      label(f.accountId),
      f.region,
      nativeId(f.resourceId),
      f.monthlySavingsUsd === undefined ? '' : money(f.monthlySavingsUsd),
      f.title,
    ]),
  );
  const summary = summarize(analysis, context);
  const withoutData = summary.checksWithoutData;
  const why = !context.utilization.read
    ? ' (utilization not read: --no-utilization)'
    : context.utilization.failedScopes > 0
      ? ` (utilization not read in ${count(context.utilization.failedScopes)} account/region scope(s), see stderr)`
      : '';
  const incomplete = scans.filter((scan) => scan.status !== 'succeeded').length;
  // One line of advice per rule that found something, in the order the findings are listed.
  const advice = new Map(
    findings.flatMap((f) => (f.remediation ? [[f.ruleId, f.remediation] as const] : [])),
  );
  return [
    ...inventory,
    `${count(resources.length)} resource(s)` +
      (incomplete === 0
        ? ''
        : `; ${count(incomplete)} of ${count(scans.length)} job(s) failed or were partial, so this inventory is incomplete (reasons on stderr)`),
    '',
    ...findingLines,
    `${count(summary.findings)} finding(s), potential savings ${money(summary.monthlySavingsUsd)}/month`,
    withoutData.length === 0
      ? 'Every check had the data it needs.'
      : `Checks without enough data${why}: ${withoutData
          .map((c) => `${c.ruleId} (${count(c.resources)} resource(s))`)
          .join(', ')}`,
    ...(advice.size === 0
      ? []
      : ['', 'WHAT TO DO', ...[...advice].map(([ruleId, text]) => `${ruleId}: ${text}`)]),
    '',
  ].join('\n');
}
