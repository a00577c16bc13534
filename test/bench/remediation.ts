/**
 * The `remediation` benchmark section: one bulk request over 1,000 unattached-volume findings
 * (10 member accounts × 4 regions × 25 opted-in gp2 volumes), run end to end as a person would:
 * the API use case creates the request, the synthesized state machine checks every item (pre-flight
 * and DryRun), waits for a second person's approval, then snapshots and deletes each volume through
 * the member remediation role and verifies it is gone. The sandbox serves every call through the
 * real SDK clients; the store is dynalite, as in the local mode.
 *
 * Reports the request's latency (the API call a person waits for), the workflow's wall clock and
 * throughput, state transitions per item (what Standard executions are billed by), the largest
 * execution history against Step Functions' 25,000-event limit, API calls by action with the peak
 * per (account, region, action) against half of AWS's refill rate, and the fleet afterwards.
 *
 * `npm run bench -- --only remediation`
 */
import { publishedRefillRate } from '../../functions/adapters/aws/pace';
import { decide } from '../../functions/app/remediation/decide';
import { requestRemediation } from '../../functions/app/remediation/request';
import { type Finding, findingId, type Resource } from '../../functions/domain/model';
import { contentHash } from '../../functions/domain/scan/content-hash';
import { fleetOf, REMEDIATION_EXTERNAL_ID, startRemediationBench } from '../integration/remediation/harness';
import type { FleetResource } from '../sandbox/fleet';

const ACCOUNTS = 10;
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const PER_SCOPE = 25;
const HUB = '999999999999';
/** Half of the published refill rate: HostMaster's share, as in every other section. */
const SHARE = 0.5;
/** One execution's history limit in Step Functions (Standard). */
const HISTORY_LIMIT = 25_000;
/** USD per state transition of a Standard workflow (us-east-1). */
const USD_PER_TRANSITION = 0.000025;

const accountId = (a: number) => `2000000000${String(a).padStart(2, '0')}`;
const SDK_SERVICE: Readonly<Record<string, string>> = { ec2: 'EC2', sts: 'STS' };

function volume(region: string, a: number, i: number): FleetResource {
  const n = a * 100_000 + REGIONS.indexOf(region) * 10_000 + i;
  return {
    type: 'ec2:volume',
    id: `vol-0${n.toString(16).padStart(16, '0')}`,
    region,
    name: `scratch-${a}-${i}`,
    state: 'available',
    tags: { 'hostmaster:remediation': 'allow', team: 'data' },
    attributes: {
      volumeType: 'gp2',
      sizeGiB: 100,
      encrypted: false,
      availabilityZone: `${region}a`,
      createTime: '2026-01-01T00:00:00.000Z',
      attachments: [],
    },
  } as FleetResource;
}

