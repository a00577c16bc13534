import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryScanRunStore } from '../../../functions/adapters/memory/scan-run-store';
import { runDigest } from '../../../functions/app/alerts/digest';
import { runHealthCheck } from '../../../functions/app/alerts/health-check';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import type { Resource, ScanRun } from '../../../functions/domain/model';
import { memoryAlerting } from './fixtures';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const DB = `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`;

function database(state: string): Resource {
  return {
    id: DB,
    accountId: ACCOUNT,
    region: REGION,
    type: 'rds:db-instance',
    name: 'orders',
    state,
    tags: {},
    attributes: {
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t4g.micro',
      storageType: 'gp3',
      allocatedStorageGiB: 20,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: false,
      backupRetentionDays: 7,
      deletionProtection: true,
      dbiResourceId: 'db-1',
      securityGroupIds: [],
    },
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-23T11:00:00.000Z',
    contentHash: 'h',
  };
}

const run: ScanRun = {
  scanId: 's-1',
  accountId: ACCOUNT,
  region: REGION,
  startedAt: '2026-11-23T11:00:00.000Z',
  finishedAt: '2026-11-23T11:00:05.000Z',
  durationMs: 5000,
  status: 'succeeded',
  counts: {},
  changes: { added: 0, updated: 0, gone: 0, unchanged: 0 },
  apiCalls: 1,
  retries: 0,
  errors: [],
};

describe('runHealthCheck', () => {
  it('opens an alert for a failing check, stays quiet while it stays failing, and resolves it once fixed', async () => {
    // Prepare
    const rig = memoryAlerting();
    const findings = new MemoryFindingStore();
    const scanRuns = new MemoryScanRunStore();
    await scanRuns.put(run);
    const deps = {
      resources: rig.resources,
      scanRuns,
      findings,
      service: rig.service,
      prices: new StaticPriceBook(),
    };
    await rig.resources.putMany([database('storage-full')]);
    // Act
    const first = await runHealthCheck({ ...deps, now: rig.now() });
    const again = await runHealthCheck({ ...deps, now: rig.advance(5) });
    await rig.resources.putMany([database('available')]);
    const fixed = await runHealthCheck({ ...deps, now: rig.advance(5) });
    // Assess
    expect(first.findings).toMatchObject({ opened: 1, open: 1 });
    expect(first.alerts).toMatchObject({ opened: 1 });
    expect(again.alerts).toMatchObject({ opened: 0, repeated: 0, resolved: 0 });
    expect(fixed.findings).toMatchObject({ resolved: 1, open: 0 });
    expect(fixed.alerts).toMatchObject({ resolved: 1 });
    const kinds = rig.notifier.sent.map((m) => `${m.kind}:${m.channel}`);
    expect(kinds).toEqual(['opened:sms', 'opened:email', 'resolved:sms', 'resolved:email']);
    expect(rig.notifier.sent[1]?.subject).toBe('[HostMaster] CRITICAL: RDS instance storage-full - orders');
  });

  it('digests what changed, once: the next digest with no change is not sent', async () => {
    // Prepare
    const rig = memoryAlerting();
    const findings = new MemoryFindingStore();
    const scanRuns = new MemoryScanRunStore();
    await scanRuns.put(run);
    await rig.resources.putMany([database('failed')]);
    await runHealthCheck({
      resources: rig.resources,
      scanRuns,
      findings,
      service: rig.service,
      prices: new StaticPriceBook(),
      now: rig.now(),
    });
    const deps = {
      alerts: rig.alerts,
      findings,
      marks: rig.marks,
      exceptions: rig.exceptions,
      notifier: rig.notifier,
      dashboardUrl: 'https://hm.example.com',
    };
    // Act
    const preview = await runDigest('daily', { ...deps, now: rig.advance(60) }, true);
    const first = await runDigest('daily', { ...deps, now: rig.advance(1) });
    const second = await runDigest('daily', { ...deps, now: rig.advance(24 * 60) });
    // Assess
    expect(preview.sent).toBe(false);
    expect(first.sent).toBe(true);
    expect(first.digest.openedAlerts).toHaveLength(1);
    expect(first.digest.newFindings.map((f) => f.ruleId)).toEqual(['rds-instance-not-available']);
    expect(second.sent).toBe(false);
    expect(rig.notifier.digests).toHaveLength(1);
    expect(rig.notifier.digests[0]?.subject).toBe('[HostMaster] Daily digest: 1 open alert, 1 new finding');
  });
});
