/** Security endpoints: findings with counts, posture scores, exports, exceptions and the audit log. */
import type { ApiClient, DownloadedFile } from './client';
import { queryString } from './client';
import type { Finding, ResponseBody, Severity } from './types';

export type {
  AccountPosture,
  ExceptionEffect,
  ListedException,
  Posture,
  PostureControl,
  PostureFramework,
  SecurityFindingCounts,
  SecurityFindings,
} from './types';

export interface SecurityFindingQuery {
  readonly accountId?: string;
  readonly severity?: Severity;
  readonly ruleId?: string;
  readonly status?: Finding['status'];
  readonly framework?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

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
): Promise<ResponseBody<'listSecurityFindings'>> {
  return api.call('GET', `/security/findings${queryString({ ...query })}`, { signal });
}

export function getPosture(
  api: ApiClient,
  accountId?: string,
  signal?: AbortSignal,
): Promise<ResponseBody<'getPosture'>> {
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
): Promise<ResponseBody<'listExceptions'>['items']> {
  return (await api.call<ResponseBody<'listExceptions'>>('GET', '/exceptions', { signal })).items;
}

export function createException(
  api: ApiClient,
  exception: NewException,
): Promise<ResponseBody<'createException'>> {
  return api.call('POST', '/exceptions', { body: exception });
}

export function revokeException(api: ApiClient, id: string): Promise<ResponseBody<'deleteException'>> {
  return api.call('DELETE', `/exceptions/${encodeURIComponent(id)}`);
}

export function listAudit(
  api: ApiClient,
  query: { readonly limit?: number; readonly cursor?: string } = {},
  signal?: AbortSignal,
): Promise<ResponseBody<'listAuditEvents'>> {
  return api.call('GET', `/audit${queryString({ ...query })}`, { signal });
}
