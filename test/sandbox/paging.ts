/**
 * Paging over sorted lists: a page is a slice, so it costs O(page size). Tokens are opaque
 * (base64url of a versioned offset bound to the list's action) and a malformed or foreign token is
 * rejected with the service's own error, as AWS does.
 */
import { SandboxError } from './errors';

/** How one action pages; the limits are the real ones from the API reference. */
export interface PageOptions {
  /** Action the token belongs to; a token from another action is rejected. */
  readonly action: string;
  /** Requested page size, as parsed (`undefined` when absent, `NaN` when malformed). */
  readonly maxResults: number | undefined;
  readonly nextToken: string | undefined;
  /** Smallest accepted page size. @default 1 */
  readonly min?: number;
  /** Largest accepted page size (and the page size when none is asked for, unless `defaultSize`). */
  readonly max: number;
  /** Page size when `maxResults` is absent. @default max */
  readonly defaultSize?: number;
  /** Error for an out-of-range `maxResults`. @default 400 InvalidParameterValue */
  readonly rangeError?: (value: number, min: number, max: number) => SandboxError;
  /** Error for a malformed token. @default 400 InvalidParameterValue (EC2 uses `InvalidPaginationToken`) */
  readonly tokenError?: (token: string) => SandboxError;
}

export interface PageResult<T> {
  readonly items: readonly T[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

const TOKEN_VERSION = 'v1';

export function encodePageToken(action: string, offset: number): string {
  return Buffer.from(`${TOKEN_VERSION}|${action}|${offset}`).toString('base64url');
}

/** The offset a token carries, or `undefined` when the token is malformed or belongs to another action. */
export function decodePageToken(action: string, token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const [version, tokenAction, offset, ...rest] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (version !== TOKEN_VERSION || tokenAction !== action || rest.length > 0 || !/^\d+$/.test(offset ?? '')) {
    return undefined;
  }
  return Number(offset);
}

/**
 * One page of `items` (already sorted and filtered). With `empty: true` (the `emptyPages` fault)
 * returns no items but a token to the same position, as Organizations sometimes does.
 */
export function paginate<T>(items: readonly T[], options: PageOptions, empty = false): PageResult<T> {
  const min = options.min ?? 1;
  const { maxResults } = options;
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < min || maxResults > options.max)
  ) {
    throw (
      options.rangeError?.(maxResults, min, options.max) ??
      new SandboxError(
        400,
        'InvalidParameterValue',
        `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${options.max}.`,
      )
    );
  }
  let offset = 0;
  if (options.nextToken !== undefined && options.nextToken !== '') {
    const decoded = decodePageToken(options.action, options.nextToken);
    if (decoded === undefined || decoded > items.length) {
      throw (
        options.tokenError?.(options.nextToken) ??
        new SandboxError(400, 'InvalidParameterValue', `Invalid NextToken: ${options.nextToken}`)
      );
    }
    offset = decoded;
  }
  if (empty && offset < items.length)
    return { items: [], nextToken: encodePageToken(options.action, offset) };
  const size = maxResults ?? options.defaultSize ?? options.max;
  const end = Math.min(items.length, offset + size);
  const page = items.slice(offset, end);
  return end < items.length
    ? { items: page, nextToken: encodePageToken(options.action, end) }
    : { items: page };
}
