/**
 * Remediation end to end on the synthesized state machine: the real step handler through the
 * member remediation role against the sandbox, which applies every mutation, so each test asserts
 * the fleet afterwards as well as what the request recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../functions/app/remediation/decide';
import { requestRemediation } from '../../../functions/app/remediation/request';
import type { FleetResourceOf } from '../../sandbox/fleet';
import {
  ACCOUNT,
  elasticIp,
  fleetOf,
  instance,
  REGION,
  type RemediationBench,
  securityGroup,
  startRemediationBench,
  volume,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';

describe('remediation workflow on the synthesized state machine', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf([
        volume('vol-00000000000000001'),
        volume('vol-00000000000000002', {}),
        volume('vol-00000000000000003'),
        volume('vol-00000000000000004'),
        volume('vol-00000000000000005'),
        volume('vol-00000000000000006'),
        volume('vol-00000000000000007'),
        instance('i-00000000000000001'),
        instance('i-00000000000000002', {
          'hostmaster:remediation': 'allow',
          'aws:autoscaling:groupName': 'web-asg',
        }),
        instance('i-00000000000000003'),
        instance('i-00000000000000004'),
        securityGroup('sg-00000000000000001'),
        securityGroup('sg-00000000000000002'),
        elasticIp('eipalloc-00000000000000001'),
      ]),
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  const vol = (id: string) => bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', id);
  const snapshots = () => bench.sandbox.state.list(ACCOUNT, REGION, 'ec2:snapshot');

  it('snapshots then deletes an unattached volume once another operator approves, and verifies it', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-00000000000000001', type: 'ec2:volume', ruleId: 'ebs-unattached-volume', savings: 10 },
    ]);

    // Act
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'unused since March',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);
    const beforeApproval = { volume: vol('vol-00000000000000001'), snapshots: snapshots().length };
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: APPROVER,
      reason: 'checked with the owner',
    });
    const { remediation, items } = await bench.settle(requested.id);

    // Assess
    expect(beforeApproval.volume).toBeDefined();
    expect(beforeApproval.snapshots).toBe(0);
    expect(remediation.status).toBe('succeeded');
    expect(remediation.approval).toMatchObject({ decision: 'approved', decidedBy: APPROVER });
    expect(vol('vol-00000000000000001')).toBeUndefined();
    const [backup] = snapshots();
    expect(backup).toMatchObject({
      attributes: { volumeId: 'vol-00000000000000001' },
      tags: { 'hostmaster:remediation-id': requested.id },
    });
    expect(items[0]!.backup?.snapshotId).toBe(backup!.id);
    expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'request:succeeded',
      'preflight:succeeded',
      'dry-run:succeeded',
      'backup:succeeded',
      'act:succeeded',
      'verify:succeeded',
    ]);
    const subjects = bench.sandbox.sns.messages(bench.emailTopicArn).map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/approval needed/),
        expect.stringMatching(/ebs-delete-unattached-volume succeeded/),
      ]),
    );
  }, 60_000);

  it('refuses the requester as approver when a second person is required', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-00000000000000007', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'cleanup',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);

    // Act
    const refusal = await decide(bench.api, {
      remediationId: requested.id,
      decision: 'approved',
      by: OPERATOR,
      reason: 'me',
    }).catch((e: Error) => e);
    await decide(bench.api, {
      remediationId: requested.id,
      decision: 'rejected',
      by: APPROVER,
      reason: 'owner wants it',
    });
    const { remediation, items } = await bench.settle(requested.id);

    // Assess
    expect(refusal).toMatchObject({ name: 'SameApproverError' });
    expect(remediation.status).toBe('rejected');
    expect(items[0]!.status).toBe('skipped');
    expect(vol('vol-00000000000000007')).toBeDefined();
  }, 60_000);

  it('refuses an item pre-flight or the role refuses: untagged and Auto Scaling resources are left alone', async () => {
    // Prepare
    const ids = await bench.seed([
      { nativeId: 'vol-00000000000000002', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);
    const [asg] = await bench.seed([
      { nativeId: 'i-00000000000000002', type: 'ec2:instance', ruleId: 'ec2-idle-instance' },
    ]);

    // Act
    const untagged = await requestRemediation(bench.api, {
      findingIds: ids,
      reason: 'cleanup',
      requestedBy: OPERATOR,
    });
    const inAsg = await requestRemediation(bench.api, {
      findingIds: [asg!],
      reason: 'idle',
      requestedBy: OPERATOR,
    });
    const [untaggedRun, asgRun] = [await bench.settle(untagged.id), await bench.settle(inAsg.id)];
    // The role itself, asked directly, refuses the untagged volume even in a dry run.
    const direct = await bench.executor.call(
      ACCOUNT,
      REGION,
      { service: 'ec2', action: 'DeleteVolume', input: { VolumeId: 'vol-00000000000000002' } },
      { dryRun: false },
    );

    // Assess
    expect(untaggedRun.remediation.status).toBe('refused');
    expect(untaggedRun.items[0]!.error).toMatch(/not tagged hostmaster:remediation=allow/);
    expect(asgRun.remediation.status).toBe('refused');
    expect(asgRun.items[0]!.error).toMatch(/Auto Scaling group web-asg/);
    expect(direct).toMatchObject({ ok: false, code: 'UnauthorizedOperation' });
    expect(vol('vol-00000000000000002')).toBeDefined();
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:instance', 'i-00000000000000002')?.state).toBe(
      'running',
    );
  }, 60_000);

  it('runs a bulk request item by item: one refused item never holds back the others', async () => {
    // Prepare
    const ids = await bench.seed(
      ['vol-00000000000000003', 'vol-00000000000000004', 'vol-00000000000000005'].map((nativeId) => ({
        nativeId,
        type: 'ec2:volume' as const,
        ruleId: 'ebs-gp2-to-gp3',
      })),
    );
    // A volume already changed to gp3 by someone else between the finding and the request.
    const moved = vol('vol-00000000000000005')!;
    bench.sandbox.state.update(ACCOUNT, {
      ...moved,
      attributes: { ...moved.attributes, volumeType: 'gp3' },
    } as typeof moved);

    // Act
    const requested = await requestRemediation(bench.api, {
      findingIds: ids,
      reason: 'gp3 is cheaper',
      requestedBy: OPERATOR,
    });
    const { remediation, items } = await bench.settle(requested.id);

    // Assess: not destructive, so no approval; two changed and verified, one refused.
    expect(remediation.approval.required).toBe(false);
    expect(remediation.counts).toMatchObject({ items: 3, succeeded: 2, refused: 1, failed: 0 });
    expect(items.map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'refused']);
    expect((vol('vol-00000000000000003') as FleetResourceOf<'ec2:volume'>).attributes.volumeType).toBe('gp3');
    expect(remediation.summary).toBe('succeeded: 2 of 3 succeeded, 1 refused by pre-flight');
  }, 60_000);

  it('fails clearly when StopInstances is throttled after the preview: the instance keeps running', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'i-00000000000000003', type: 'ec2:instance', ruleId: 'ec2-idle-instance' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'idle',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);
    bench.sandbox.faults.throttle({ service: 'ec2', action: 'StopInstances', probability: 1 });

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
    expect(items[0]!.error).toMatch(/act: ec2:StopInstances failed with RequestLimitExceeded/);
    expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).not.toContain('verify:succeeded');
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:instance', 'i-00000000000000003')?.state).toBe(
      'running',
    );
  }, 90_000);
});
