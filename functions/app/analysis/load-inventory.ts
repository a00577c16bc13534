import type { Resource } from '../../domain/model';
import type { ResourceStore } from '../../domain/ports';

/** Page size when reading the whole inventory (the store caps it at its own maximum). */
const PAGE_SIZE = 500;

/** Every resource not marked gone, read page by page from the store. */
export async function loadInventory(store: ResourceStore): Promise<Resource[]> {
  const resources: Resource[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ limit: PAGE_SIZE, cursor });
    resources.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return resources;
}
