/**
 * The EC2 actions' cases the other files leave out, on the synthesized state machine against the
 * sandbox: an orphaned snapshot deleted end to end (and not undoable), gp2 → gp3 undone back to gp2,
 * a pre-flight refusal of each untagged resource kind, a verification that fails for each action
 * whose change does not stick (every destructive action expiring
 * unapproved is in expiry.test.ts, whose approval waits one second).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../functions/app/remediation/decide';
import { requestRemediation, requestUndo } from '../../../functions/app/remediation/request';
import type { FleetResource } from '../../sandbox/fleet';
import {
  ACCOUNT,
  elasticIp,
  fleetOf,
  instance,
  OPT_IN,
  REGION,
  type RemediationBench,
  securityGroup,
  snapshot,
  startRemediationBench,
  volume,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';

type Seed = Parameters<RemediationBench['seed']>[0][number];

describe('EC2 actions end to end', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf([
        snapshot('snap-0000000000000000a'),
        volume('vol-0000000000000000b'),
        volume('vol-0000000000000000e'),
        volume('vol-0000000000000000f'),
        volume('vol-00000000000000010', { ...OPT_IN, team: 'data' }),
        instance('i-0000000000000000e'),
        elasticIp('eipalloc-0000000000000000e'),
        snapshot('snap-0000000000000000e'),
        snapshot('snap-0000000000000000c', {}),
        elasticIp('eipalloc-0000000000000000c', {}),
        securityGroup('sg-0000000000000000c', {}),
      ]),
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  const find = (type: FleetResource['type'], id: string) =>
    bench.sandbox.state.find(ACCOUNT, REGION, type, id);

  it('deletes an orphaned snapshot once approved, verifies it is gone, and refuses to undo it', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'snap-0000000000000000a', type: 'ec2:snapshot', ruleId: 'ebs-orphaned-snapshot' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'orphaned for a year',
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
    const undo = await requestUndo(bench.api, {
      remediationId: requested.id,
      reason: 'oops',
      requestedBy: OPERATOR,
    }).catch((e: Error) => e);

    // Assess
    expect(remediation.status).toBe('succeeded');
    expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).toEqual(
      expect.arrayContaining(['dry-run:succeeded', 'act:succeeded', 'verify:succeeded']),
    );
    expect(find('ec2:snapshot', 'snap-0000000000000000a')).toBeUndefined();
    expect(undo).toBeInstanceOf(Error);
    expect((undo as Error).message).toMatch(/undo/i);
  }, 60_000);

  it('undoes a volume deletion by restoring a volume of the same size, type and tags from the backup', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-00000000000000010', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'unattached',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: APPROVER,
      reason: 'ok',
    });
    const deleted = await bench.settle(requested.id);

    // Act
    const undo = await requestUndo(bench.api, {
      remediationId: requested.id,
      reason: 'the data was needed',
      requestedBy: OPERATOR,
    });
    const undone = await bench.settle(undo.id);

    // Assess
    const snapshotId = deleted.items[0]!.backup?.snapshotId;
    const restored = bench.sandbox.state
      .list(ACCOUNT, REGION, 'ec2:volume')
      .find((v) => v.tags['hostmaster:restored-from'] === 'vol-00000000000000010') as
      | (FleetResource & { type: 'ec2:volume' })
      | undefined;
    expect(deleted.remediation.status).toBe('succeeded');
    expect(find('ec2:volume', 'vol-00000000000000010')).toBeUndefined();
    expect(undone.remediation.status).toBe('succeeded');
    expect(restored).toBeDefined();
    expect(restored!.attributes).toMatchObject({ sizeGiB: 100, volumeType: 'gp2', snapshotId });
    expect(restored!.tags).toMatchObject({ team: 'data', 'hostmaster:remediation': 'allow' });
  }, 60_000);

  it('changes a volume to gp3 without approval and undo changes it back to gp2', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-0000000000000000b', type: 'ec2:volume', ruleId: 'ebs-gp2-to-gp3' },
    ]);

    // Act
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'cheaper',
      requestedBy: OPERATOR,
    });
    const changed = await bench.settle(requested.id);
    const typeAfterChange = (
      find('ec2:volume', 'vol-0000000000000000b') as { attributes: { volumeType: string } }
    ).attributes.volumeType;
    const undo = await requestUndo(bench.api, {
      remediationId: requested.id,
      reason: 'a workload needs gp2 burst credits',
      requestedBy: OPERATOR,
    });
    const undone = await bench.settle(undo.id);

    // Assess
    expect(changed.remediation).toMatchObject({ status: 'succeeded', approval: { required: false } });
    expect(typeAfterChange).toBe('gp3');
    expect(undone.remediation.status).toBe('succeeded');
    expect(
      (find('ec2:volume', 'vol-0000000000000000b') as { attributes: { volumeType: string } }).attributes
        .volumeType,
    ).toBe('gp2');
  }, 60_000);

  it('refuses an untagged snapshot, address and security group at pre-flight, changing nothing', async () => {
    // Prepare
    const seeds: Seed[] = [
      { nativeId: 'snap-0000000000000000c', type: 'ec2:snapshot', ruleId: 'ebs-orphaned-snapshot' },
      {
        nativeId: 'eipalloc-0000000000000000c',
        type: 'ec2:elastic-ip',
        ruleId: 'ec2-unassociated-elastic-ip',
      },
      { nativeId: 'sg-0000000000000000c', type: 'ec2:security-group', ruleId: 'sg-admin-port-open-ipv4' },
    ];
    const findingIds = await bench.seed(seeds);
    const ec2Writes = () =>
      bench.sandbox.calls.records.filter((c) => c.service === 'ec2' && !/^(Describe|Get)/.test(c.action))
        .length;
    const writesBefore = ec2Writes();

    // Act
    const runs = [];
    for (const findingId of findingIds) {
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId],
        reason: 'cleanup',
        requestedBy: OPERATOR,
      });
      runs.push(await bench.settle(requested.id));
    }

    // Assess: refused before approval, with the reason; every resource as it was.
    expect(runs.map((r) => r.remediation.status)).toEqual(['refused', 'refused', 'refused']);
    for (const run of runs) expect(run.items[0]!.error).toMatch(/not tagged hostmaster:remediation=allow/);
    expect(find('ec2:snapshot', 'snap-0000000000000000c')).toBeDefined();
    expect(find('ec2:elastic-ip', 'eipalloc-0000000000000000c')).toBeDefined();
    expect(
      (find('ec2:security-group', 'sg-0000000000000000c') as { attributes: { ingress: unknown[] } })
        .attributes.ingress,
    ).toHaveLength(2);
    // Not even a DryRun: pre-flight refuses before the dry-run step.
    expect(ec2Writes()).toBe(writesBefore);
  }, 60_000);

  /**
   * Makes a change not stick, as something outside HostMaster would: a deleted resource is back
   * before verify re-describes it, an updated one is put back as it was.
   */
  function undoneBehindOurBack(type: FleetResource['type'], id: string): () => void {
    const state = bench.sandbox.state;
    const original = structuredClone(state.find(ACCOUNT, REGION, type, id)!);
    const remove = state.remove.bind(state);
    state.remove = (accountId, resource) => {
      const removed = remove(accountId, resource);
      if (removed && resource.type === type && resource.id === id) state.insert(accountId, original);
      return removed;
    };
    const unsubscribe = state.onUpdate((_account, _before, after) => {
      if (after.type === type && after.id === id && JSON.stringify(after) !== JSON.stringify(original)) {
        queueMicrotask(() => state.update(ACCOUNT, original));
      }
    });
    return () => {
      state.remove = remove;
      unsubscribe();
    };
  }

  it.each([
    [
      'deleting a volume',
      'ec2:volume',
      'vol-0000000000000000e',
      'ebs-unattached-volume',
      /the volume still exists/,
    ],
    [
      'stopping an instance',
      'ec2:instance',
      'i-0000000000000000e',
      'ec2-idle-instance',
      /the instance is running/,
    ],
    [
      'releasing an address',
      'ec2:elastic-ip',
      'eipalloc-0000000000000000e',
      'ec2-unassociated-elastic-ip',
      /is still allocated/,
    ],
    [
      'deleting a snapshot',
      'ec2:snapshot',
      'snap-0000000000000000e',
      'ebs-orphaned-snapshot',
      /the snapshot still exists/,
    ],
    ['changing to gp3', 'ec2:volume', 'vol-0000000000000000f', 'ebs-gp2-to-gp3', /still gp2/],
  ] as const)(
    'fails verification when %s does not stick: the run says failed, never succeeded',
    async (_what, type, id, ruleId, why) => {
      // Prepare
      const [findingId] = await bench.seed([{ nativeId: id, type, ruleId }]);
      const restore = undoneBehindOurBack(type, id);
      try {
        // Act
        const requested = await requestRemediation(bench.api, {
          findingIds: [findingId!],
          reason: 'cleanup',
          requestedBy: OPERATOR,
        });
        if (requested.approval.required) {
          await bench.awaitingApproval(requested.id);
          await decide(bench.api, {
            remediationId: requested.id,
            decision: 'approved',
            by: APPROVER,
            reason: 'ok',
          });
        }
        const { remediation, items } = await bench.settle(requested.id);

        // Assess
        expect(remediation.status).toBe('failed');
        expect(items[0]!.status).toBe('failed');
        expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).toContain('act:succeeded');
        expect(items[0]!.steps.at(-1)).toMatchObject({ name: 'verify', status: 'failed' });
        expect(items[0]!.error).toMatch(/verify/);
        expect(items[0]!.error).toMatch(why);
      } finally {
        restore();
      }
    },
    60_000,
  );
});
