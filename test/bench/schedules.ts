/**
 * The `schedules` benchmark section: scheduler ticks over 10,000 scheduled EC2 instances (10 accounts
 * × 4 regions × 250) served by the sandbox through the real SDK clients and the member-role pool.
 * Three ticks: 08:00 UTC (every instance starts), 08:05 and 08:10 (nothing to change). Each reports
 * its wall-clock latency for all 40 scopes (16 at a time, as the Map's MaxConcurrency), the API calls
 * by action, the mutating calls and the records written. An idempotent tick must make 0 mutating calls.
 *
 * `npm run bench -- --only schedules`
 */
import { createHash } from 'node:crypto';
import { AwsClientPool } from '../../functions/adapters/aws/client-pool';
import { MemoryExpectedChangeStore } from '../../functions/adapters/memory/alert-store';
import { MemoryResourceStore } from '../../functions/adapters/memory/resource-store';
import {
  MemoryScheduleRecordStore,
  MemoryScheduleStore,
} from '../../functions/adapters/memory/schedule-store';
import { scheduleExecutorFactory } from '../../functions/adapters/schedules/executor-factory';
import { runScheduleTick } from '../../functions/app/schedules/run-tick';
import type { Resource } from '../../functions/domain/model';
import { ScheduleSchema } from '../../functions/domain/schedules/schedule';
import { LOCAL_CREDENTIALS } from '../sandbox/clients';
import { type FleetResource, FleetSchema } from '../sandbox/fleet';
import { startSandbox } from '../sandbox/server';

const ACCOUNTS = 10;
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const PER_SCOPE = 250;
const CONCURRENCY = 16;
const HUB = '123456789012';
const MUTATING = new Set(['StartInstances', 'StopInstances', 'StartDBInstance', 'StopDBInstance']);

const accountId = (a: number) => `1000000000${String(a).padStart(2, '0')}`;

function instance(region: string, a: number, i: number): FleetResource {
  return {
    type: 'ec2:instance',
    id: `i-0${(a * 100_000 + REGIONS.indexOf(region) * 10_000 + i).toString(16).padStart(16, '0')}`,
    region,
    name: `app-${a}-${i}`,
    state: 'stopped',
    tags: { 'hostmaster:schedule': 'office-utc', 'hostmaster:remediation': 'allow' },
    attributes: {
      instanceType: 't3.small',
      launchTime: '2026-10-01T08:00:00.000Z',
      availabilityZone: `${region}a`,
      imageId: 'ami-0123456789abcdef0',
      securityGroupIds: [],
      volumeIds: [],
      imdsV2Required: true,
    },
  } as FleetResource;
}

