/**
 * Persistence ports. Each has a DynamoDB implementation (functions/adapters) and an in-memory one
 * (for domain-level tests and the CLI); both parse stored items back into domain types.
 */
import type { Finding, Resource, ResourceType, ScanRun } from './model';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export interface ResourceQuery {
  readonly accountId?: string;
  readonly region?: string;
  readonly type?: ResourceType;
  readonly state?: string;
  /** `key` alone matches any value. */
  readonly tag?: { readonly key: string; readonly value?: string };
  /** Include resources marked gone. @default false */
  readonly includeGone?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ResourceStore {
  /** Every stored resource of one account and region, gone ones included: the baseline a scan diffs against. */
  listScope(accountId: string, region: string): Promise<readonly Resource[]>;
  /** Writes the items (retrying unprocessed ones until written); resolves to the number written. */
  putMany(resources: readonly Resource[]): Promise<number>;
  get(id: string): Promise<Resource | undefined>;
  query(query: ResourceQuery): Promise<Page<Resource>>;
}

export interface ScanRunStore {
  put(run: ScanRun): Promise<void>;
  /** The newest run of every (account, region) ever scanned. */
  latestPerScope(): Promise<readonly ScanRun[]>;
  list(query: {
    readonly accountId?: string;
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<Page<ScanRun>>;
}

export interface FindingStore {
  /** All findings (any status) of the given category, for reconciliation and reports. */
  listByCategory(category: Finding['category']): Promise<readonly Finding[]>;
  putMany(findings: readonly Finding[]): Promise<number>;
  get(id: string): Promise<Finding | undefined>;
}
