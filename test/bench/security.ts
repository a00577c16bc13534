/**
 * The `security` section: 100,000 generated resources (every domain type, the generator's share of
 * planted problems) judged by the 27 security checks through the pure analyzer, then turned into
 * posture snapshots, scores and the CSV report as the analysis and the API do. Pure CPU: no sandbox,
 * no storage. Each step runs once to warm up and then `repeats` times; the median is reported.
 */
import { performance } from 'node:perf_hooks';
import { analyze } from '../../functions/domain/analyze';
import { buildInventory } from '../../functions/domain/inventory';
import { type Resource, ResourceSchema } from '../../functions/domain/model';
import { FRAMEWORKS } from '../../functions/domain/posture/frameworks';
import { postureReport } from '../../functions/domain/posture/report';
import { buildPostureSnapshots, postureOf } from '../../functions/domain/posture/snapshot';
import { SECURITY_RULES } from '../../functions/domain/rules/security';
import { contextWith } from '../domain/rules/security/builders';
import type { Fleet } from '../sandbox/fleet';
import { generateFleet } from '../sandbox/generator';
import { sampleRss } from './results';

export interface SecurityBenchOptions {
  /** @default 1 */
  readonly seed?: number;
  /** @default 100_000 */
  readonly resources?: number;
  /** @default 25 */
  readonly accounts?: number;
  /** @default 4 */
  readonly regions?: number;
  /** Timed runs after the warm-up; the median is reported. @default 3 */
  readonly repeats?: number;
  readonly log?: (line: string) => void;
}

export interface SecurityBenchResult {
  readonly fleet: { readonly seed: number; readonly accounts: number; readonly regionsPerAccount: number };
  /** Resources judged. */
  readonly resources: number;
  /** Security checks run (`SECURITY_RULES`). */
  readonly checks: number;
  /** (rule, resource) pairs evaluated: each resource by every check that applies to its type. */
  readonly evaluations: number;
  readonly findings: number;
  /** Median wall time of `buildInventory` + `analyze`. */
  readonly analyzeMs: number;
  /** checks × resources / analyze seconds: the fleet-wide throughput of the whole check set. */
  readonly checksResourcesPerSecond: number;
  readonly evaluationsPerSecond: number;
  readonly resourcesPerSecond: number;
  /** Median wall time of building every account's posture snapshot from the result. */
  readonly snapshotsMs: number;
  /** Median wall time of scoring every account and the organization from the snapshots. */
  readonly scoreMs: number;
  /** Median wall time of the organization-wide CSV and JSON report. */
  readonly reportMs: number;
  readonly reportCsvBytes: number;
  readonly snapshotBytesPerAccount: number;
  readonly peakRssMiB: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Fleet resources in domain shape, ids composed as in the planted-fleet test; parsed, so the shape is proven. */
function toResources(fleet: Fleet): Resource[] {
  return fleet.accounts.flatMap((account) =>
    account.resources.map(({ usage: _usage, ...resource }) =>
      ResourceSchema.parse({
        ...resource,
        id: `arn:hostmaster:${resource.type}:${resource.region}:${account.id}:${resource.id}`,
        accountId: account.id,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-23T00:00:00.000Z',
        contentHash: 'bench',
      }),
    ),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs `step` once to warm up and `repeats` more times; returns the median time and the last result. */
function timed<T>(repeats: number, step: () => T): { ms: number; result: T } {
  let result = step();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    result = step();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

export async function runSecurityBenchmark(options: SecurityBenchOptions = {}): Promise<SecurityBenchResult> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const regions = options.regions ?? 4;
  const repeats = options.repeats ?? 3;
  const fleet = generateFleet({
    seed,
    accounts: options.accounts ?? 25,
    regions,
    resources: options.resources ?? 100_000,
  });
  const resources = toResources(fleet);
  log(`fleet: ${resources.length} resources over ${fleet.accounts.length} accounts × ${regions} regions`);

  const rss = sampleRss();
  const now = new Date('2026-11-23T12:00:00.000Z');
  const baseContext = contextWith([]);
  const analysis = timed(repeats, () =>
    analyze(resources, SECURITY_RULES, { ...baseContext, now, inventory: buildInventory(resources) }),
  );
  const result = analysis.result;
  const findings = result.findings.map((draft) => ({
    ...draft,
    status: 'open' as const,
    firstSeen: now.toISOString(),
    lastSeen: now.toISOString(),
  }));
  const accountIds = fleet.accounts.map((account) => account.id);
  const snapshots = timed(repeats, () =>
    buildPostureSnapshots(result, { rules: SECURITY_RULES, findings, analyzedAt: now, accountIds }),
  );
  const score = timed(repeats, () => postureOf(snapshots.result, findings, SECURITY_RULES, now, FRAMEWORKS));
  const report = timed(repeats, () =>
    postureReport(findings, score.result.organization, { generatedAt: now.toISOString() }),
  );
  const peakRssMiB = rss.stop();

  const typeCounts = new Map<string, number>();
  for (const resource of resources) typeCounts.set(resource.type, (typeCounts.get(resource.type) ?? 0) + 1);
  const evaluations = SECURITY_RULES.reduce(
    (sum, rule) => sum + rule.appliesTo.reduce((n, type) => n + (typeCounts.get(type) ?? 0), 0),
    0,
  );
  const seconds = analysis.ms / 1000;
  const snapshotBytes = snapshots.result.reduce((n, s) => n + JSON.stringify(s).length, 0);
  const summary: SecurityBenchResult = {
    fleet: { seed, accounts: fleet.accounts.length, regionsPerAccount: regions },
    resources: resources.length,
    checks: SECURITY_RULES.length,
    evaluations,
    findings: result.findings.length,
    analyzeMs: round(analysis.ms),
    checksResourcesPerSecond: Math.round((SECURITY_RULES.length * resources.length) / seconds),
    evaluationsPerSecond: Math.round(evaluations / seconds),
    resourcesPerSecond: Math.round(resources.length / seconds),
    snapshotsMs: round(snapshots.ms),
    scoreMs: round(score.ms),
    reportMs: round(report.ms),
    reportCsvBytes: Buffer.byteLength(report.result.csv),
    snapshotBytesPerAccount: Math.round(snapshotBytes / Math.max(1, snapshots.result.length)),
    peakRssMiB,
  };
  log(
    `analyze: ${summary.analyzeMs} ms for ${summary.evaluations} evaluations ` +
      `(${summary.resourcesPerSecond} resources/s), ${summary.findings} findings; ` +
      `snapshots ${summary.snapshotsMs} ms, scores ${summary.scoreMs} ms, report ${summary.reportMs} ms`,
  );
  return summary;
}
