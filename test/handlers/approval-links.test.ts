/**
 * The emailed approval link's routes over in-memory stores: what a link lets a signed-in operator
 * read and decide, and every way a link is refused.
 */
import { describe, expect, it } from 'vitest';
import { MemoryApprovalLinkNonces } from '../../functions/adapters/memory/approval-link-nonces';
import { HmacApprovalLinkSigner } from '../../functions/adapters/memory/hmac-approval-link-signer';
import type { MemoryRemediationStore } from '../../functions/adapters/memory/remediation-store';
import { ApprovalLinkIssuer } from '../../functions/app/remediation/approval-link';
import type { Remediation, RemediationItem } from '../../functions/domain/remediation/remediation';
import { decideByApprovalLink, readApprovalLinkRoute } from '../../functions/handlers/api/approval-links';
import type { ApiDependencies, ApiRequest } from '../../functions/handlers/api/operation';
import { approveRemediation } from '../../functions/handlers/api/remediations';
import { dependencies, type RecordingApprovalSignal } from './api/fixtures';

const ID = 'rem-20261203-abcd1234';
const REQUESTER = 'olivia@example.com';

const operator = (username: string, email: string): ApiRequest['caller'] => ({
  subject: `sub-${username}`,
  username,
  email,
  groups: ['operator'],
});
const ADAM = operator('adam', 'adam@example.com');

function awaiting(expiresAt: string): Remediation {
  return {
    id: ID,
    actionId: 'ebs-delete-unattached-volume',
    kind: 'fix',
    status: 'awaiting-approval',
    destructive: true,
    requestedBy: REQUESTER,
    requestedAt: '2026-12-03T09:00:00.000Z',
    reason: 'unused for months',
    approval: { required: true, expiresAt },
    counts: { items: 1, succeeded: 0, failed: 0, refused: 0, skipped: 0 },
    expectedMonthlySavingsUsd: 8,
    updatedAt: '2026-12-03T09:00:00.000Z',
  };
}

const ITEM: RemediationItem = {
  remediationId: ID,
  itemId: '0',
  findingId: 'ebs-unattached-volume|arn:aws:ec2:us-east-1:111111111111:volume/vol-1',
  ruleId: 'ebs-unattached-volume',
  resourceId: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1',
  resourceType: 'ec2:volume',
  accountId: '111111111111',
  region: 'us-east-1',
  status: 'ready',
  backupCalls: [],
  actCalls: [{ service: 'ec2', action: 'DeleteVolume', input: { VolumeId: 'vol-1' }, dryRunnable: true }],
  steps: [],
  updatedAt: '2026-12-03T09:00:00.000Z',
};

