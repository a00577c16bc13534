import { type Resource, ResourceSchema } from '../../domain/model';
import type { Page, ResourceQuery, ResourceStore } from '../../domain/ports';
import { matchesQuery, resourceSortKey } from '../../domain/scan/resource-query';
import { cursorKeyValue, schemaCursor } from '../../shared/cursor';

/** Pages resume after a resource's sort key (name + id), as the DynamoDB store's indexes do. */
const RESOURCE_CURSOR = schemaCursor(cursorKeyValue);

/**
 * The ResourceStore in memory (the CLI and tests). Items are stored as parsed copies, so callers
 * cannot mutate what is stored, and pages are in name order (as the DynamoDB store's indexes) with opaque cursors.
 */
export class MemoryResourceStore implements ResourceStore {
  private readonly items = new Map<string, Resource>();
  /** Number of items written so far (benchmarks and tests read it). */
  writes = 0;

  async listScope(accountId: string, region: string): Promise<readonly Resource[]> {
    return [...this.items.values()].filter((r) => r.accountId === accountId && r.region === region);
  }

  async putMany(resources: readonly Resource[]): Promise<number> {
    for (const resource of resources) this.items.set(resource.id, ResourceSchema.parse(resource));
    this.writes += resources.length;
    return resources.length;
  }

  async get(id: string): Promise<Resource | undefined> {
    return this.items.get(id);
  }

  async query(query: ResourceQuery): Promise<Page<Resource>> {
    const after = query.cursor === undefined ? undefined : RESOURCE_CURSOR.decode(query.cursor);
    const sign = query.order === 'desc' ? -1 : 1;
    const compare = (a: string, b: string) => sign * (a < b ? -1 : a > b ? 1 : 0);
    const matching = [...this.items.values()]
      .filter(
        (r) => matchesQuery(r, query) && (after === undefined || compare(resourceSortKey(r), after) > 0),
      )
      .sort((a, b) => compare(resourceSortKey(a), resourceSortKey(b)));
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return matching.length > items.length && last
      ? { items, nextCursor: RESOURCE_CURSOR.encode(resourceSortKey(last)) }
      : { items };
  }
}
