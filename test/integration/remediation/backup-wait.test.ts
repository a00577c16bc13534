/**
 * The wait for a backup happens in Step Functions, not in a Lambda: a snapshot the sandbox keeps
 * pending (the `slowBackups` fault) loops the item through WaitForBackup and single checks, and the
 * change is made only once the snapshot is usable; one that never completes fails the item at the
 * deadline (a few seconds here, a day deployed) with nothing changed and the snapshot left, tagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../functions/app/remediation/decide';
import { requestRemediation } from '../../../functions/app/remediation/request';
import { FaultsSchema } from '../../sandbox/faults';
import {
  ACCOUNT,
  dbInstance,
  fleetOf,
  OPT_IN,
  REGION,
  type RemediationBench,
  startRemediationBench,
  volume,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';
const DEADLINE_SECONDS = 4;

const steps = (item: { steps: readonly { name: string; status: string }[] }) =>
  item.steps.map((s) => `${s.name}:${s.status}`);

describe('waiting for a backup in the state machine', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf(
        [
          volume('vol-0000000000000a001'),
          volume('vol-0000000000000a002'),
          dbInstance('slow-db'),
          {
            id: 'failed-db-snapshot',
            region: REGION,
            type: 'rds:db-snapshot',
            name: 'failed-db-snapshot',
            state: 'failed',
            tags: OPT_IN,
            attributes: {
              dbInstanceIdentifier: 'slow-db',
              snapshotType: 'manual',
              engine: 'postgres',
              encrypted: true,
              public: false,
              allocatedStorageGiB: 100,
              createTime: '2026-01-01T00:00:00.000Z',
            },
          },
        ],
        FaultsSchema.parse({
          slowBackups: [
            { service: 'ec2', source: 'vol-0000000000000a001', describes: 3 },
            { service: 'ec2', source: 'vol-0000000000000a002' },
            { service: 'rds', source: 'slow-db', describes: 2 },
          ],
        }),
      ),
      { backupDeadlineSeconds: DEADLINE_SECONDS },
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  async function approvedRun(entry: Parameters<RemediationBench['seed']>[0][number]) {
    const [findingId] = await bench.seed([entry]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'unused',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);
    bench.sandbox.calls.reset();
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: APPROVER,
      reason: 'ok',
    });
    return bench.settle(requested.id);
  }

  /** The item's calls after approval, in order, as `Action:outcome`. */
  const calls = (service: string) =>
    bench.sandbox.calls.records.filter((c) => c.service === service).map((c) => `${c.action}:${c.outcome}`);

  it('waits while the EBS snapshot is pending and deletes the volume only once it completed', async () => {
    // Act
    const { remediation, items } = await approvedRun({
      nativeId: 'vol-0000000000000a001',
      type: 'ec2:volume',
      ruleId: 'ebs-unattached-volume',
    });

    // Assess
    expect(remediation.status).toBe('succeeded');
    const item = items[0]!;
    expect(steps(item)).toEqual([
      'request:succeeded',
      'preflight:succeeded',
      'dry-run:succeeded',
      'backup:succeeded',
      'act:succeeded',
      'verify:succeeded',
    ]);
    const ec2 = calls('ec2');
    const created = ec2.indexOf('CreateSnapshot:ok');
    const deleted = ec2.indexOf('DeleteVolume:ok');
    // Three describes found it pending, the fourth completed; only then the delete.
    expect(ec2.slice(created + 1, deleted)).toEqual(Array(4).fill('DescribeSnapshots:ok'));
    expect(created).toBeGreaterThanOrEqual(0);
    const snapshotId = item.backup?.snapshotId ?? '';
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:snapshot', snapshotId)?.state).toBe('completed');
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', 'vol-0000000000000a001')).toBeUndefined();
    expect(Date.parse(item.steps.find((s) => s.name === 'backup')!.at)).toBeGreaterThanOrEqual(
      Date.parse(item.backupRequestedAt!),
    );
    expect(item.undoCalls?.[0]).toMatchObject({ action: 'CreateVolume', input: { SnapshotId: snapshotId } });
  }, 90_000);

  it('waits while the DB snapshot is creating and stops the DB only once it is available', async () => {
    // Act
    const { remediation, items } = await approvedRun({
      nativeId: 'slow-db',
      type: 'rds:db-instance',
      ruleId: 'rds-idle-instance',
    });

    // Assess
    expect(remediation.status).toBe('succeeded');
    const rds = calls('rds');
    const created = rds.indexOf('CreateDBSnapshot:ok');
    const stopped = rds.indexOf('StopDBInstance:ok');
    expect(created).toBeGreaterThanOrEqual(0);
    expect(rds.slice(created + 1, stopped)).toEqual(Array(3).fill('DescribeDBSnapshots:ok'));
    const snapshot = bench.sandbox.state.find(
      ACCOUNT,
      REGION,
      'rds:db-snapshot',
      items[0]!.backup!.dbSnapshotId!,
    );
    expect(snapshot?.state).toBe('available');
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'rds:db-instance', 'slow-db')?.state).toBe('stopped');
  }, 90_000);

  it('fails the item at the deadline when the snapshot never completes: the volume stays, the snapshot is left tagged', async () => {
    // Act
    const { remediation, items } = await approvedRun({
      nativeId: 'vol-0000000000000a002',
      type: 'ec2:volume',
      ruleId: 'ebs-unattached-volume',
    });

    // Assess
    expect(remediation.status).toBe('failed');
    const item = items[0]!;
    expect(item.status).toBe('failed');
    expect(item.error).toMatch(
      new RegExp(
        `backup not completed within ${DEADLINE_SECONDS} s \\(snapshot snap-\\w+ is pending \\(50%\\)\\); nothing was changed$`,
      ),
    );
    expect(steps(item)).toEqual([
      'request:succeeded',
      'preflight:succeeded',
      'dry-run:succeeded',
      'backup:failed',
    ]);
    const snapshotId = item.backup?.snapshotId ?? '';
    expect(item.steps.at(-1)?.detail).toContain(
      `the snapshot ${snapshotId} is left to finish, tagged hostmaster:remediation=allow`,
    );
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', 'vol-0000000000000a002')).toBeDefined();
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:snapshot', snapshotId)).toMatchObject({
      state: 'pending',
      tags: expect.objectContaining({ 'hostmaster:remediation': 'allow' }),
    });
    const ec2 = calls('ec2');
    expect(ec2).not.toContain('DeleteVolume:ok');
    expect(ec2).not.toContain('DeleteSnapshot:ok');
    // Checked repeatedly (one describe a check), not once and not in a Lambda-side loop.
    expect(ec2.filter((c) => c === 'DescribeSnapshots:ok').length).toBeGreaterThan(2);
    expect(remediation.summary).toMatch(/backup not completed within 4 s/);
  }, 90_000);

  it('checks once through the role: a DB snapshot RDS failed is left, tagged; a vanished snapshot fails too', async () => {
    // Prepare
    bench.sandbox.calls.reset();

    // Act
    const failedDb = await bench.executor.checkBackup(ACCOUNT, REGION, {
      dbSnapshotId: 'failed-db-snapshot',
    });
    const vanished = await bench.executor.checkBackup(ACCOUNT, REGION, {
      snapshotId: 'snap-0000000000000dead',
    });
    const nothing = await bench.executor.checkBackup(ACCOUNT, REGION, { previousState: 'x' });

    // Assess
    expect(failedDb).toEqual({
      state: 'failed',
      reason:
        'backup: snapshot failed-db-snapshot failed: RDS reports it failed; the failed snapshot is left, tagged hostmaster:remediation=allow (the role may not delete DB snapshots)',
    });
    expect(vanished).toEqual({
      state: 'failed',
      reason: 'backup: snapshot snap-0000000000000dead failed: it no longer exists',
    });
    expect(nothing).toEqual({ state: 'ready' });
    expect(
      bench.sandbox.calls.records.filter((c) => c.action.startsWith('Describe')).map((c) => c.action),
    ).toEqual(['DescribeDBSnapshots', 'DescribeSnapshots']);
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'rds:db-snapshot', 'failed-db-snapshot')).toBeDefined();
  }, 30_000);
});