export async function runSchedulesBenchmark({ log }: { log: (line: string) => void }) {
  const fleet = FleetSchema.parse({
    organization: { managementAccountId: HUB, hubAccountId: HUB },
    regions: REGIONS,
    accounts: [
      { id: HUB, name: 'hub', regions: REGIONS, externalId: 'bench-external-id' },
      ...Array.from({ length: ACCOUNTS }, (_, a) => ({
        id: accountId(a),
        name: `workload-${a}`,
        regions: REGIONS,
        externalId: 'bench-external-id',
        remediationExternalId: 'bench-remediation-external-id',
        resources: REGIONS.flatMap((region) =>
          Array.from({ length: PER_SCOPE }, (_, i) => instance(region, a, i)),
        ),
      })),
    ],
  });
  let clock = Date.parse('2026-03-02T08:00:00Z');
  // The sandbox keeps real time, so the role sessions it issues stay valid for the SDK's clock; the
  // ticks are told the simulated instant.
  const sandbox = await startSandbox({ fleet });
  try {
    const resources = new MemoryResourceStore();
    const seen = '2026-03-01T00:00:00.000Z';
    await resources.putMany(
      fleet.accounts.flatMap((account) =>
        account.resources.map(
          (r) =>
            ({
              ...r,
              id: `arn:aws:ec2:${r.region}:${account.id}:instance/${r.id}`,
              accountId: account.id,
              firstSeen: seen,
              lastSeen: seen,
              contentHash: createHash('sha256').update(r.id).digest('hex'),
            }) as Resource,
        ),
      ),
    );
    const schedules = new MemoryScheduleStore();
    await schedules.putSchedule(
      ScheduleSchema.parse({
        name: 'office-utc',
        timeZone: 'UTC',
        periods: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], begin: '08:00', end: '18:00' }],
      }),
      { actor: { sub: 'bench', username: 'bench' }, at: seen },
    );
    const records = new MemoryScheduleRecordStore();
    const pool = new AwsClientPool({
      memberRoleName: 'HostMasterRemediationRole',
      externalId: 'bench-remediation-external-id',
      endpoint: sandbox.endpoint,
      hubCredentials: LOCAL_CREDENTIALS,
      sessionName: 'hostmaster-schedule',
    });
    const dependencies = {
      resources,
      schedules,
      records,
      expected: new MemoryExpectedChangeStore(),
      executorFor: scheduleExecutorFactory(pool),
      optedInAccounts: new Set<string>(),
    };
    const scopes = fleet.accounts
      .slice(1)
      .flatMap((a) => REGIONS.map((region) => ({ accountId: a.id, region })));
    const ticks = [];
    for (const at of ['2026-03-02T08:00:00Z', '2026-03-02T08:05:00Z', '2026-03-02T08:10:00Z']) {
      clock = Date.parse(at);
      const before = callsByAction(pool);
      const writesBefore = records.writes;
      const queue = [...scopes];
      let actions = 0;
      let failed = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let scope = queue.shift(); scope; scope = queue.shift()) {
            const result = await runScheduleTick(scope, dependencies, new Date(clock));
            actions += result.activity.length;
            failed += result.activity.filter((e) => e.outcome === 'failed').length;
          }
        }),
      );
      const latencyMs = Math.round(performance.now() - started);
      const after = callsByAction(pool);
      const byAction = Object.fromEntries(
        [...after.entries()]
          .map(([action, n]) => [action, n - (before.get(action) ?? 0)] as const)
          .filter(([, n]) => n > 0)
          .sort(),
      );
      const mutating = Object.entries(byAction)
        .filter(([action]) => MUTATING.has(action))
        .reduce((sum, [, n]) => sum + n, 0);
      const tick = {
        at,
        scopes: scopes.length,
        scheduledResources: scopes.length * PER_SCOPE,
        latencyMs,
        actions,
        failed,
        apiCalls: Object.values(byAction).reduce((s, n) => s + n, 0),
        apiCallsByAction: byAction,
        mutatingCalls: mutating,
        recordsWritten: records.writes - writesBefore,
      };
      log(
        `${at}: ${latencyMs} ms, ${tick.apiCalls} API calls (${mutating} mutating), ${actions} actions, ${tick.recordsWritten} records written`,
      );
      ticks.push(tick);
    }
    const running = fleet.accounts
      .slice(1)
      .flatMap((a) => REGIONS.flatMap((r) => sandbox.state.list(a.id, r, 'ec2:instance')))
      .filter((i) => i.state === 'running').length;
    return {
      scheduledResources: scopes.length * PER_SCOPE,
      scopes: scopes.length,
      concurrency: CONCURRENCY,
      runningAfterStartTick: running,
      ticks,
      idempotentTickMutatingCalls: ticks.slice(1).map((t) => t.mutatingCalls),
    };
  } finally {
    await sandbox.stop();
  }
}

/** Calls so far per action, over every (account, region). */
function callsByAction(pool: AwsClientPool): Map<string, number> {
  const totals = new Map<string, number>();
  for (const tally of pool.meter.all())
    totals.set(tally.action, (totals.get(tally.action) ?? 0) + tally.calls);
  return totals;
}
