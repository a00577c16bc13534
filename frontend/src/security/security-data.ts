/** Data shaping for the security page and report. */
import type { ExceptionEffect, PostureControl, PostureFramework } from '../api/security';
import type { Tone } from '../components/tone';

const STATUS_ORDER: Readonly<Record<PostureControl['status'], number>> = {
  failed: 0,
  passed: 1,
  'not-applicable': 2,
};

/** Failed controls first (most failing resources first), then passed, then not applicable; by id within. */
export function sortControls(controls: readonly PostureControl[]): PostureControl[] {
  return [...controls].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      b.failingCount - a.failingCount ||
      compareControlIds(a.control, b.control),
  );
}

/** `1.4` < `1.10` < `2.1.4`; `EC2.2` < `EC2.19` < `IAM.3`. */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** A score's colour: 90% and above good, 70% and above needs attention, below that bad. */
export function scoreTone(score: number | null): Tone {
  if (score === null) return 'neutral';
  if (score >= 0.9) return 'good';
  if (score >= 0.7) return 'warn';
  return 'bad';
}

/** `83%`, or `n/a` when no control applied. */
export function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${Math.round(score * 100)}%`;
}

/** The short name people use for a framework (`CIS 3.0.0`, `AWS FSBP`). */
export function frameworkShortName(framework: Pick<PostureFramework, 'framework' | 'name'>): string {
  if (framework.framework.startsWith('cis-aws-foundations-')) {
    return `CIS AWS Foundations ${framework.framework.slice('cis-aws-foundations-'.length)}`;
  }
  if (framework.framework === 'aws-fsbp') return 'AWS FSBP';
  return framework.name;
}

/** The frameworks to show: the organization's when present, otherwise the only account's. */
export function frameworksOf(posture: {
  readonly organization: readonly PostureFramework[] | null;
  readonly accounts: readonly { readonly frameworks: readonly PostureFramework[] }[];
}): readonly PostureFramework[] {
  return posture.organization ?? posture.accounts[0]?.frameworks ?? [];
}

/** `YYYY-MM-DD` `days` after `now`, for an expiry picker's default. */
export function dateAfter(now: number, days: number): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}

/** An expiry date from a date picker as the end of that day in UTC. */
export function expiryOf(day: string): string {
  return `${day}T23:59:59.000Z`;
}

/** What an exception change did, for the admin who made it: `3 findings suppressed now.` */
export function effectText(effect: ExceptionEffect | undefined, change: 'created' | 'revoked'): string {
  if (!effect || effect.appliedAt === null)
    return 'It takes effect at the next analysis (after the next scan).';
  const count = change === 'created' ? effect.suppressed : effect.reopened;
  const noun = count === 1 ? 'finding' : 'findings';
  if (change === 'created')
    return count === 0
      ? 'Applied now: no open finding matches it yet; future ones will be suppressed.'
      : `Applied now: ${count} ${noun} suppressed.`;
  return count === 0
    ? 'Applied now: no finding was suppressed by it.'
    : `Applied now: ${count} ${noun} reopened.`;
}
