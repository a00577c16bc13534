/** Remediation endpoints: requests, previews, decisions, undo and the action catalogue. */

import type { ResponseBody } from '../../../functions/shared/contract/api';
import type {
  ActionCatalogue,
  ActionSummary,
  ApiCall,
  FixPreview,
  Remediation,
  RemediationDetail,
  RemediationItem,
  RemediationStatus,
  SavingsLedgerView,
  Step,
} from '../../../functions/shared/contract/remediation-api';
import type { ApiClient } from './client';
import { queryString } from './client';

export type {
  ActionSummary,
  ApiCall,
  FixPreview,
  Remediation,
  RemediationItem,
  RemediationStatus,
  SavingsLedgerView,
  Step,
};

export async function listRemediations(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly Remediation[]> {
  return (
    await api.call<{ readonly items: readonly Remediation[] }>('GET', '/remediations?limit=100', { signal })
  ).items;
}

export function getRemediation(api: ApiClient, id: string, signal?: AbortSignal): Promise<RemediationDetail> {
  return api.call('GET', `/remediations/${encodeURIComponent(id)}`, { signal });
}

export function previewFix(api: ApiClient, findingId: string, signal?: AbortSignal): Promise<FixPreview> {
  return api.call('GET', `/remediations/preview${queryString({ findingId })}`, { signal });
}

export function requestFix(
  api: ApiClient,
  findingIds: readonly string[],
  reason: string,
): Promise<Remediation> {
  return api.call('POST', '/remediations', { body: { findingIds, reason } });
}

export function decideRemediation(
  api: ApiClient,
  id: string,
  decision: 'approve' | 'reject',
  reason: string,
): Promise<Remediation> {
  return api.call('POST', `/remediations/${encodeURIComponent(id)}/${decision}`, { body: { reason } });
}

export function undoRemediation(api: ApiClient, id: string, reason: string): Promise<Remediation> {
  return api.call('POST', `/remediations/${encodeURIComponent(id)}/undo`, { body: { reason } });
}

/** Realized against estimated savings of verified fixes, and the newest ledger entries. */
export function getSavingsLedger(api: ApiClient, signal?: AbortSignal): Promise<SavingsLedgerView> {
  return api.call('GET', '/remediation/savings?limit=50', { signal });
}

export type ApprovalLinkView = ResponseBody<'readApprovalLink'>;

/** The request an emailed approval link names; the token goes in the body, never in a logged URL. */
export function readApprovalLink(
  api: ApiClient,
  id: string,
  token: string,
  signal?: AbortSignal,
): Promise<ApprovalLinkView> {
  return api.call('POST', `/remediations/${encodeURIComponent(id)}/approval-link`, {
    body: { token },
    ...(signal ? { signal } : {}),
  });
}

/** Decides the request by its emailed link, which is then spent. */
export function decideByApprovalLink(
  api: ApiClient,
  id: string,
  token: string,
  decision: 'approved' | 'rejected',
  reason: string,
): Promise<Remediation> {
  return api.call('POST', `/remediations/${encodeURIComponent(id)}/approval-link/decision`, {
    body: { token, decision, reason },
  });
}

let actions: Promise<readonly ActionSummary[]> | undefined;

/** The action catalogue, fetched once per page load (it changes only with a deployment or a setting). */
export function remediationActions(api: ApiClient): Promise<readonly ActionSummary[]> {
  actions ??= api
    .call<ActionCatalogue>('GET', '/remediation/actions')
    .then((body) => body.items)
    .catch((error: unknown) => {
      actions = undefined;
      throw error;
    });
  return actions;
}
