import { type AnalysisResult, type FindingDraft, reconcileFindings } from '../../functions/domain/analyze';
import type { Resource, ScanRun, Severity } from '../../functions/domain/model';
import { FRAMEWORKS } from '../../functions/domain/posture/frameworks';
import { postureReport } from '../../functions/domain/posture/report';
import { type FrameworkScore, scorePosturePerAccount } from '../../functions/domain/posture/score';
import type { Rule } from '../../functions/domain/rules/rule';

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'informational'];

/** Findings most severe first, then by rule and resource, so output is stable between runs. */
function sortedFindings(analysis: AnalysisResult): FindingDraft[] {
  return [...analysis.findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.resourceId.localeCompare(b.resourceId),
  );
}

function summarize(analysis: AnalysisResult) {
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

/** `{ resources, scans, findings, posture, summary, insufficientData }`, pretty-printed. */
export function formatJson(
  resources: readonly Resource[],
  scans: readonly ScanRun[],
  analysis: AnalysisResult,
  posture: Readonly<Record<string, FrameworkScore[]>>,
): string {
  return `${JSON.stringify(
    {
      resources,
      scans,
      findings: sortedFindings(analysis),
      posture,
      summary: summarize(analysis),
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
  return postureReport(findings, [], { generatedAt: now.toISOString(), ...(accountId ? { accountId } : {}) })
    .csv;
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
 * The inventory, one line per resource in aligned columns (the id is the native id, the ARN's last
 * part), then the findings, most severe first.
 */
export function formatTable(resources: readonly Resource[], analysis: AnalysisResult): string {
  const inventory = alignedTable(
    ['ACCOUNT', 'REGION', 'TYPE', 'ID', 'NAME', 'STATE'],
    resources.map((r) => [r.accountId, r.region, r.type, nativeId(r.id), r.name, r.state]),
  );
  const findings = sortedFindings(analysis);
  const findingLines = alignedTable(
    ['SEVERITY', 'RULE', 'ACCOUNT', 'REGION', 'RESOURCE', 'SAVING/MO', 'TITLE'],
    findings.map((f) => [
      f.severity,
      f.ruleId,
      f.accountId,
      f.region,
      nativeId(f.resourceId),
      f.monthlySavingsUsd === undefined ? '' : `$${f.monthlySavingsUsd.toFixed(2)}`,
      f.title,
    ]),
  );
  const summary = summarize(analysis);
  return [
    ...inventory,
    `${resources.length} resource(s)`,
    '',
    ...findingLines,
    `${summary.findings} finding(s), potential savings $${summary.monthlySavingsUsd.toFixed(2)}/month, ` +
      `${summary.insufficientData} check(s) without enough data`,
    '',
  ].join('\n');
}
