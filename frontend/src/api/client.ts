/** The dashboard's only way to the HostMaster API. */
import { ApiError, SessionExpiredError } from './errors';
import type { Page, ResourceQuery, ResponseBody, ScanRun } from './types';

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
  listResources(query: ResourceQuery, signal?: AbortSignal): Promise<ResponseBody<'listResources'>>;
  getResource(id: string, signal?: AbortSignal): Promise<ResponseBody<'getResource'>>;
  listAccounts(signal?: AbortSignal): Promise<ResponseBody<'listAccounts'>>;
  listScans(
    query: { readonly accountId?: string; readonly limit?: number; readonly cursor?: string },
    signal?: AbortSignal,
  ): Promise<Page<ScanRun>>;
  getMe(signal?: AbortSignal): Promise<ResponseBody<'getMe'>>;
  startScan(): Promise<ResponseBody<'startScan'>>;
  /**
   * Any other API call, answered as JSON (or undefined for 204). The endpoint modules (cost.ts,
   * security.ts, alerts.ts) build on it, so they load with the pages that use them.
   */
  call<T>(method: Method, path: string, options?: CallOptions): Promise<T>;
  /** A file the API generates (a report export), fetched with the bearer token. */
  download(path: string, signal?: AbortSignal): Promise<DownloadedFile>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CallOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface DownloadedFile {
  readonly blob: Blob;
  /** From `Content-Disposition`, when the API names the file. */
  readonly filename?: string;
}

/** The `filename` of a `Content-Disposition` header (`attachment; filename="posture.csv"`). */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim().replace(/^"|"$/g, ''));
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name || undefined;
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

  async function send(
    method: Method,
    path: string,
    accept: string,
    callOptions: CallOptions = {},
  ): Promise<Response> {
    const token = await options.idToken();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: accept };
    if (callOptions.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetchImpl(`${baseUrl}${path}`, {
      method,
      headers,
      ...(callOptions.body !== undefined ? { body: JSON.stringify(callOptions.body) } : {}),
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
    });
    if (response.status === 401) {
      options.onUnauthorized?.();
      throw new SessionExpiredError();
    }
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return response;
  }

  async function call<T>(method: Method, path: string, callOptions?: CallOptions): Promise<T> {
    const response = await send(method, path, 'application/json', callOptions);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const request = <T>(method: Method, path: string, signal?: AbortSignal): Promise<T> =>
    call<T>(method, path, signal ? { signal } : {});

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
          q: query.q,
          match: query.match,
          order: query.order,
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
    call,
    async download(path, signal) {
      const response = await send('GET', path, '*/*', signal ? { signal } : {});
      const filename = filenameOf(response.headers.get('Content-Disposition'));
      return { blob: await response.blob(), ...(filename ? { filename } : {}) };
    },
  };
}
