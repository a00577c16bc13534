/**
 * Daily and weekly digests: read what changed since the previous digest of the same kind and every
 * exception (the domain keeps those about to expire), build it (pure), publish it to the email
 * topic unless it is empty, and remember when it went out.
 */
import type { Alert } from '../../domain/alerts/alert';
import { buildDigest, type Digest } from '../../domain/alerts/digest';
import type {
  AlertStore,
  CostSummarySource,
  DigestKind,
  DigestMarkStore,
  Notifier,
} from '../../domain/alerts/ports';
import { FindingCategorySchema } from '../../domain/model';
import type { ExceptionStore, FindingStore, ScanRunStore } from '../../domain/ports';

export interface DigestDependencies {
  readonly alerts: AlertStore;
  readonly findings: Pick<FindingStore, 'listByCategory'>;
  readonly marks: DigestMarkStore;
  readonly notifier: Notifier;
  /** Cost data, where a cost store exists. @default none: the digest has no cost section */
  readonly cost?: CostSummarySource;
  /** Exceptions, for the reminder of those about to expire. */
  readonly exceptions: Pick<ExceptionStore, 'list'>;
  readonly dashboardUrl: string;
  /** The latest scan runs, whose account names the digest shows. @default none: accounts by id */
  readonly scanRuns?: Pick<ScanRunStore, 'latestPerScope'>;
  readonly now: Date;
}

/** Account names as the latest named run of each account carried them. */
async function accountNames(scanRuns: DigestDependencies['scanRuns']): Promise<Map<string, string>> {
  const names = new Map<string, { name: string; at: string }>();
  for (const run of scanRuns ? await scanRuns.latestPerScope() : []) {
    const known = names.get(run.accountId);
    if (run.accountName && (!known || run.finishedAt > known.at))
      names.set(run.accountId, { name: run.accountName, at: run.finishedAt });
  }
  return new Map([...names].map(([id, { name }]) => [id, name]));
}

export interface DigestRun {
  readonly digest: Digest;
  /** False for a preview, or when there was nothing to say. */
  readonly sent: boolean;
}

/** Builds the digest of `kind`; `preview` builds it without sending or moving the mark. */
export async function runDigest(
  kind: DigestKind,
  deps: DigestDependencies,
  preview = false,
): Promise<DigestRun> {
  const since = await deps.marks.lastSent(kind);
  const lookbackMs = kind === 'daily' ? 86_400_000 : 7 * 86_400_000;
  const from = since ?? new Date(deps.now.getTime() - lookbackMs).toISOString();
  const [changed, open, acknowledged, findings, cost, exceptions, names] = await Promise.all([
    deps.alerts.list({ changedSince: from }),
    deps.alerts.list({ status: 'open' }),
    deps.alerts.list({ status: 'acknowledged' }),
    Promise.all(FindingCategorySchema.options.map((c) => deps.findings.listByCategory(c))),
    deps.cost ? deps.cost.summary(deps.now) : Promise.resolve(undefined),
    deps.exceptions.list(),
    accountNames(deps.scanRuns),
  ]);
  const alerts: Alert[] = [...changed, ...open, ...acknowledged];
  const digest = buildDigest({
    kind,
    ...(since ? { since } : {}),
    now: deps.now,
    alerts,
    findings: findings.flat(),
    ...(cost ? { cost } : {}),
    exceptions,
    dashboardUrl: deps.dashboardUrl,
    accountNames: names,
  });
  if (preview) return { digest, sent: false };
  if (!digest.empty) await deps.notifier.sendDigest(digest.subject, digest.text);
  await deps.marks.markSent(kind, digest.to);
  return { digest, sent: !digest.empty };
}
