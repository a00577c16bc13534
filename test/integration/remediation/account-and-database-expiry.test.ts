/**
 * Approval timeout for the Block Public Access and RDS stop actions (both need a person) on the
 * synthesized state machine: its own file, since the step handler keeps the clients of the first
 * bench its module was loaded with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRemediation } from '../../../functions/app/remediation/request';
import type { FleetResourceOf } from '../../sandbox/fleet';
import {
  ACCOUNT,
  bucket,
  dbInstance,
  fleetOf,
  REGION,
  type RemediationBench,
  startRemediationBench,
} from './harness';

const OPERATOR = 'olivia@example.com';
const PARTIAL = {
  blockPublicAcls: true,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

describe('an approval nobody gives, for the actions that need one', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf([bucket('expiring-bucket', PARTIAL), dbInstance('expiring-db')], undefined, {
        accountOptIn: true,
      }),
      { approvalTimeoutSeconds: 1 },
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  it('expires the Block Public Access and the RDS stop requests, changing nothing', async () => {
    // Prepare
    const [bucketFinding] = await bench.seed([
      { nativeId: 'expiring-bucket', type: 's3:bucket', ruleId: 's3-public-access-block-incomplete' },
    ]);
    const [dbFinding] = await bench.seed([
      { nativeId: 'expiring-db', type: 'rds:db-instance', ruleId: 'rds-idle-instance' },
    ]);

    // Act
    const runs = [];
    for (const findingId of [bucketFinding!, dbFinding!]) {
      const requested = await requestRemediation(bench.api, {
        findingIds: [findingId],
        reason: 'baseline',
        requestedBy: OPERATOR,
      });
      runs.push(await bench.settle(requested.id));
    }

    // Assess
    expect(runs.map((run) => run.remediation.status)).toEqual(['expired', 'expired']);
    expect(runs.map((run) => run.items[0]!.status)).toEqual(['skipped', 'skipped']);
    const stored = bench.sandbox.state.find(
      ACCOUNT,
      REGION,
      's3:bucket',
      'expiring-bucket',
    ) as FleetResourceOf<'s3:bucket'>;
    expect(stored.attributes.publicAccessBlock).toEqual(PARTIAL);
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'rds:db-instance', 'expiring-db')?.state).toBe(
      'available',
    );
    expect(bench.sandbox.state.list(ACCOUNT, REGION, 'rds:db-snapshot')).toHaveLength(0);
  }, 60_000);
});
