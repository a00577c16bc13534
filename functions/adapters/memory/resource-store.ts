import { type Resource, ResourceSchema } from '../../domain/model';
import type { Page, ResourceQuery, ResourceStore } from '../../domain/ports';
import { matchesQuery } from '../../domain/scan/resource-query';
import { keyCursor } from '../../shared/cursor';

/** Pages resume after a resource id, as DynamoDB's resume after a key. */
const RESOURCE_CURSOR = keyCursor(['id']);

/**
 * The ResourceStore in memory (the CLI and tests). Items are stored as parsed copies, so callers
 * cannot mutate what is stored, and pages are in id order with the same opaque cursors as DynamoDB.
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
    const after = query.cursor === undefined ? undefined : RESOURCE_CURSOR.decode(query.cursor).id;
    const matching = [...this.items.values()]
      .filter((r) => matchesQuery(r, query) && (after === undefined || r.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return matching.length > items.length && last
      ? { items, nextCursor: RESOURCE_CURSOR.encode({ id: last.id }) }
      : { items };
  }
}
