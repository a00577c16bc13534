/** The dashboard's only way to the HostMaster API. */
import { ApiError, SessionExpiredError } from './errors';
import type { AccountSummary, Me, Page, Resource, ResourceQuery, ScanRun, ScanStarted } from './types';

export interface ApiClientOptions {
  /** Base URL of the API, without a trailing slash (`/api` on the same origin). */
  readonly baseUrl: string;
  /** A valid id token, refreshed when needed; rejects with `SessionExpiredError` when it cannot be. */
  readonly idToken: () => Promise<string>;
  /** Called once per 401, before the call rejects with `SessionExpiredError`. */
  readonly onUnauthorized?: () => void;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface ApiClient {
  listResources(query: ResourceQuery, signal?: AbortSignal): Promise<Page<Resource>>;
  getResource(id: string, signal?: AbortSignal): Promise<Resource>;
  listAccounts(signal?: AbortSignal): Promise<{ readonly items: readonly AccountSummary[] }>;
  listScans(
    query: { readonly accountId?: string; readonly limit?: number; readonly cursor?: string },
    signal?: AbortSignal,
  ): Promise<Page<ScanRun>>;
  getMe(signal?: AbortSignal): Promise<Me>;
  startScan(): Promise<ScanStarted>;
}

type QueryValue = string | number | boolean | undefined;

/** Builds `?a=1&b=2`, leaving out absent and empty values (and `false`, which every flag defaults to). */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '' || value === false) continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The path of one resource: the ARN is a single, fully encoded path segment. */
export function resourcePath(id: string): string {
  return `/resources/${encodeURIComponent(id)}`;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status.
  }
  return `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function request<T>(method: 'GET' | 'POST', path: string, signal?: AbortSignal): Promise<T> {
    const token = await options.idToken();
    const response = await fetchImpl(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
    if (response.status === 401) {
      options.onUnauthorized?.();
      throw new SessionExpiredError();
    }
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return (await response.json()) as T;
  }

  return {
    listResources: (query, signal) =>
      request(
        'GET',
        `/resources${queryString({
          accountId: query.accountId,
          region: query.region,
          type: query.type,
          state: query.state,
          tag: query.tag,
          includeGone: query.includeGone,
          limit: query.limit,
          cursor: query.cursor,
        })}`,
        signal,
      ),
    getResource: (id, signal) => request('GET', resourcePath(id), signal),
    listAccounts: (signal) => request('GET', '/accounts', signal),
    listScans: (query, signal) =>
      request(
        'GET',
        `/scans${queryString({ accountId: query.accountId, limit: query.limit, cursor: query.cursor })}`,
        signal,
      ),
    getMe: (signal) => request('GET', '/me', signal),
    startScan: () => request('POST', '/scans'),
  };
}
