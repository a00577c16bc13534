/**
 * Shapes of the API's responses. Domain types are imported type-only, so nothing server-side is
 * bundled into the dashboard.
 */
import type { Resource, ResourceType, ScanRun, ScanStatus } from '../../../functions/domain/model';

export type { Resource, ResourceType, ScanRun, ScanStatus };

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** Filters of `GET /resources`. */
export interface ResourceQuery {
  readonly accountId?: string;
  readonly region?: string;
  readonly type?: ResourceType;
  readonly state?: string;
  /** `key` or `key=value`. */
  readonly tag?: string;
  /** @default false */
  readonly includeGone?: boolean;
  /** 1 to 500. @default the API's default */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ScanScope {
  readonly region: string;
  readonly lastScan: ScanRun;
}

export interface AccountSummary {
  readonly accountId: string;
  readonly name?: string;
  readonly scopes: readonly ScanScope[];
}

export interface Me {
  readonly email: string;
  readonly groups: readonly string[];
}

export interface ScanStarted {
  readonly scanId: string;
}
