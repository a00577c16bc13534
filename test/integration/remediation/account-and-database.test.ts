/**
 * The Block Public Access, RDS stop and EBS encryption-by-default actions end to end on the
 * synthesized state machine: the real step handler through the member remediation role against the
 * sandbox, which enforces the role's tag and account opt-in conditions and applies every mutation.
 * The member ACCOUNT is opted in as a whole (`hostmaster:remediationAccounts`); OTHER_ACCOUNT is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../functions/app/remediation/decide';
import { previewFix, requestRemediation, requestUndo } from '../../../functions/app/remediation/request';
import type { FleetResourceOf } from '../../sandbox/fleet';
import {
  ACCOUNT,
  bucket,
  dbInstance,
  ebsEncryptionDefault,
  fleetOf,
  OTHER_ACCOUNT,
  REGION,
  type RemediationBench,
  startRemediationBench,
} from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';
const PARTIAL = {
  blockPublicAcls: true,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const ALL_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const steps = (item: { steps: readonly { name: string; status: string }[] }) =>
  item.steps.map((s) => `${s.name}:${s.status}`);

describe('account-level and database remediations', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf(
        [
          bucket('assets-partial', PARTIAL),
          bucket('assets-none', null),
          bucket('assets-reverted', null),
          dbInstance('reports-db'),
          dbInstance('restarted-db'),
          dbInstance('aurora-member', undefined, {
            engine: 'aurora-postgresql',
            dbClusterIdentifier: 'orders',
          }),
          dbInstance('replica-db', undefined, { readReplicaSource: 'reports-db' }),
          ebsEncryptionDefault(false),
        ],
        undefined,
        {
          accountOptIn: true,
          other: [
            bucket('other-account-bucket', null, { 'hostmaster:remediation': 'allow' }),
            ebsEncryptionDefault(false),
            // Untagged, in an account not opted in as a whole: nothing may touch it.
            dbInstance('untagged-db', {}),
          ],
        },
      ),
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  const bucketIn = (id: string, account = ACCOUNT) =>
    bench.sandbox.state.find(account, REGION, 's3:bucket', id) as FleetResourceOf<'s3:bucket'> | undefined;
  const db = (id: string) => bench.sandbox.state.find(ACCOUNT, REGION, 'rds:db-instance', id);
  const ebs = (account = ACCOUNT) =>
    bench.sandbox.state.find(account, REGION, 'ec2:ebs-encryption-default', 'ebs-encryption-default') as
      | FleetResourceOf<'ec2:ebs-encryption-default'>
      | undefined;

  /** Runs a fix to its end, approving it when it waits for a person. */
  async function fix(findingId: string, approve: boolean) {
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId],
      reason: 'security baseline',
      requestedBy: OPERATOR,
    });
    if (approve) {
      await bench.awaitingApproval(requested.id);
      await decide(bench.api, {
        remediationId: requested.id,
        decision: 'approved',
        by: APPROVER,
        reason: 'ok',
      });
    }
    return bench.settle(requested.id);
  }

  describe('S3 Block Public Access', () => {
    it('previews one PutPublicAccessBlock that takes no DryRun, with the account opt-in check', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        { nativeId: 'assets-partial', type: 's3:bucket', ruleId: 's3-public-access-block-incomplete' },
      ]);

      // Act
      const preview = await previewFix(bench.api, findingId!);
      // Asked for a dry run of a call S3 cannot dry-run, the executor refuses rather than make it.
      const dryRun = await bench.executor.call(ACCOUNT, REGION, preview.actCalls[0]!, { dryRun: true });

      // Assess
      expect(preview.action).toMatchObject({ id: 's3-block-public-access', destructive: true });
      expect(preview.actCalls).toEqual([
        {
          service: 's3',
          action: 'PutPublicAccessBlock',
          dryRunnable: false,
          input: {
            Bucket: 'assets-partial',
            ExpectedBucketOwner: ACCOUNT,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          },
        },
      ]);
      expect(preview.preflight.passed).toBe(true);
      expect(preview.preflight.checks.find((c) => c.id === 'opted-in')?.detail).toMatch(
        /opted in as a whole/,
      );
      expect(dryRun).toMatchObject({ ok: false, code: 'DryRunUnsupported' });
      expect(bucketIn('assets-partial')?.attributes.publicAccessBlock).toEqual(PARTIAL);
    }, 60_000);

    it('turns all four settings on once approved, says the dry run could not send it, and undo restores the exact old block', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        { nativeId: 'assets-partial', type: 's3:bucket', ruleId: 's3-public-access-block-incomplete' },
      ]);

      // Act
      const { remediation, items } = await fix(findingId!, true);
      const afterFix = bucketIn('assets-partial')?.attributes.publicAccessBlock;
      const undo = await requestUndo(bench.api, {
        remediationId: remediation.id,
        reason: 'the site broke',
        requestedBy: OPERATOR,
      });
      const undone = await bench.settle(undo.id);

      // Assess
      expect(remediation.status).toBe('succeeded');
      expect(afterFix).toEqual(ALL_ON);
      expect(items[0]!.backup?.previousPublicAccessBlock).toBe(JSON.stringify(PARTIAL));
      expect(steps(items[0]!)).toEqual([
        'request:succeeded',
        'preflight:succeeded',
        'dry-run:succeeded',
        'backup:succeeded',
        'act:succeeded',
        'verify:succeeded',
      ]);
      expect(items[0]!.steps.find((s) => s.name === 'dry-run')?.detail).toMatch(
        /s3:PutPublicAccessBlock .*no DryRun.*not sent/,
      );
      expect(undone.remediation.status).toBe('succeeded');
      expect(bucketIn('assets-partial')?.attributes.publicAccessBlock).toEqual(PARTIAL);
    }, 90_000);

    it('undoes a bucket that had no block by deleting the block again', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        { nativeId: 'assets-none', type: 's3:bucket', ruleId: 's3-public-access-block-incomplete' },
      ]);

      // Act
      const { remediation, items } = await fix(findingId!, true);
      const afterFix = bucketIn('assets-none')?.attributes.publicAccessBlock;
      const undo = await requestUndo(bench.api, {
        remediationId: remediation.id,
        reason: 'revert',
        requestedBy: OPERATOR,
      });
      const undone = await bench.settle(undo.id);

      // Assess
      expect(afterFix).toEqual(ALL_ON);
      expect(items[0]!.backup?.previousPublicAccessBlock).toBe('none');
      expect(undone.items[0]!.actCalls.map((c) => c.action)).toEqual(['DeletePublicAccessBlock']);
      expect(bucketIn('assets-none')?.attributes.publicAccessBlock).toBeNull();
    }, 90_000);

    it('refuses a bucket of an account not opted in as a whole, tag or not, and the role refuses it too', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        {
          nativeId: 'other-account-bucket',
          type: 's3:bucket',
          ruleId: 's3-public-access-block-incomplete',
          accountId: OTHER_ACCOUNT,
        },
      ]);

      // Act
      const run = await fix(findingId!, false);
      const direct = await bench.executor.call(
        OTHER_ACCOUNT,
        REGION,
        {
          service: 's3',
          action: 'PutPublicAccessBlock',
          input: {
            Bucket: 'other-account-bucket',
            PublicAccessBlockConfiguration: { BlockPublicAcls: true },
          },
        },
        { dryRun: false },
      );

      // Assess
      expect(run.remediation.status).toBe('refused');
      expect(run.items[0]!.error).toMatch(/not opted in as a whole/);
      expect(direct).toMatchObject({ ok: false, code: 'AccessDenied' });
      expect(bucketIn('other-account-bucket', OTHER_ACCOUNT)?.attributes.publicAccessBlock).toBeNull();
    }, 60_000);

    it('fails verification when the block does not stick: the item fails and the run says so', async () => {
      // Prepare: the verify describe is slowed so that something can turn the block off after the change
      // (a drift-correcting pipeline, another administrator) before HostMaster re-reads it.
      const [findingId] = await bench.seed([
        { nativeId: 'assets-reverted', type: 's3:bucket', ruleId: 's3-public-access-block-incomplete' },
      ]);
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId!],
        reason: 'baseline',
        requestedBy: OPERATOR,
      });
      await bench.awaitingApproval(requested.id);
      bench.sandbox.faults.delay({
        service: 's3',
        action: 'GetPublicAccessBlock',
        accountId: ACCOUNT,
        ms: 1500,
      });

      // Act
      const since = bench.sandbox.calls.records.length;
      await decide(bench.api, {
        remediationId: requested.id,
        decision: 'approved',
        by: APPROVER,
        reason: 'ok',
      });
      await revertAfter(since, 's3', 'PutPublicAccessBlock', () => {
        const changed = bucketIn('assets-reverted')!;
        bench.sandbox.state.update(ACCOUNT, {
          ...changed,
          attributes: { ...changed.attributes, publicAccessBlock: null },
        });
      });
      const { remediation, items } = await bench.settle(requested.id);

      // Assess
      expect(remediation.status).toBe('failed');
      expect(items[0]!.status).toBe('failed');
      expect(items[0]!.steps.find((s) => s.name === 'verify')).toMatchObject({ status: 'failed' });
      expect(items[0]!.error).toMatch(/still off/);
      expect(remediation.summary).toMatch(/failed/);
    }, 90_000);
  });

  describe('RDS stop with snapshot', () => {
    it('snapshots the DB (tagged so the role may act on it), waits for it, stops the DB, and undo starts it', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        { nativeId: 'reports-db', type: 'rds:db-instance', ruleId: 'rds-idle-instance', savings: 140 },
      ]);

      // Act
      const { remediation, items } = await fix(findingId!, true);
      const stateAfterFix = db('reports-db')?.state;
      const snapshots = bench.sandbox.state.list(ACCOUNT, REGION, 'rds:db-snapshot');
      const undo = await requestUndo(bench.api, {
        remediationId: remediation.id,
        reason: 'needed',
        requestedBy: OPERATOR,
      });
      const undone = await bench.settle(undo.id);

      // Assess
      expect(remediation.status).toBe('succeeded');
      expect(stateAfterFix).toBe('stopped');
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]).toMatchObject({
        id: `hostmaster-${remediation.id}-reports-db`,
        state: 'available',
        attributes: { dbInstanceIdentifier: 'reports-db', snapshotType: 'manual' },
        tags: { 'hostmaster:remediation': 'allow', 'hostmaster:remediation-id': remediation.id },
      });
      expect(items[0]!.backup?.dbSnapshotId).toBe(snapshots[0]!.id);
      expect(items[0]!.steps.find((s) => s.name === 'dry-run')?.detail).toMatch(
        /0 call\(s\).*rds:CreateDBSnapshot, rds:StopDBInstance .*no DryRun/,
      );
      expect(undone.remediation.status).toBe('succeeded');
      expect(db('reports-db')?.state).toBe('available');
    }, 90_000);

    it('refuses an untagged DB, an Aurora member and a read replica before anything is called', async () => {
      // Prepare
      const ids = await bench.seed(
        (
          [
            ['untagged-db', OTHER_ACCOUNT],
            ['aurora-member', ACCOUNT],
            ['replica-db', ACCOUNT],
          ] as const
        ).map(([nativeId, accountId]) => ({
          nativeId,
          accountId,
          type: 'rds:db-instance' as const,
          ruleId: 'rds-idle-instance',
        })),
      );

      // Act
      const runs = [];
      for (const id of ids) runs.push(await fix(id, false));
      const direct = await bench.executor.call(
        OTHER_ACCOUNT,
        REGION,
        { service: 'rds', action: 'StopDBInstance', input: { DBInstanceIdentifier: 'untagged-db' } },
        { dryRun: false },
      );
      const directSnapshot = await bench.executor.call(
        OTHER_ACCOUNT,
        REGION,
        {
          service: 'rds',
          action: 'CreateDBSnapshot',
          input: {
            DBInstanceIdentifier: 'untagged-db',
            DBSnapshotIdentifier: 'untagged-db-copy',
            Tags: [{ Key: 'hostmaster:remediation', Value: 'allow' }],
          },
        },
        { dryRun: false },
      );

      // Assess
      expect(runs.map((r) => r.remediation.status)).toEqual(['refused', 'refused', 'refused']);
      expect(runs[0]!.items[0]!.error).toMatch(/not tagged hostmaster:remediation=allow/);
      expect(runs[1]!.items[0]!.error).toMatch(/Aurora cluster orders/);
      expect(runs[2]!.items[0]!.error).toMatch(/read replica of reports-db/);
      expect(direct).toMatchObject({ ok: false, code: 'AccessDenied' });
      expect(directSnapshot).toMatchObject({ ok: false, code: 'AccessDenied' });
      for (const id of ['aurora-member', 'replica-db']) expect(db(id)?.state).toBe('available');
      expect(bench.sandbox.state.find(OTHER_ACCOUNT, REGION, 'rds:db-instance', 'untagged-db')?.state).toBe(
        'available',
      );
      expect(bench.sandbox.state.list(OTHER_ACCOUNT, REGION, 'rds:db-snapshot')).toEqual([]);
    }, 90_000);

    it('fails verification when the DB is running again before it is re-read: the run says failed', async () => {
      // Prepare: something outside HostMaster starts the DB straight after the stop.
      const [findingId] = await bench.seed([
        { nativeId: 'restarted-db', type: 'rds:db-instance', ruleId: 'rds-idle-instance' },
      ]);
      const original = structuredClone(db('restarted-db')!);
      const unsubscribe = bench.sandbox.state.onUpdate((_account, _before, after) => {
        if (after.id === 'restarted-db' && after.type === 'rds:db-instance' && after.state !== 'available') {
          queueMicrotask(() => bench.sandbox.state.update(ACCOUNT, original));
        }
      });

      try {
        // Act
        const { remediation, items } = await fix(findingId!, true);

        // Assess
        expect(remediation.status).toBe('failed');
        expect(items[0]!.status).toBe('failed');
        expect(items[0]!.steps.map((s) => `${s.name}:${s.status}`)).toContain('act:succeeded');
        expect(items[0]!.steps.at(-1)).toMatchObject({ name: 'verify', status: 'failed' });
        expect(items[0]!.error).toMatch(/verify: .*the DB instance is available/);
      } finally {
        unsubscribe();
      }
    }, 90_000);

    it('fails at the backup when the snapshot cannot be taken: the DB keeps running', async () => {
      // Prepare
      bench.sandbox.state.update(ACCOUNT, { ...db('reports-db')!, state: 'available' });
      const [findingId] = await bench.seed([
        { nativeId: 'reports-db', type: 'rds:db-instance', ruleId: 'rds-idle-instance' },
      ]);
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId!],
        reason: 'idle',
        requestedBy: OPERATOR,
      });
      await bench.awaitingApproval(requested.id);
      bench.sandbox.faults.throttle({ service: 'rds', action: 'CreateDBSnapshot', probability: 1 });

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
      expect(items[0]!.error).toMatch(/backup: rds:CreateDBSnapshot failed with Throttling/);
      expect(steps(items[0]!)).not.toContain('act:succeeded');
      expect(db('reports-db')?.state).toBe('available');
    }, 90_000);
  });

  describe('EBS encryption by default', () => {
    it('turns it on without approval in an opted-in account, verifies it, and undo turns it off again', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        {
          nativeId: 'ebs-encryption-default',
          type: 'ec2:ebs-encryption-default',
          ruleId: 'ebs-default-encryption-disabled',
        },
      ]);
      const preview = await previewFix(bench.api, findingId!);

      // Act
      const { remediation, items } = await fix(findingId!, false);
      const afterFix = ebs()?.attributes.enabled;
      const undo = await requestUndo(bench.api, {
        remediationId: remediation.id,
        reason: 'revert',
        requestedBy: OPERATOR,
      });
      const undone = await bench.settle(undo.id);

      // Assess
      expect(preview.actCalls).toEqual([
        { service: 'ec2', action: 'EnableEbsEncryptionByDefault', dryRunnable: true, input: {} },
      ]);
      expect(preview.action.undo).toMatch(/new volumes only/);
      expect(remediation.approval.required).toBe(false);
      expect(remediation.status).toBe('succeeded');
      expect(afterFix).toBe(true);
      expect(items[0]!.steps.find((s) => s.name === 'dry-run')?.detail).toBe(
        '1 call(s) would succeed (DryRun)',
      );
      expect(undone.remediation.status).toBe('succeeded');
      expect(ebs()?.attributes.enabled).toBe(false);
    }, 90_000);

    it('refuses the setting of an account not opted in as a whole, and the role refuses it even in a dry run', async () => {
      // Prepare
      const [findingId] = await bench.seed([
        {
          nativeId: 'ebs-encryption-default',
          type: 'ec2:ebs-encryption-default',
          ruleId: 'ebs-default-encryption-disabled',
          accountId: OTHER_ACCOUNT,
        },
      ]);

      // Act
      const run = await fix(findingId!, false);
      const calls = ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault'];
      const direct = [];
      for (const action of calls) {
        direct.push(
          await bench.executor.call(
            OTHER_ACCOUNT,
            REGION,
            { service: 'ec2', action, input: {} },
            { dryRun: true },
          ),
        );
      }

      // Assess
      expect(run.remediation.status).toBe('refused');
      expect(run.items[0]!.error).toMatch(/not opted in as a whole/);
      for (const outcome of direct)
        expect(outcome).toMatchObject({ ok: false, code: 'UnauthorizedOperation' });
      expect(ebs(OTHER_ACCOUNT)?.attributes.enabled).toBe(false);
    }, 60_000);

    it('fails verification when the setting is turned off again before it is re-read', async () => {
      // Prepare
      bench.sandbox.faults.delay({
        service: 'ec2',
        action: 'GetEbsEncryptionByDefault',
        accountId: ACCOUNT,
        ms: 1500,
      });
      const [findingId] = await bench.seed([
        {
          nativeId: 'ebs-encryption-default',
          type: 'ec2:ebs-encryption-default',
          ruleId: 'ebs-default-encryption-disabled',
        },
      ]);

      // Act
      const since = bench.sandbox.calls.records.length;
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId!],
        reason: 'baseline',
        requestedBy: OPERATOR,
      });
      await revertAfter(since, 'ec2', 'EnableEbsEncryptionByDefault', () => {
        const setting = ebs()!;
        bench.sandbox.state.update(ACCOUNT, { ...setting, attributes: { enabled: false } });
      });
      const { remediation, items } = await bench.settle(requested.id);

      // Assess
      expect(remediation.status).toBe('failed');
      expect(items[0]!.status).toBe('failed');
      expect(items[0]!.error).toMatch(/encryption by default is still off/);
      expect(ebs()?.attributes.enabled).toBe(false);
    }, 90_000);
  });

  /**
   * Waits until the sandbox answered `action` after call number `since`, then changes the fleet
   * behind HostMaster's back.
   */
  async function revertAfter(
    since: number,
    service: string,
    action: string,
    revert: () => void,
  ): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const answered = bench.sandbox.calls.records
        .slice(since)
        .some((c) => c.service === service && c.action === action && c.outcome === 'ok');
      if (answered) {
        revert();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${service}:${action} was never called`);
  }
});
