import { z } from 'zod';
import {
  AccountIdSchema,
  compareSeverity,
  type Finding,
  FindingStatusSchema,
  SEVERITY_ORDER,
  type Severity,
  zeroPerSeverity,
} from '../../domain/model';
import { FRAMEWORKS } from '../../domain/posture/frameworks';
import type { SecurityFindingCounts } from '../../shared/contract/api';
import { offsetCursor } from '../../shared/cursor';
import { ValidationError } from '../../shared/errors';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';
import { loadPostureFindings, SECURITY_RULE_IDS } from './posture-findings';
import { reportedFindings } from './reported-findings';

export const MAX_SECURITY_FINDINGS_PAGE_SIZE = 1000;
export const DEFAULT_SECURITY_FINDINGS_PAGE_SIZE = 200;

const SEVERITIES = SEVERITY_ORDER;
const FRAMEWORK_IDS = FRAMEWORKS.map((framework) => framework.id) as [string, ...string[]];

const ListSecurityFindingsQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
  ruleId: z
    .enum(SECURITY_RULE_IDS as [string, ...string[]], { error: 'must be the id of a security check' })
    .optional(),
  /** Absent: open and suppressed findings (everything not resolved). */
  status: z
    .enum(FindingStatusSchema.options, { error: `must be one of ${FindingStatusSchema.options.join(', ')}` })
    .optional(),
  framework: z.enum(FRAMEWORK_IDS, { error: `must be one of ${FRAMEWORK_IDS.join(', ')}` }).optional(),
  limit: integerParameter(1, MAX_SECURITY_FINDINGS_PAGE_SIZE, DEFAULT_SECURITY_FINDINGS_PAGE_SIZE),
  cursor: cursorParameter,
});

export function countFindings(findings: readonly Finding[]): SecurityFindingCounts {
  const bySeverity = zeroPerSeverity();
  const byStatus = Object.fromEntries(FindingStatusSchema.options.map((s) => [s, 0])) as Record<
    Finding['status'],
    number
  >;
  const byAccount = new Map<string, number>();
  const byCheck = new Map<string, { ruleId: string; severity: Severity; count: number }>();
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    byStatus[finding.status]++;
    byAccount.set(finding.accountId, (byAccount.get(finding.accountId) ?? 0) + 1);
    const check = byCheck.get(finding.ruleId);
    if (!check) byCheck.set(finding.ruleId, { ruleId: finding.ruleId, severity: finding.severity, count: 1 });
    else {
      check.count++;
      // A check's row shows the worst severity any of its findings carries.
      if (compareSeverity(finding.severity, check.severity) < 0) check.severity = finding.severity;
    }
  }
  return {
    total: findings.length,
    bySeverity,
    byStatus,
    byAccount: [...byAccount.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([accountId, count]) => ({ accountId, count })),
    byCheck: [...byCheck.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
  };
}

const byImportance = (a: Finding, b: Finding) =>
  compareSeverity(a.severity, b.severity) ||
  a.accountId.localeCompare(b.accountId) ||
  a.id.localeCompare(b.id);

/**
 * `GET /security/findings`: security and compliance findings, filtered, most severe first, one page
 * at a time, with counts over every matching finding (not just the page).
 */
export const listSecurityFindings: Operation<'listSecurityFindings'> = async (request, dependencies) => {
  const query = parseInput(ListSecurityFindingsQuerySchema, request.query);
  const findings = await loadPostureFindings(dependencies, query.accountId, new Date());
  const matching = findings
    .filter(
      (f) =>
        (query.status === undefined ? f.status !== 'resolved' : f.status === query.status) &&
        (query.severity === undefined || f.severity === query.severity) &&
        (query.ruleId === undefined || f.ruleId === query.ruleId) &&
        (query.framework === undefined || f.references.some((r) => r.framework === query.framework)),
    )
    .sort(byImportance);
  const offset = offsetCursor.decode(query.cursor);
  if (offset > matching.length) {
    throw new ValidationError([{ parameter: 'cursor', message: 'is past the last page' }]);
  }
  const items = reportedFindings(matching.slice(offset, offset + query.limit));
  const next = offset + items.length;
  return {
    body: {
      items,
      counts: countFindings(matching),
      ...(next < matching.length ? { nextCursor: offsetCursor.encode(next) } : {}),
    },
  };
};
