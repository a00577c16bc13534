import { z } from 'zod';
import {
  AccountIdSchema,
  type Finding,
  FindingStatusSchema,
  type Severity,
  SeveritySchema,
} from '../../domain/model';
import { FRAMEWORKS } from '../../domain/posture/frameworks';
import { offsetCursor } from '../../shared/cursor';
import { ValidationError } from '../../shared/errors';
import type { Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';
import { loadPostureFindings, SECURITY_RULE_IDS } from './posture-findings';

export const MAX_SECURITY_FINDINGS_PAGE_SIZE = 1000;
export const DEFAULT_SECURITY_FINDINGS_PAGE_SIZE = 200;

const SEVERITIES = SeveritySchema.options;
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

/** How many of the matching findings fall in each severity, account, check and status. */
export interface SecurityFindingCounts {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byStatus: Readonly<Record<Finding['status'], number>>;
  /** Sorted by account id. */
  readonly byAccount: readonly { readonly accountId: string; readonly count: number }[];
  /** Most findings first. */
  readonly byCheck: readonly {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly count: number;
  }[];
}

const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

export function countFindings(findings: readonly Finding[]): SecurityFindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
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
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[check.severity]) check.severity = finding.severity;
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
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
  a.accountId.localeCompare(b.accountId) ||
  a.id.localeCompare(b.id);

/**
 * `GET /security/findings`: security and compliance findings, filtered, most severe first, one page
 * at a time, with counts over every matching finding (not just the page).
 */
export const listSecurityFindings: Operation = async (request, dependencies) => {
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
  const items = matching.slice(offset, offset + query.limit);
  const next = offset + items.length;
  return {
    body: {
      items,
      counts: countFindings(matching),
      ...(next < matching.length ? { nextCursor: offsetCursor.encode(next) } : {}),
    },
  };
};
