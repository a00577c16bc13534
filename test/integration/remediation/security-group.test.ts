/**
 * Remediation of security groups, instances and addresses on the synthesized state machine: the real step handler through the
 * member remediation role against the sandbox, which applies every mutation, so each test asserts
 * the fleet afterwards as well as what the request recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbSavingsLedgerStore } from '../../../functions/adapters/dynamodb/savings-ledger-store';
import { decide } from '../../../functions/app/remediation/decide';
import { requestRemediation, requestUndo } from '../../../functions/app/remediation/request';
import {
  ACCOUNT,
  elasticIp,
  fleetOf,
  instance,
  REGION,
  type RemediationBench,
  securityGroup,
  startRemediationBench,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';

describe('revoking an open rule, verifying it, and undoing it', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf([
        securityGroup('sg-00000000000000001'),
        securityGroup('sg-00000000000000002'),
        instance('i-00000000000000004'),
        elasticIp('eipalloc-00000000000000001'),
      ]),
      { settings: { requireDistinctApprover: false } },
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  const group = (id: string) => bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:security-group', id)!;

  it('revokes only 0.0.0.0/0 on port 22, keeps the rest, and undo authorizes exactly that rule again', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'sg-00000000000000001', type: 'ec2:security-group', ruleId: 'sg-admin-port-open-ipv4' },
    ]);
    const original = structuredClone(group('sg-00000000000000001').attributes.ingress);

    // Act
    const fix = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'SSH open to the world',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(fix.id);
    await decide(bench.api, { remediationId: fix.id, decision: 'approved', by: OPERATOR, reason: 'ok' });
    const fixed = await bench.settle(fix.id);
    const afterFix = structuredClone(group('sg-00000000000000001').attributes.ingress);
    const undo = await requestUndo(bench.api, {
      remediationId: fix.id,
      reason: 'the bastion needs it',
      requestedBy: OPERATOR,
    });
    const undone = await bench.settle(undo.id);

    // Assess
    expect(fixed.remediation.status).toBe('succeeded');
    expect(afterFix).toEqual([
      {
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        ipv4Ranges: ['10.0.0.0/8'],
        ipv6Ranges: [],
        sourceGroupIds: [],
        prefixListIds: [],
      },
      original[1],
    ]);
    expect(undone.remediation.status).toBe('succeeded');
    expect(
      group('sg-00000000000000001').attributes.ingress.map((r) => ({
        ...r,
        ipv4Ranges: [...r.ipv4Ranges].sort(),
      })),
    ).toEqual(original.map((r) => ({ ...r, ipv4Ranges: [...r.ipv4Ranges].sort() })));
    expect((await bench.detail(fix.id)).remediation.status).toBe('undone');
  }, 90_000);

  it('reports a failed verification when the rule is back open after the change (something re-opened it)', async () => {
    // Prepare: another automation re-adds the rule whenever it disappears.
    const [findingId] = await bench.seed([
      { nativeId: 'sg-00000000000000002', type: 'ec2:security-group', ruleId: 'sg-admin-port-open-ipv4' },
    ]);
    const original = structuredClone(group('sg-00000000000000002'));
    const unsubscribe = bench.sandbox.state.onUpdate((_account, _before, after) => {
      if (
        after.id === 'sg-00000000000000002' &&
        after.type === 'ec2:security-group' &&
        !after.attributes.ingress[0]?.ipv4Ranges.includes('0.0.0.0/0')
      ) {
        queueMicrotask(() => bench.sandbox.state.update(ACCOUNT, original));
      }
    });

    try {
      // Act
      const fix = await requestRemediation(bench.api, {
        findingIds: [findingId!],
        reason: 'SSH open',
        requestedBy: OPERATOR,
      });
      await bench.awaitingApproval(fix.id);
      await decide(bench.api, { remediationId: fix.id, decision: 'approved', by: OPERATOR, reason: 'ok' });
      const { remediation, items } = await bench.settle(fix.id);

      // Assess
      expect(remediation.status).toBe('failed');
      expect(items[0]!.status).toBe('failed');
      expect(items[0]!.error).toMatch(/verify: still open: tcp 22 from 0\.0\.0\.0\/0/);
      expect(items[0]!.steps.at(-1)).toMatchObject({ name: 'verify', status: 'failed' });
    } finally {
      unsubscribe();
    }
  }, 90_000);

  it('stops an idle instance and starts it again on undo; an Elastic IP release is not undoable', async () => {
    // Prepare
    const [stopFinding, eipFinding] = await bench.seed([
      { nativeId: 'i-00000000000000004', type: 'ec2:instance', ruleId: 'ec2-idle-instance', savings: 73 },
      {
        nativeId: 'eipalloc-00000000000000001',
        type: 'ec2:elastic-ip',
        ruleId: 'ec2-unassociated-elastic-ip',
      },
    ]);

    // Act
    const stop = await requestRemediation(bench.api, {
      findingIds: [stopFinding!],
      reason: 'idle for weeks',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(stop.id);
    await decide(bench.api, { remediationId: stop.id, decision: 'approved', by: APPROVER, reason: 'ok' });
    const stopped = await bench.settle(stop.id);
    const stateAfterStop = bench.sandbox.state.find(
      ACCOUNT,
      REGION,
      'ec2:instance',
      'i-00000000000000004',
    )?.state;
    const ledger = new DynamoDbSavingsLedgerStore(createDocumentClient(), bench.dynamo.tableName);
    const opened = await ledger.get(ACCOUNT, stop.id, '0');
    const undo = await requestUndo(bench.api, {
      remediationId: stop.id,
      reason: 'needed after all',
      requestedBy: OPERATOR,
    });
    await bench.settle(undo.id);
    const closed = await ledger.get(ACCOUNT, stop.id, '0');
    const release = await requestRemediation(bench.api, {
      findingIds: [eipFinding!],
      reason: 'unused',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(release.id);
    await decide(bench.api, { remediationId: release.id, decision: 'approved', by: APPROVER, reason: 'ok' });
    const released = await bench.settle(release.id);
    const undoRelease = await requestUndo(bench.api, {
      remediationId: release.id,
      reason: 'oops',
      requestedBy: OPERATOR,
    }).catch((e: Error) => e);

    // Assess
    expect(stopped.remediation.status).toBe('succeeded');
    expect(stateAfterStop).toBe('stopped');
    // The verified stop opened a ledger entry; the undo closed it, keeping what was confirmed before.
    const acted = stopped.items[0]!.steps.find((step) => step.name === 'act')!.at;
    expect(opened).toMatchObject({
      actionId: 'ec2-stop-idle-instance',
      status: 'holding',
      actedAt: acted,
      expectedMonthlyUsd: 73,
      costService: 'Amazon Elastic Compute Cloud - Compute',
    });
    expect(closed).toMatchObject({
      status: 'undone',
      endDetail: `undone by remediation ${undo.id}`,
      lastConfirmedAt: opened!.lastConfirmedAt,
    });
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:instance', 'i-00000000000000004')?.state).toBe(
      'running',
    );
    expect(released.remediation.status).toBe('succeeded');
    expect(released.items[0]!.backup).toMatchObject({
      publicIp: '203.0.113.10',
      allocationId: 'eipalloc-00000000000000001',
    });
    expect(bench.sandbox.state.list(ACCOUNT, REGION, 'ec2:elastic-ip')).toHaveLength(0);
    expect(undoRelease).toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/not undoable/),
    });
  }, 90_000);
});
