/**
 * Approval timeout on the synthesized state machine: the real step handler through the
 * member remediation role against the sandbox, which applies every mutation, so each test asserts
 * the fleet afterwards as well as what the request recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRemediation } from '../../../functions/app/remediation/request';
import {
  ACCOUNT,
  elasticIp,
  fleetOf,
  instance,
  REGION,
  type RemediationBench,
  securityGroup,
  snapshot,
  startRemediationBench,
  volume,
} from './harness';

const OPERATOR = 'olivia@example.com';

type Seed = Parameters<RemediationBench['seed']>[0][number];

describe('a request nobody approves', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(
      fleetOf([
        volume('vol-0000000000000000a'),
        instance('i-0000000000000000d'),
        elasticIp('eipalloc-0000000000000000d'),
        snapshot('snap-0000000000000000d'),
        securityGroup('sg-0000000000000000d'),
      ]),
      { approvalTimeoutSeconds: 1 },
    );
  }, 120_000);

  afterAll(async () => bench?.stop());

  it('expires a request nobody approved in time, changing nothing', async () => {
    // Prepare
    const expiring = bench;
    {
      const [findingId] = await expiring.seed([
        { nativeId: 'vol-0000000000000000a', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
      ]);

      // Act
      const requested = await requestRemediation(expiring.api, {
        findingIds: [findingId!],
        reason: 'cleanup',
        requestedBy: OPERATOR,
      });
      const { remediation, items } = await expiring.settle(requested.id);

      // Assess
      expect(remediation.status).toBe('expired');
      expect(items[0]!.status).toBe('skipped');
      expect(
        expiring.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', 'vol-0000000000000000a'),
      ).toBeDefined();
      expect(
        expiring.sandbox.state
          .list(ACCOUNT, REGION, 'ec2:snapshot')
          .filter((s) => s.tags['hostmaster:remediation-id'] !== undefined),
      ).toHaveLength(0);
    }
  }, 60_000);

  it('expires the stop, the release, the deletion and the revoke, changing nothing', async () => {
    // Prepare
    const before = JSON.stringify(bench.sandbox.state.list(ACCOUNT, REGION, 'ec2:instance'));
    const seeds: Seed[] = [
      { nativeId: 'i-0000000000000000d', type: 'ec2:instance', ruleId: 'ec2-idle-instance' },
      {
        nativeId: 'eipalloc-0000000000000000d',
        type: 'ec2:elastic-ip',
        ruleId: 'ec2-unassociated-elastic-ip',
      },
      { nativeId: 'snap-0000000000000000d', type: 'ec2:snapshot', ruleId: 'ebs-orphaned-snapshot' },
      { nativeId: 'sg-0000000000000000d', type: 'ec2:security-group', ruleId: 'sg-admin-port-open-ipv4' },
    ];
    const findingIds = await bench.seed(seeds);

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

    // Assess
    expect(runs.map((r) => r.remediation.status)).toEqual(['expired', 'expired', 'expired', 'expired']);
    for (const run of runs) {
      expect(run.items[0]!.status).toBe('skipped');
      expect(run.items[0]!.steps.map((s) => s.name)).not.toContain('act');
    }
    expect(JSON.stringify(bench.sandbox.state.list(ACCOUNT, REGION, 'ec2:instance'))).toBe(before);
    expect(
      bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:elastic-ip', 'eipalloc-0000000000000000d'),
    ).toBeDefined();
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:snapshot', 'snap-0000000000000000d')).toBeDefined();
    expect(
      (
        bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:security-group', 'sg-0000000000000000d') as {
          attributes: { ingress: { ipv4Ranges: string[] }[] };
        }
      ).attributes.ingress[0]!.ipv4Ranges,
    ).toContain('0.0.0.0/0');
  }, 90_000);
});
