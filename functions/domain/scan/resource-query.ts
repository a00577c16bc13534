import type { Resource } from '../model';
import type { ResourceQuery } from '../ports';

/** Whether a resource passes a query's filters (paging aside). */
export function matchesQuery(resource: Resource, query: Omit<ResourceQuery, 'limit' | 'cursor'>): boolean {
  if (query.accountId !== undefined && resource.accountId !== query.accountId) return false;
  if (query.region !== undefined && resource.region !== query.region) return false;
  if (query.type !== undefined && resource.type !== query.type) return false;
  if (query.state !== undefined && resource.state !== query.state) return false;
  if (!query.includeGone && resource.goneAt !== undefined) return false;
  if (query.tag) {
    const value = resource.tags[query.tag.key];
    if (value === undefined) return false;
    if (query.tag.value !== undefined && value !== query.tag.value) return false;
  }
  return true;
}
