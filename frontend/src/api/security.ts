/** Security endpoints: findings with counts, posture scores, exports, exceptions and the audit log. */
import type { ApiClient, DownloadedFile } from './client';
import { queryString } from './client';
import type { AuditEvent, ControlScore, Exception, Finding, FrameworkScore, Page, Severity } from './types';

export interface SecurityFindingQuery {
  readonly accountId?: string;
  readonly severity?: Severity;
  readonly ruleId?: string;
  readonly status?: Finding['status'];
  readonly framework?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Counts over every finding that matched the filters (not only the returned page). */
export interface SecurityCounts {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byStatus: Readonly<Record<Finding['status'], number>>;
  /** Sorted by account id. */
  readonly byAccount: readonly { readonly accountId: string; readonly count: number }[];
  /** Most findings first; a check's severity is the worst of its findings. */
  readonly byCheck: readonly {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly count: number;
  }[];
}

export interface SecurityFindings {
  readonly items: readonly Finding[];
  readonly counts: SecurityCounts;
  readonly nextCursor?: string;
}

/** A control's score as the API sends it: failing resources capped, with their full count. */
export type PostureControl = ControlScore & { readonly failingCount: number };
export type PostureFramework = Omit<FrameworkScore, 'controls'> & {
  readonly controls: readonly PostureControl[];
};

export interface AccountPosture {
  readonly accountId: string;
  readonly analyzedAt: string;
  readonly frameworks: readonly PostureFramework[];
}

/** `GET /posture`: per account and framework, and the organization as a whole when no account is asked. */
export interface Posture {
  readonly generatedAt: string;
  /** Null when one account was asked for. */
  readonly organization: readonly PostureFramework[] | null;
  readonly accounts: readonly AccountPosture[];
}

/** An exception as listed, with whether it still applies. */
export type ListedException = Exception & { readonly active: boolean };

/** `POST /exceptions`: `resourceId` or `tag` (`key=value`), not both. */
export interface NewException {
  readonly ruleId: string;
  readonly accountId?: string;
  readonly resourceId?: string;
  readonly tag?: string;
  readonly reason: string;
  readonly expiresAt: string;
}

export function listSecurityFindings(
  api: ApiClient,
  query: SecurityFindingQuery,
  signal?: AbortSignal,
): Promise<SecurityFindings> {
  return api.call('GET', `/security/findings${queryString({ ...query })}`, { signal });
}

export function getPosture(api: ApiClient, accountId?: string, signal?: AbortSignal): Promise<Posture> {
  return api.call('GET', `/posture${queryString({ accountId })}`, { signal });
}

export function exportPosture(
  api: ApiClient,
  format: 'csv' | 'json',
  accountId?: string,
): Promise<DownloadedFile> {
  return api.download(`/posture/export${queryString({ format, accountId })}`);
}

export async function listExceptions(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly ListedException[]> {
  return (await api.call<{ readonly items: readonly ListedException[] }>('GET', '/exceptions', { signal }))
    .items;
}

/** What a created or revoked exception did to its check's findings: applied at once, or at the next analysis. */
export type ExceptionEffect =
  | { readonly appliedAt: string; readonly suppressed: number; readonly reopened: number }
  | { readonly appliedAt: null; readonly takesEffect: 'next-analysis' };

export function createException(
  api: ApiClient,
  exception: NewException,
): Promise<Exception & { readonly effect?: ExceptionEffect }> {
  return api.call('POST', '/exceptions', { body: exception });
}

export function revokeException(
  api: ApiClient,
  id: string,
): Promise<{
  readonly id: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
  readonly effect?: ExceptionEffect;
}> {
  return api.call('DELETE', `/exceptions/${encodeURIComponent(id)}`);
}

export function listAudit(
  api: ApiClient,
  query: { readonly limit?: number; readonly cursor?: string } = {},
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  return api.call('GET', `/audit${queryString({ ...query })}`, { signal });
}
