/**
 * Approval timeout on the synthesized state machine: the real step handler through the
 * member remediation role against the sandbox, which applies every mutation, so each test asserts
 * the fleet afterwards as well as what the request recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRemediation } from '../../../functions/app/remediation/request';
import { ACCOUNT, fleetOf, REGION, type RemediationBench, startRemediationBench, volume } from './harness';

const OPERATOR = 'olivia@example.com';
const _APPROVER = 'adam@example.com';

describe('a request nobody approves', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(fleetOf([volume('vol-0000000000000000a')]), {
      approvalTimeoutSeconds: 1,
    });
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
      expect(expiring.sandbox.state.list(ACCOUNT, REGION, 'ec2:snapshot')).toHaveLength(0);
    }
  }, 60_000);
});
