/**
 * Remediation throughput: one bulk request over N unattached, opted-in volumes (snapshot, then delete)
 * on the synthesized state machine (aws-local-stepfunctions), the real step handler through the
 * member remediation role against the sandbox, dynalite for the table. Reports the time from request
 * to finished request, items a second, state transitions per item and AWS calls per item.
 */
import { decide } from '../../functions/app/remediation/decide';
import { requestRemediation } from '../../functions/app/remediation/request';
import { fleetOf, startRemediationBench, volume } from '../integration/remediation/harness';
import type { FleetResource } from '../sandbox/fleet';

export interface RemediationBenchOptions {
  /** @default 1000 */
  readonly items?: number;
  readonly log?: (line: string) => void;
}

export async function runRemediationBenchmark(options: RemediationBenchOptions = {}) {
  const log = options.log ?? (() => undefined);
  const count = options.items ?? 1000;
  const ids = Array.from({ length: count }, (_, i) => `vol-${String(i).padStart(17, '0')}`);
  const bench = await startRemediationBench(fleetOf(ids.map((id) => volume(id) as FleetResource)));
  try {
    log(`seeding ${count} volumes and findings`);
    const findingIds = await bench.seed(
      ids.map((nativeId) => ({
        nativeId,
        type: 'ec2:volume' as const,
        ruleId: 'ebs-unattached-volume',
        savings: 1,
      })),
    );
    bench.sandbox.calls.reset();
    const started = Date.now();
    const requested = await requestRemediation(
      { ...bench.api, settings: { ...bench.api.settings, requireDistinctApprover: false } },
      { findingIds, reason: 'bench', requestedBy: 'bench@hostmaster.local' },
    );
    await bench.awaitingApproval(requested.id);
    const checkedMs = Date.now() - started;
    log(`checked ${count} items (pre-flight + DryRun) in ${checkedMs} ms`);
    await decide(
      { ...bench.api, settings: { ...bench.api.settings, requireDistinctApprover: false } },
      { remediationId: requested.id, decision: 'approved', by: 'bench@hostmaster.local', reason: 'bench' },
    );
    const { remediation } = await bench.settle(requested.id);
    const durationMs = Date.now() - started;
    const run = bench.runner.results.find((r) => r.remediationId === requested.id);
    const calls = bench.sandbox.calls.summary().total;
    const result = {
      items: count,
      status: remediation.status,
      counts: remediation.counts,
      durationMs,
      checkPhaseMs: checkedMs,
      itemsPerSecond: Math.round((count / durationMs) * 1000 * 10) / 10,
      stateTransitions: run?.transitions ?? 0,
      stateTransitionsPerItem: Math.round(((run?.transitions ?? 0) / count) * 100) / 100,
      awsCalls: calls,
      awsCallsPerItem: Math.round((calls / count) * 100) / 100,
      concurrency: 10,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await bench.stop();
  }
}
