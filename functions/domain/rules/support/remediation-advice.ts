/**
 * Each rule's remediation advice, attached to the findings it raised so a person reading a finding
 * (in the API, the export, the CLI or the dashboard) also reads what to do about it. The text stays
 * on the rule, not in stored findings: rewording advice rewrites nothing.
 */
import type { Rule } from '../rule';

/** A finding-like value with its rule's `remediation`, absent when no registered rule has its id. */
export type WithRemediation<F> = F & { readonly remediation?: string };

export function withRemediation<F extends { readonly ruleId: string }>(
  findings: readonly F[],
  rules: readonly Pick<Rule, 'id' | 'remediation'>[],
): WithRemediation<F>[] {
  const advice = new Map(rules.map((rule) => [rule.id, rule.remediation]));
  return findings.map((finding) => {
    const remediation = advice.get(finding.ruleId);
    return remediation === undefined ? finding : { ...finding, remediation };
  });
}
