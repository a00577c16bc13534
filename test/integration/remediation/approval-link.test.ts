/**
 * Approval from the emailed link, end to end on the synthesized state machine: the approval step
 * signs the link with the sandbox's KMS HMAC key and publishes it to the email topic; the link read
 * from the SNS outbox approves the request through the API's use case, the workflow proceeds, and a
 * second use of the same link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideByLink, readApprovalLink } from '../../../functions/app/remediation/approval-link';
import { requestRemediation } from '../../../functions/app/remediation/request';
import { ACCOUNT, fleetOf, REGION, type RemediationBench, startRemediationBench, volume } from './harness';

const OPERATOR = 'olivia@example.com';
const APPROVER = 'adam@example.com';

describe('approval from the emailed link', () => {
  let bench: RemediationBench;

  beforeAll(async () => {
    bench = await startRemediationBench(fleetOf([volume('vol-000000000000000e1')]));
  }, 120_000);

  afterAll(async () => bench?.stop());

  /** The link of the approval email about `id`, as a recipient would click it. */
  async function emailedLink(id: string): Promise<URL> {
    for (let i = 0; i < 100; i++) {
      const message = bench.sandbox.sns
        .messages(bench.emailTopicArn)
        .find((m) => m.subject?.includes('approval needed') && m.message.includes(id));
      const link = message?.message.match(/http:\/\/hostmaster\.test\/#\/approve\?\S+/)?.[0];
      if (link) return new URL(link);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no approval email about ${id}`);
  }

  it('approves the request from the link in the SNS outbox, and refuses the link a second time', async () => {
    // Prepare
    const [findingId] = await bench.seed([
      { nativeId: 'vol-000000000000000e1', type: 'ec2:volume', ruleId: 'ebs-unattached-volume' },
    ]);
    const requested = await requestRemediation(bench.api, {
      findingIds: [findingId!],
      reason: 'unused since March',
      requestedBy: OPERATOR,
    });
    await bench.awaitingApproval(requested.id);
    const link = await emailedLink(requested.id);
    const params = new URLSearchParams(link.hash.replace(/^#\/approve\?/, ''));
    const input = { remediationId: params.get('id') ?? '', token: params.get('token') ?? '' };

    // Act
    const view = await readApprovalLink(bench.api, bench.links, input);
    const stillWaiting = (await bench.detail(requested.id)).remediation.status;
    await decideByLink(bench.api, bench.links, {
      ...input,
      decision: 'approved',
      by: APPROVER,
      reason: 'checked with the owner',
    });
    const second = await decideByLink(bench.api, bench.links, {
      ...input,
      decision: 'rejected',
      by: APPROVER,
      reason: 'again',
    }).catch((e: Error) => e);
    const { remediation, items } = await bench.settle(requested.id);

    // Assess
    expect(input.remediationId).toBe(requested.id);
    expect(view).toMatchObject({
      remediation: { id: requested.id, requestedBy: OPERATOR, reason: 'unused since March' },
      items: [{ status: 'ready', actCalls: [{ action: 'DeleteVolume' }] }],
    });
    expect(stillWaiting).toBe('awaiting-approval');
    expect(second).toMatchObject({ name: 'ApprovalLinkSpentError', message: /already used/ });
    expect(remediation).toMatchObject({
      status: 'succeeded',
      approval: { decision: 'approved', decidedBy: APPROVER, via: 'emailed-link' },
    });
    expect(items[0]!.status).toBe('succeeded');
    expect(bench.sandbox.state.find(ACCOUNT, REGION, 'ec2:volume', 'vol-000000000000000e1')).toBeUndefined();
  }, 60_000);
});
