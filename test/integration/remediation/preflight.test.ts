/**
 * Pre-flight impact checks and the KMS fault case end to end on the synthesized state machine: a
 * refused pre-flight sends no write (not even a DryRun) and leaves the fleet as it was; a backup that
 * EBS fails for a missing KMS grant ends the item `failed`, keeps the volume and leaves no snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../functions/app/remediation/decide';
import { requestRemediation } from '../../../functions/app/remediation/request';
import { FaultsSchema } from '../../sandbox/faults';
import type { FleetResource } from '../../sandbox/fleet';
import {
  ACCOUNT,
  fleetOf,
  instance,
  REGION,
  type RemediationBench,
  snapshot,
  startRemediationBench,
  volume,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';
const keyArn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const PENDING_KEY = keyArn('11111111-1111-1111-1111-111111111111');
const UNGRANTED_KEY = keyArn('22222222-2222-2222-2222-222222222222');

const encrypted = (id: string, kmsKeyId: string) => {
  const base = volume(id) as FleetResource & { type: 'ec2:volume' };
  return { ...base, attributes: { ...base.attributes, encrypted: true, kmsKeyId } } as FleetResource;
};

describe('pre-flight impact checks on the synthesized state machine', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    const fleet = fleetOf(
      [
        { ...instance('i-00000000000000001'), disableApiStop: true } as FleetResource,
        snapshot('snap-00000000000000001'),
        snapshot('snap-00000000000000002'),
        {
          id: 'ami-00000000000000001',
          region: REGION,
          type: 'ec2:image',
          name: 'golden',
          state: 'available',
          tags: {},
          attributes: {
            creationDate: '2026-01-01T00:00:00.000Z',
            public: false,
            snapshotIds: ['snap-00000000000000002'],
          },
        },
        encrypted('vol-00000000000000001', PENDING_KEY),
        encrypted('vol-00000000000000002', UNGRANTED_KEY),
      ],
      FaultsSchema.parse({ kmsGrantMissing: [{ keyId: UNGRANTED_KEY }] }),
    );
    const account = fleet.accounts[0]!;
    Object.assign(account, {
      kmsKeys: { [PENDING_KEY]: 'PendingDeletion' },
      launchTemplates: [
        {
          id: 'lt-0000000000000000a',
          name: 'web',
          region: REGION,
          versions: [
            { versionNumber: 1, snapshotIds: [] },
            { versionNumber: 2, snapshotIds: ['snap-00000000000000001'] },
          ],
        },
      ],
    });
    bench = await startRemediationBench(fleet);
  }, 120_000);

  afterAll(async () => bench?.stop());

  const writes = () =>
    bench.sandbox.calls.records.filter(
      (call) => call.service === 'ec2' && !call.action.startsWith('Describe'),
    );
  const fleetState = () =>
    JSON.stringify(
      (['ec2:instance', 'ec2:snapshot', 'ec2:volume'] as const).map((type) =>
        bench.sandbox.state.list(ACCOUNT, REGION, type),
      ),
    );

  /** Requests a fix of each finding, one request each, and waits for every run to finish. */
  async function refusedRuns(entries: Parameters<RemediationBench['seed']>[0]) {
    const findingIds = await bench.seed(entries);
    const before = fleetState();
    bench.sandbox.calls.reset();
    const runs = [];
    for (const findingId of findingIds) {
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId],
        reason: 'cleanup',
        requestedBy: OPERATOR,
      });
      runs.push(await bench.settle(requested.id));
    }
    return { runs, before };
  }

  it('refuses to stop an instance with stop protection: no write is sent and the instance keeps running', async () => {
    // Act
    const { runs, before } = await refusedRuns([
      { nativeId: 'i-00000000000000001', type: 'ec2:instance', ruleId: 'ec2-idle-instance' },
    ]);

    // Assess
    const [{ remediation, items }] = runs as [(typeof runs)[number]];
    expect(remediation.status).toBe('refused');
    expect(items[0]!.error).toMatch(/stop protection is on \(disableApiStop\)/);
    expect(items[0]!.steps.find((s) => s.name === 'preflight')?.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'no-stop-protection', passed: false }),
        expect.objectContaining({ id: 'termination-protection', passed: true }),
      ]),
    );
    expect(writes()).toEqual([]);
    expect(fleetState()).toBe(before);
  }, 60_000);

  it('refuses to delete a snapshot a launch template version or an AMI uses, read live through the role', async () => {
    // Act
    const { runs, before } = await refusedRuns([
      { nativeId: 'snap-00000000000000001', type: 'ec2:snapshot', ruleId: 'ebs-orphaned-snapshot' },
      { nativeId: 'snap-00000000000000002', type: 'ec2:snapshot', ruleId: 'ebs-orphaned-snapshot' },
    ]);

    // Assess
    expect(runs.map((run) => run.remediation.status)).toEqual(['refused', 'refused']);
    expect(runs[0]!.items[0]!.error).toMatch(/launched from by lt-0000000000000000a \(web\) version 2/);
    expect(runs[1]!.items[0]!.error).toMatch(/used by ami-00000000000000001 \(golden\)/);
    expect(writes()).toEqual([]);
    expect(fleetState()).toBe(before);
    expect(bench.sandbox.calls.records.map((c) => c.action)).toEqual(
      expect.arrayContaining(['DescribeImages', 'DescribeLaunchTemplates', 'DescribeLaunchTemplateVersions']),
    );
  }, 60_000);

  it('refuses to delete a volume whose customer-managed key is pending deletion', async () => {
    // Act
    const { runs, before } = await refusedRuns([
      { nativeId: 'vol-00000000000000001', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);

    // Assess
    const [{ remediation, items }] = runs as [(typeof runs)[number]];
    expect(remediation.status).toBe('refused');
    expect(items[0]!.error).toMatch(new RegExp(`KMS key ${PENDING_KEY}, which is PendingDeletion`));
    expect(writes()).toEqual([]);
    expect(fleetState()).toBe(before);
  }, 60_000);

  it('fails clearly when the backup snapshot fails for a missing KMS grant: the volume stays, no snapshot is left', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-00000000000000002', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'unused',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);

    // Act
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: APPROVER,
      reason: 'ok',
    });
    const { remediation, items } = await bench.settle(requested.id);

    // Assess
    expect(remediation.status).toBe('failed');
    expect(items[0]!.status).toBe('failed');
    expect(items[0]!.error).toMatch(
      new RegExp(
        `backup: snapshot snap-\\w+ failed: The KMS key ${UNGRANTED_KEY} is not accessible.*; the failed snapshot was deleted$`,
      ),
    );
    expect(items[0]!.steps.find((s) => s.name === 'preflight')?.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'kms-key-usable',
          passed: true,
          detail: expect.stringMatching(/customer-managed KMS key/),
        }),
      ]),
    );
    expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'request:succeeded',
      'preflight:succeeded',
      'dry-run:succeeded',
      'backup:failed',
    ]);
    expect(remediation.summary).toMatch(
      /^failed: 0 of 1 succeeded, 1 failed \(vol-00000000000000002: .*backup: snapshot .* is not accessible/,
    );
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', 'vol-00000000000000002')).toBeDefined();
    expect(bench.sandbox.state.list(ACCOUNT, REGION, 'ec2:snapshot').map((s) => s.id)).toEqual([
      'snap-00000000000000001',
      'snap-00000000000000002',
    ]);
    expect(writes().map((c) => `${c.action}:${c.outcome}`)).not.toContain('DeleteVolume:ok');
  }, 90_000);
});