/** A request awaiting approval, its task token, and the link its approval email carried. */
async function emailed(options: { expiresAt?: string; signer?: HmacApprovalLinkSigner } = {}) {
  const signer = new HmacApprovalLinkSigner();
  const base = dependencies();
  const deps: ApiDependencies = {
    ...base,
    remediation: { ...base.remediation, approvalLinks: { signer, nonces: new MemoryApprovalLinkNonces() } },
  };
  const store = deps.remediation.store as MemoryRemediationStore;
  const remediation = awaiting(options.expiresAt ?? new Date(Date.now() + 3_600_000).toISOString());
  await store.create(remediation, [ITEM]);
  await store.putApprovalToken(ID, 'task-token-1');
  const url = await new ApprovalLinkIssuer({
    signer: options.signer ?? signer,
    dashboardUrl: 'https://hostmaster.example.com',
    newNonce: () => 'nonce-0123456789abcdef',
  }).linkFor(remediation, new Date());
  const params = new URLSearchParams(new URL(url).hash.replace(/^#\/approve\?/, ''));
  return { deps, store, id: params.get('id') ?? '', token: params.get('token') ?? '' };
}

/** The error an operation refused with; a test expecting a refusal fails when it is accepted. */
async function refusal(operation: Promise<unknown>): Promise<Error> {
  const outcome = await operation.then(
    () => undefined,
    (error: Error) => error,
  );
  if (!outcome) throw new Error('the operation was accepted');
  return outcome;
}

const call = (caller: ApiRequest['caller'], id: string, body: unknown): ApiRequest => ({
  caller,
  pathParameters: { id },
  query: {},
  body,
});

describe('approval link routes', () => {
  it('read the request the link names without deciding anything', async () => {
    // Prepare
    const { deps, store, id, token } = await emailed();

    // Act
    const { body } = await readApprovalLinkRoute(call(ADAM, id, { token }), deps);

    // Assess
    expect(body).toMatchObject({
      remediation: {
        id: ID,
        status: 'awaiting-approval',
        requestedBy: REQUESTER,
        reason: 'unused for months',
      },
      items: [{ actCalls: [{ action: 'DeleteVolume' }] }],
      link: { decisions: ['approved', 'rejected'] },
    });
    expect((await store.get(ID))?.status).toBe('awaiting-approval');
    expect((deps.remediation.signal as RecordingApprovalSignal).sent).toEqual([]);
  });

  it('approve through the same use case as the dashboard, recorded as via the emailed link', async () => {
    // Prepare
    const { deps, store, id, token } = await emailed();

    // Act
    const { body } = await decideByApprovalLink(
      call(ADAM, id, { token, decision: 'approved', reason: 'checked, unused' }),
      deps,
    );

    // Assess
    expect(body).toMatchObject({
      status: 'running',
      approval: { decision: 'approved', decidedBy: 'adam@example.com', via: 'emailed-link' },
    });
    expect((deps.remediation.signal as RecordingApprovalSignal).sent).toEqual([
      {
        token: 'task-token-1',
        kind: 'success',
        detail: { approvedBy: 'adam@example.com', via: 'emailed-link' },
      },
    ]);
    expect(store.auditLog.at(-1)).toMatchObject({
      action: 'remediation.approved',
      actor: 'adam@example.com',
      reason: 'checked, unused',
      detail: { via: 'emailed-link' },
    });
  });

  it('refuse a second use with 409, for reading as for deciding', async () => {
    // Prepare
    const { deps, id, token } = await emailed();
    await decideByApprovalLink(call(ADAM, id, { token, decision: 'rejected', reason: 'not now' }), deps);

    // Act
    const again = await refusal(
      decideByApprovalLink(call(ADAM, id, { token, decision: 'approved', reason: 'changed my mind' }), deps),
    );
    const read = await refusal(readApprovalLinkRoute(call(ADAM, id, { token }), deps));

    // Assess
    for (const refused of [again, read]) {
      expect(refused).toMatchObject({ name: 'ApprovalLinkSpentError', message: /already used/ });
    }
    expect((deps.remediation.signal as RecordingApprovalSignal).sent).toHaveLength(1);
  });

  it('refuse a forged, a tampered and a foreign link with 400 naming the token', async () => {
    // Prepare
    const { deps, id, token } = await emailed();
    const foreign = await emailed({ signer: new HmacApprovalLinkSigner() });
    const [claims = '', mac = ''] = token.split('.');
    const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${Buffer.from(JSON.stringify({ ...decoded, exp: 4_000_000_000 })).toString('base64url')}.${mac}`;

    // Act
    const refusals = await Promise.all([
      refusal(readApprovalLinkRoute(call(ADAM, id, { token: tampered }), deps)),
      refusal(readApprovalLinkRoute(call(ADAM, id, { token: `${claims}.${'A'.repeat(43)}` }), deps)),
      refusal(readApprovalLinkRoute(call(ADAM, id, { token: foreign.token }), foreign.deps)),
      refusal(readApprovalLinkRoute(call(ADAM, id, { token: 'hello' }), deps)),
    ]);

    // Assess
    expect(refusals.map((e) => e.message)).toEqual([
      'token: this approval link was not issued by this HostMaster (its signature does not match)',
      'token: this approval link was not issued by this HostMaster (its signature does not match)',
      'token: this approval link was not issued by this HostMaster (its signature does not match)',
      'token: this is not a HostMaster approval link; copy the whole link from the email',
    ]);
    for (const refused of refusals) expect(refused.name).toBe('InvalidApprovalLinkError');
  });

  it('refuse a link for another request, and an expired link', async () => {
    // Prepare
    const { deps, token } = await emailed();
    const expired = await emailed({ expiresAt: new Date(Date.now() - 1000).toISOString() });

    // Act
    const other = await refusal(readApprovalLinkRoute(call(ADAM, 'rem-20261203-other000', { token }), deps));
    const late = await refusal(
      decideByApprovalLink(
        call(ADAM, expired.id, { token: expired.token, decision: 'approved', reason: 'ok' }),
        expired.deps,
      ),
    );

    // Assess
    expect(other).toMatchObject({
      name: 'InvalidApprovalLinkError',
      message: 'token: this approval link is for another remediation request',
    });
    expect(late).toMatchObject({ name: 'ApprovalLinkSpentError', message: /has expired/ });
  });

  it('keep approver ≠ requester, without spending the link for the approvers', async () => {
    // Prepare
    const { deps, id, token } = await emailed();
    const olivia = operator('olivia', REQUESTER);

    // Act
    const own = await refusal(
      decideByApprovalLink(call(olivia, id, { token, decision: 'approved', reason: 'mine' }), deps),
    );
    const { body } = await decideByApprovalLink(
      call(ADAM, id, { token, decision: 'approved', reason: 'looks right' }),
      deps,
    );

    // Assess
    expect(own).toMatchObject({ name: 'SameApproverError' });
    expect(body.approval).toMatchObject({ decidedBy: 'adam@example.com' });
  });

  it('show a request decided on the dashboard meanwhile, and refuse deciding it again by the link', async () => {
    // Prepare
    const { deps, id, token } = await emailed();
    await approveRemediation(call(ADAM, id, { reason: 'from the dashboard' }), deps);

    // Act
    const { body } = await readApprovalLinkRoute(call(ADAM, id, { token }), deps);
    const late = await refusal(
      decideByApprovalLink(call(ADAM, id, { token, decision: 'rejected', reason: 'too late' }), deps),
    );

    // Assess
    expect(body.remediation).toMatchObject({
      status: 'running',
      approval: { decidedBy: 'adam@example.com' },
    });
    expect(body.remediation.approval.via).toBeUndefined();
    expect(late).toMatchObject({ name: 'ConflictError', message: /is running: it is not awaiting approval/ });
  });

  it('answer 400 for a missing token or decision', async () => {
    // Prepare
    const { deps, id, token } = await emailed();

    // Act
    const noToken = await refusal(readApprovalLinkRoute(call(ADAM, id, {}), deps));
    const noDecision = await refusal(decideByApprovalLink(call(ADAM, id, { token, reason: 'x' }), deps));

    // Assess
    expect(noToken).toMatchObject({ name: 'ValidationError', message: 'token: is required' });
    expect(noDecision).toMatchObject({ name: 'ValidationError', message: /^decision: must be/ });
  });
});
