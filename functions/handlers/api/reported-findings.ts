import type { Finding } from '../../domain/model';
import { ALL_RULES } from '../../domain/rules';
import { withRemediation } from '../../domain/rules/support/remediation-advice';
import type { ReportedFinding } from '../../shared/contract/api';

/** Findings as the API reports them: each with its rule's remediation advice. */
export function reportedFindings(findings: readonly Finding[]): ReportedFinding[] {
  return withRemediation(findings, ALL_RULES);
}
