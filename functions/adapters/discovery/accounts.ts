import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AccountIdSchema } from '../../domain/model';
import { parseList } from '../../domain/scan/regions';
import type { AwsClientPool } from '../aws/client-pool';

export interface DiscoveredAccount {
  readonly accountId: string;
  readonly name?: string;
}

/** `ListAccounts` accepts at most 20 results a page. */
const LIST_ACCOUNTS_PAGE_SIZE = 20;

/**
 * The organization's ACTIVE accounts (suspended and closing ones are skipped). The paginator follows
 * `NextToken` even through an empty page, which Organizations may return mid-listing.
 */
export async function listOrganizationAccounts(client: OrganizationsClient): Promise<DiscoveredAccount[]> {
  const accounts: DiscoveredAccount[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: LIST_ACCOUNTS_PAGE_SIZE }, {})) {
    for (const account of page.Accounts ?? []) {
      // `State` replaces the deprecated `Status`; older partitions still send only `Status`.
      const state = account.State ?? account.Status;
      if (account.Id && state === 'ACTIVE') accounts.push({ accountId: account.Id, name: account.Name });
    }
  }
  return accounts;
}

/** Thrown when MEMBER_ACCOUNTS holds something that is not a 12-digit account id. */
export class InvalidAccountListError extends Error {
  override readonly name = 'InvalidAccountListError';
  constructor(readonly invalid: readonly string[]) {
    super(
      `MEMBER_ACCOUNTS holds entries that are not a 12-digit account id or 'id:name': ${invalid.join(', ')}`,
    );
  }
}

/**
 * The registered accounts (MEMBER_ACCOUNTS: comma-separated `id` or `id:name` entries, so a hub
 * without Organizations can still show names), de-duplicated by id (the first name given wins);
 * invalid ids fail fast.
 */
export function registeredAccounts(memberAccounts: string): DiscoveredAccount[] {
  const accounts = new Map<string, DiscoveredAccount>();
  const invalid: string[] = [];
  for (const entry of parseList(memberAccounts)) {
    const separator = entry.indexOf(':');
    const accountId = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const name = separator < 0 ? '' : entry.slice(separator + 1).trim();
    if (!AccountIdSchema.safeParse(accountId).success) invalid.push(entry);
    else if (!accounts.has(accountId)) accounts.set(accountId, name ? { accountId, name } : { accountId });
  }
  if (invalid.length > 0) throw new InvalidAccountListError(invalid);
  return [...accounts.values()];
}

/**
 * Lists the organization's accounts on demand. Organizations answers its management account and
 * delegated administrators only: a hub in a tooling account reads it through the member role in
 * `managementAccountId`; without one, with the hub's own credentials.
 */
export function organizationAccountLister(
  pool: AwsClientPool,
  managementAccountId: string | undefined,
): () => Promise<DiscoveredAccount[]> {
  let client: OrganizationsClient | undefined;
  return async () => {
    client ??= await pool.accountClient(OrganizationsClient, managementAccountId);
    return listOrganizationAccounts(client);
  };
}
