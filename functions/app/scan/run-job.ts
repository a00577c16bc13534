import type { Logger } from '@aws-lambda-powertools/logger';
import type { OpenScope } from '../../adapters/aws/client-pool';
import { describeError } from '../../adapters/aws/errors';
import type { Collector } from '../../adapters/collectors/collector';
import { type ResourceData, ResourceDataSchema, type ResourceType, type ScanRun } from '../../domain/model';
import type { ResourceStore, ScanRunStore } from '../../domain/ports';
import { diffScope } from '../../domain/scan/diff-scope';
import type { ScanJob } from '../../domain/scan/job';
import { scanStatus } from '../../domain/scan/scan-status';

/** What a job needs; the handlers, the CLI and the benchmark each provide their own. */
export interface ScanJobDependencies {
  /** Every registered collector; the job runs those of its scope. */
  readonly collectors: readonly Collector[];
  readonly resources: ResourceStore;
  readonly scanRuns: ScanRunStore;
  /** Assumes the member role (failing with AssumeRoleError) and returns the scope's clients. */
  openScope(accountId: string, region: string): Promise<OpenScope>;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Days a gone resource is kept before the TTL removes it. @default 30 */
  readonly goneRetentionDays?: number;
  /** Structured logger (Powertools' Logger fits). @default no logging */
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * A job failed in a way retrying may fix (every collector failed for an unexpected reason, or
 * storage failed). Thrown after the failed run was recorded, so Step Functions retries the job and
 * the dashboard still shows the failure if every retry fails.
 */
export class ScanJobError extends Error {
  override readonly name = 'ScanJobError';
  constructor(
    readonly run: ScanRun,
    options?: { cause?: unknown },
  ) {
    super(
      `Scan of ${run.accountId}/${run.region} failed: ${run.errors.map((e) => `${e.collector}: ${e.message}`).join('; ')}`,
      options,
    );
  }
}

type CollectorOutcome =
  | { readonly collector: Collector; readonly resources: ResourceData[] }
  | { readonly collector: Collector; readonly error: { code: string; message: string; known: boolean } };

/** Runs one collector; a failure or a malformed resource becomes an outcome, never a partial list. */
async function runCollector(collector: Collector, scope: OpenScope): Promise<CollectorOutcome> {
  try {
    const collected = await collector.collect(scope.clients);
    const resources: ResourceData[] = [];
    for (const item of collected) {
      const parsed = ResourceDataSchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          collector,
          error: {
            code: 'InvalidResource',
            message: `${item.id}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
            known: false,
          },
        };
      }
      resources.push(parsed.data);
    }
    return { collector, resources };
  } catch (error) {
    return { collector, error: describeError(error) };
  }
}

/**
 * Scans one (account, region) or one account's `global` scope: runs its collectors in parallel,
 * diffs against what is stored, writes only what changed and records a ScanRun.
 *
 * Known failures (access denied, region not enabled) are recorded and the run is returned. A job
 * whose every collector failed for an unexpected reason, or whose storage failed, records what it
 * can and throws {@link ScanJobError} so the caller (Step Functions) retries it.
 */
export async function runScanJob(job: ScanJob, deps: ScanJobDependencies): Promise<ScanRun> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const scope = job.region === 'global' ? 'global' : 'regional';
  const collectors = deps.collectors.filter((c) => c.scope === scope);
  const base = {
    scanId: job.scanId,
    accountId: job.accountId,
    ...(job.accountName ? { accountName: job.accountName } : {}),
    region: job.region,
    startedAt: started.toISOString(),
  };
  const noChanges = { added: 0, updated: 0, gone: 0, unchanged: 0 };

  const finish = (
    fields: Pick<
      ScanRun,
      'status' | 'counts' | 'changes' | 'apiCalls' | 'retries' | 'errors' | 'collectedTypes'
    >,
  ) => {
    const finished = now();
    return {
      ...base,
      ...fields,
      finishedAt: finished.toISOString(),
      durationMs: Math.max(0, finished.getTime() - started.getTime()),
    } satisfies ScanRun;
  };

  let opened: OpenScope;
  try {
    opened = await deps.openScope(job.accountId, job.region);
  } catch (error) {
    const described = describeError(error);
    const run = finish({
      status: 'failed',
      counts: {},
      changes: noChanges,
      apiCalls: 0,
      retries: 0,
      errors: [{ collector: 'assume-role', code: described.code, message: described.message }],
    });
    await deps.scanRuns.put(run);
    if (!described.known) throw new ScanJobError(run, { cause: error });
    deps.logger?.warn('scan job failed', {
      accountId: job.accountId,
      region: job.region,
      errors: run.errors,
    });
    return run;
  }

  // The stored baseline is read while the collectors run: both are I/O bound.
  const storedPromise = deps.resources.listScope(job.accountId, job.region);
  storedPromise.catch(() => undefined);
  const outcomes = await Promise.all(collectors.map((collector) => runCollector(collector, opened)));
  const collected: ResourceData[] = [];
  const succeededTypes = new Set<ResourceType>();
  const counts: Record<string, number> = {};
  const errors: ScanRun['errors'] = [];
  let unexpectedFailures = 0;
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      errors.push({
        collector: outcome.collector.name,
        code: outcome.error.code,
        message: outcome.error.message,
      });
      if (!outcome.error.known) unexpectedFailures++;
      continue;
    }
    for (const type of outcome.collector.resourceTypes) {
      succeededTypes.add(type);
      counts[type] ??= 0;
    }
    for (const resource of outcome.resources) {
      collected.push(resource);
      counts[resource.type] = (counts[resource.type] ?? 0) + 1;
    }
  }

  // Two collectors may share a type (classic and v2 load balancers are both `elb:load-balancer`):
  // a type is complete only when every collector of it succeeded, or one failure would mark the
  // other collector's resources gone.
  for (const outcome of outcomes) {
    if ('error' in outcome) for (const type of outcome.collector.resourceTypes) succeededTypes.delete(type);
  }

  const usage = () => opened.usage();
  let changes = noChanges;
  try {
    const stored = await storedPromise;
    const diff = diffScope(stored, collected, succeededTypes, started, deps.goneRetentionDays ?? 30);
    await deps.resources.putMany(diff.writes);
    changes = diff.changes;
  } catch (error) {
    const described = describeError(error);
    const run = finish({
      status: 'failed',
      counts,
      changes,
      ...callsOf(usage()),
      errors: [...errors, { collector: 'store', code: described.code, message: described.message }],
    });
    await deps.scanRuns.put(run).catch(() => undefined);
    throw new ScanJobError(run, { cause: error });
  }

  const run = finish({
    status: scanStatus(collectors.length, errors.length),
    counts,
    changes,
    ...callsOf(usage()),
    errors,
    collectedTypes: [...succeededTypes].sort(),
  });
  await deps.scanRuns.put(run);
  const context = { accountId: job.accountId, region: job.region, status: run.status, changes, errors };
  if (collectors.length > 0 && errors.length === collectors.length && unexpectedFailures > 0) {
    throw new ScanJobError(run);
  }
  if (errors.length > 0) deps.logger?.warn('scan job completed with errors', context);
  else deps.logger?.info('scan job completed', context);
  return run;
}

function callsOf(usage: { calls: number; retries: number }): { apiCalls: number; retries: number } {
  return { apiCalls: usage.calls, retries: usage.retries };
}
