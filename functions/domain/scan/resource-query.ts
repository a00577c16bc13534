import type { Resource } from '../model';
import type { ResourceQuery } from '../ports';

/**
 * The key resources are listed in: the lower-cased name, then the id so equal names keep a stable
 * order. The inventory's indexes sort on it and free-text search reads it, so it is derived from the
 * resource alone: an unchanged resource has an unchanged key (and a rescan writes nothing).
 */
export function resourceSortKey(resource: Pick<Resource, 'name' | 'id'>): string {
  return `${resource.name.toLowerCase()}#${resource.id.toLowerCase()}`;
}

/** Whether a resource passes a query's filters (paging aside). */
export function matchesQuery(resource: Resource, query: Omit<ResourceQuery, 'limit' | 'cursor'>): boolean {
  if (query.accountId !== undefined && resource.accountId !== query.accountId) return false;
  if (query.region !== undefined && resource.region !== query.region) return false;
  if (query.type !== undefined && resource.type !== query.type) return false;
  if (query.state !== undefined && resource.state !== query.state) return false;
  if (!query.includeGone && resource.goneAt !== undefined) return false;
  if (query.search) {
    const key = resourceSortKey(resource);
    const text = query.search.text.toLowerCase();
    if (query.search.mode === 'prefix' ? !key.startsWith(text) : !key.includes(text)) return false;
  }
  if (query.tag) {
    const value = resource.tags[query.tag.key];
    if (value === undefined) return false;
    if (query.tag.value !== undefined && value !== query.tag.value) return false;
  }
  return true;
}
