import { describe, expect, it } from 'vitest';
import { MemoryRemediationStore } from '../../../functions/adapters/memory/remediation-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemorySavingsLedgerStore } from '../../../functions/adapters/memory/savings-ledger-store';
import type { RemediationStepDependencies } from '../../../functions/app/remediation/dependencies';
import { requestApproval } from '../../../functions/app/remediation/steps';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import type { RemediationExecutor, RemediationNotifier } from '../../../functions/domain/remediation/ports';
import type { Remediation } from '../../../functions/domain/remediation/remediation';

const NOW = new Date('2026-12-03T10:00:00.000Z');
const REQUEST: Remediation = {
  id: 'rem-20261203-abcd1234',
  actionId: 'ebs-delete-unattached-volume',
  kind: 'fix',
  status: 'awaiting-approval',
  destructive: true,
  requestedBy: 'olivia@example.com',
  requestedAt: '2026-12-03T09:59:00.000Z',
  reason: 'unused',
  approval: { required: true, expiresAt: '2026-12-04T10:00:00.000Z' },
  counts: { items: 1, succeeded: 0, failed: 0, refused: 0, skipped: 0 },
  expectedMonthlySavingsUsd: 8,
  updatedAt: '2026-12-03T09:59:00.000Z',
};

/** The approval step never calls AWS itself: an executor call is a bug here. */
const NO_EXECUTOR: RemediationExecutor = {
  call: () => Promise.reject(new Error('unexpected call')),
  describe: () => Promise.reject(new Error('unexpected describe')),
  checkBackup: () => Promise.reject(new Error('unexpected backup check')),
  inspect: () => Promise.reject(new Error('unexpected inspect')),
};

async function approvalStep(linkFor: NonNullable<RemediationStepDependencies['approvalLinks']>['linkFor']) {
  const store = new MemoryRemediationStore();
  await store.create(REQUEST, []);
  const sent: Parameters<RemediationNotifier['notify']>[0][] = [];
  const deps: RemediationStepDependencies = {
    store,
    resources: new MemoryResourceStore(),
    executor: NO_EXECUTOR,
    notifier: { notify: async (message) => void sent.push(message) },
    prices: new StaticPriceBook(),
    ledger: new MemorySavingsLedgerStore(),
    optedInAccounts: new Set(),
    now: () => NOW,
    approvalLinks: { linkFor },
  };
  await requestApproval(deps, { remediationId: REQUEST.id, taskToken: 'task-token' });
  return { store, sent };
}

describe('requestApproval', () => {
  it('emails the signed link of the request, made when it starts waiting', async () => {
    // Prepare
    const asked: unknown[] = [];

    // Act
    const { sent, store } = await approvalStep(async (remediation, now) => {
      asked.push({ id: remediation.id, now });
      return 'https://hostmaster.example.com/#/approve?id=rem-20261203-abcd1234&token=a.b';
    });

    // Assess
    expect(asked).toEqual([{ id: REQUEST.id, now: NOW }]);
    expect(sent[0]?.body).toContain(
      'sign-in as an operator required; the link works once):\nhttps://hostmaster.example.com/#/approve?id=rem-20261203-abcd1234&token=a.b',
    );
    await expect(store.approvalToken(REQUEST.id)).resolves.toBe('task-token');
  });

  it('still asks for a decision on the dashboard when no link can be made, and audits why', async () => {
    // Act
    const { sent, store } = await approvalStep(() =>
      Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })),
    );

    // Assess
    expect(sent[0]?.body).toMatch(/Approve or reject it on the Remediation page/);
    expect(sent[0]?.body).not.toContain('#/approve');
    expect(store.auditLog.at(-1)).toMatchObject({
      action: 'remediation.approval.requested',
      detail: { approvalLinkUnavailable: 'ThrottlingException' },
    });
  });
});
