import type { Resource } from '../../domain/model';
import type { ResourceStore } from '../../domain/ports';

/** Page size when reading one account (the store caps it at its own maximum). */
const PAGE_SIZE = 500;

/**
 * Every resource of one account not marked gone, page by page: a keyed Query of the account's
 * listing index, so the analysis never reads more than one account at a time.
 */
export async function loadAccount(store: ResourceStore, accountId: string): Promise<Resource[]> {
  const resources: Resource[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ accountId, limit: PAGE_SIZE, cursor });
    resources.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return resources;
}
