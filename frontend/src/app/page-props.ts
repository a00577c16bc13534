import type { ApiClient } from '../api/client';

/** What every lazily loaded page receives from the shell. */
export interface PageProps {
  readonly api: ApiClient;
  /** The caller's Cognito groups; empty until the profile has loaded. */
  readonly groups: readonly string[];
  /** Account names by id, where the API knows them. */
  readonly accountNames: ReadonlyMap<string, string>;
  /** Every scanned account id, sorted, for account filters. */
  readonly accountIds: readonly string[];
  readonly now: number;
}
