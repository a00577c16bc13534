import type { ResourceData, ResourceType } from '../../domain/model';

/**
 * Creates SDK clients for one (account, region), already configured with the assumed-role
 * credentials, the endpoint (real AWS or the sandbox), the retry strategy, the client-side pace and
 * the API-call counter. Collectors never build clients themselves, so tests can hand them mocks.
 */
export interface ClientFactory {
  readonly accountId: string;
  readonly region: string;
  // biome-ignore lint/suspicious/noExplicitAny: SDK client constructors take their own config types.
  get<C>(ctor: new (config: any) => C): C;
}

/**
 * Collects one family of resources in one (account, region). A collector either returns everything
 * of its types (so missing items can be marked gone) or throws: it never returns a partial list.
 */
export interface Collector {
  /** Stable name, recorded in ScanRun errors: `ec2-instances`, `rds-instances`, ... */
  readonly name: string;
  /** Types this collector is authoritative for: only these may be marked gone when it succeeds. */
  readonly resourceTypes: readonly ResourceType[];
  /** `global` collectors (IAM, S3 listing) run once per account, in the `global` region scope. */
  readonly scope: 'regional' | 'global';
  collect(clients: ClientFactory): Promise<ResourceData[]>;
}
