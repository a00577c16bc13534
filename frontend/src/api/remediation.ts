/** Remediation endpoints: requests, previews, decisions, undo and the action catalogue. */
import type { ApiClient } from './client';
import { queryString } from './client';

export type RemediationStatus =
  | 'requested'
  | 'awaiting-approval'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'undone'
  | 'expired'
  | 'refused'
  | 'rejected';

export interface ApiCall {
  readonly service: string;
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly dryRunnable?: boolean;
}

export interface Step {
  readonly name: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly at: string;
  readonly detail: string;
  readonly calls?: readonly ApiCall[];
  readonly checks?: readonly { readonly id: string; readonly passed: boolean; readonly detail: string }[];
}

export interface RemediationItem {
  readonly itemId: string;
  readonly findingId: string;
  readonly ruleId: string;
  readonly resourceId: string;
  readonly resourceType: string;
  readonly resourceName?: string;
  readonly accountId: string;
  readonly region: string;
  readonly status: string;
  readonly backup?: Readonly<Record<string, string>>;
  readonly undoCalls?: readonly ApiCall[];
  readonly expectedMonthlySavingsUsd?: number;
  readonly steps: readonly Step[];
  readonly error?: string;
}

export interface Remediation {
  readonly id: string;
  readonly actionId: string;
  readonly kind: 'fix' | 'undo';
  readonly undoOf?: string;
  readonly status: RemediationStatus;
  readonly destructive: boolean;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly reason: string;
  readonly approval: {
    readonly required: boolean;
    readonly expiresAt?: string;
    readonly decision?: 'approved' | 'rejected';
    readonly decidedBy?: string;
    readonly decidedAt?: string;
    readonly reason?: string;
  };
  readonly counts: {
    readonly items: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly refused: number;
    readonly skipped: number;
  };
  readonly expectedMonthlySavingsUsd: number;
  readonly undoneBy?: string;
  readonly finishedAt?: string;
  readonly summary?: string;
}

export interface ActionSummary {
  readonly id: string;
  readonly title: string;
  readonly fixes: readonly string[];
  readonly resourceType: string;
  readonly destructive: boolean;
  readonly backup: string;
  readonly verify: string;
  readonly undo: string;
  readonly undoable: boolean;
  readonly allowed: boolean;
}

export interface FixPreview {
  readonly finding: {
    readonly id: string;
    readonly title: string;
    readonly ruleId: string;
    readonly resourceId: string;
  };
  readonly action: ActionSummary;
  readonly resource: {
    readonly id: string;
    readonly name: string;
    readonly type: string;
    readonly accountId: string;
    readonly region: string;
    readonly state: string;
    readonly tags: Readonly<Record<string, string>>;
  };
  readonly summary: string;
  readonly backupCalls: readonly ApiCall[];
  readonly actCalls: readonly ApiCall[];
  readonly preflight: {
    readonly passed: boolean;
    readonly checks: readonly { readonly id: string; readonly passed: boolean; readonly detail: string }[];
  };
  readonly expectedMonthlySavingsUsd?: number;
}

export async function listRemediations(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly Remediation[]> {
  return (
    await api.call<{ readonly items: readonly Remediation[] }>('GET', '/remediations?limit=100', { signal })
  ).items;
}

export function getRemediation(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<{ readonly remediation: Remediation; readonly items: readonly RemediationItem[] }> {
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

let actions: Promise<readonly ActionSummary[]> | undefined;

/** The action catalogue, fetched once per page load (it changes only with a deployment or a setting). */
export function remediationActions(api: ApiClient): Promise<readonly ActionSummary[]> {
  actions ??= api
    .call<{ readonly items: readonly ActionSummary[] }>('GET', '/remediation/actions')
    .then((body) => body.items)
    .catch((error: unknown) => {
      actions = undefined;
      throw error;
    });
  return actions;
}