export async function runRemediationBenchmark({ log }: { log: (line: string) => void }) {
  const base = fleetOf([]);
  const fleet = {
    ...base,
    regions: REGIONS,
    accounts: [
      { ...base.accounts[1]!, id: HUB, regions: REGIONS },
      ...Array.from({ length: ACCOUNTS }, (_, a) => ({
        ...base.accounts[0]!,
        id: accountId(a),
        name: `workload-${a}`,
        regions: REGIONS,
        remediationExternalId: REMEDIATION_EXTERNAL_ID,
        resources: REGIONS.flatMap((region) =>
          Array.from({ length: PER_SCOPE }, (_, i) => volume(region, a, i)),
        ),
      })),
    ],
  };
  const bench = await startRemediationBench(fleet);
  try {
    // The inventory and findings as a scan and an analysis would have stored them.
    const seen = new Date().toISOString();
    const resources: Resource[] = [];
    const findings: Finding[] = [];
    for (const account of fleet.accounts.slice(1)) {
      for (const r of account.resources) {
        const { id: nativeId, ...rest } = r;
        const data = {
          ...rest,
          id: `arn:aws:ec2:${r.region}:${account.id}:volume/${nativeId}`,
          accountId: account.id,
        } as unknown as Resource;
        resources.push({ ...data, firstSeen: seen, lastSeen: seen, contentHash: contentHash(data) });
        findings.push({
          id: findingId('ebs-unattached-volume', data.id),
          ruleId: 'ebs-unattached-volume',
          resourceId: data.id,
          resourceType: 'ec2:volume',
          resourceName: data.name,
          accountId: account.id,
          region: r.region,
          category: 'cost',
          severity: 'low',
          title: 'EBS volume is not attached',
          evidence: {},
          monthlySavingsUsd: 10,
          references: [],
          status: 'open',
          firstSeen: seen,
          lastSeen: seen,
        });
      }
    }
    await bench.api.resources.putMany(resources);
    await bench.api.findings.putMany(findings);
    log(
      `seeded ${resources.length} volumes in ${fleet.accounts.length - 1} accounts × ${REGIONS.length} regions`,
    );
    const callsBefore = bench.sandbox.calls.records.length;

    const started = performance.now();
    const requested = await requestRemediation(bench.api, {
      findingIds: findings.map((f) => f.id),
      reason: 'unattached scratch volumes, bench',
      requestedBy: 'olivia@example.com',
    });
    const requestMs = Math.round(performance.now() - started);
    await bench.awaitingApproval(requested.id, 600_000);
    const checkedMs = Math.round(performance.now() - started);
    log(`request ${requestMs} ms; every item checked and awaiting approval after ${checkedMs} ms`);
    const approvedAt = performance.now();
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: 'adam@example.com',
      reason: 'bench',
    });
    const { remediation, items } = await bench.settle(requested.id);
    const runMs = Math.round(performance.now() - approvedAt);
    const totalMs = Math.round(performance.now() - started);
    log(
      `${remediation.status}: ${JSON.stringify(remediation.counts)} in ${totalMs} ms (run phase ${runMs} ms)`,
    );

    const execution = bench.runner.results.find((r) => r.remediationId === requested.id)!;
    const childRuns = bench.runner.mapRuns ?? [];
    const childTransitions = childRuns.reduce((sum, run) => sum + run.childStateTransitions, 0);
    const transitions = execution.transitions + childTransitions;
    const maxHistory = Math.max(execution.historyEvents, ...childRuns.map((r) => r.maxChildHistoryEvents));

    const records = bench.sandbox.calls.records.slice(callsBefore);
    const byAction: Record<string, number> = {};
    const perSecond = new Map<string, number[]>();
    for (const call of records) {
      byAction[`${call.service}:${call.action}`] = (byAction[`${call.service}:${call.action}`] ?? 0) + 1;
      const key = `${call.accountId}|${call.region}|${call.service}|${call.action}`;
      const times = perSecond.get(key) ?? [];
      times.push(call.timestamp);
      perSecond.set(key, times);
    }
    let peak = { key: '', perSecond: 0, share: 0 };
    for (const [key, times] of perSecond) {
      const [, , service, action] = key.split('|') as [string, string, string, string];
      const peakPerSecond = slidingPeak(times.sort((x, y) => x - y));
      const share = peakPerSecond / publishedRefillRate(SDK_SERVICE[service] ?? service, action);
      if (share > peak.share) peak = { key, perSecond: peakPerSecond, share };
    }

    const regionsOf = fleet.accounts.slice(1).flatMap((a) => REGIONS.map((r) => [a.id, r] as const));
    const volumesLeft = regionsOf.reduce(
      (n, [a, r]) => n + bench.sandbox.state.list(a, r, 'ec2:volume').length,
      0,
    );
    const backups = regionsOf.reduce(
      (n, [a, r]) =>
        n +
        bench.sandbox.state
          .list(a, r, 'ec2:snapshot')
          .filter((s) => s.tags['hostmaster:remediation'] === 'allow').length,
      0,
    );
    const section = {
      items: items.length,
      scopes: regionsOf.length,
      status: remediation.status,
      counts: remediation.counts,
      requestLatencyMs: requestMs,
      checkedMs,
      runPhaseMs: runMs,
      totalMs,
      itemsPerSecond: Math.round((items.length / (totalMs / 1000)) * 10) / 10,
      stateTransitions: {
        parent: execution.transitions,
        children: childTransitions,
        total: transitions,
        perItem: Math.round((transitions / items.length) * 100) / 100,
        usd: Math.round(transitions * USD_PER_TRANSITION * 10_000) / 10_000,
      },
      history: {
        parentEvents: execution.historyEvents,
        largestEvents: maxHistory,
        limit: HISTORY_LIMIT,
        childExecutions: childRuns.reduce((n, run) => n + run.items, 0),
      },
      apiCalls: records.length,
      apiCallsByAction: Object.fromEntries(Object.entries(byAction).sort()),
      apiCallsPerItem: Math.round((records.length / items.length) * 100) / 100,
      peakPerSecond: {
        scope: peak.key,
        calls: peak.perSecond,
        shareOfRefill: Math.round(peak.share * 1000) / 1000,
        limitShare: SHARE,
      },
      fleetAfter: { volumesLeft, backupSnapshots: backups },
    };
    log(
      `${section.itemsPerSecond} items/s, ${transitions} transitions (${section.stateTransitions.perItem}/item), largest history ${maxHistory} events, ${records.length} API calls, peak ${peak.perSecond}/s on ${peak.key} (${section.peakPerSecond.shareOfRefill} of refill); ${volumesLeft} volumes left, ${backups} backup snapshots`,
    );
    return section;
  } finally {
    await bench.stop();
  }
}

/** Most timestamps within any one-second window (timestamps sorted). */
function slidingPeak(times: readonly number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
