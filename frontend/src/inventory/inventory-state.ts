/**
 * The inventory view's state as plain data: filters, the name search and the order, all applied by
 * the API (the browser holds only the pages it has shown). It round-trips through the URL so a
 * filtered view can be linked and survives a visit to a resource's detail page.
 */
import type { ResourceQuery, ResourceType } from '../api/types';
import { isResourceType } from '../resource-types';

/** Filters the API applies; changing one reloads the inventory. */
export interface InventoryFilters {
  readonly accountId?: string;
  readonly region?: string;
  readonly type?: ResourceType;
  readonly state?: string;
  /** `key` or `key=value`. */
  readonly tag?: string;
  readonly includeGone: boolean;
}

/**
 * The orders the API serves from its indexes: by name. (Ordering 100,000 resources by another
 * column would need every row in the browser, or an index per column.)
 */
export const SORT_KEYS = ['name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export type SearchMatch = 'prefix' | 'contains';

/** The search and order, applied by the API. */
export interface InventoryView {
  readonly search: string;
  /** `prefix`: names starting with the search (served by the index); `contains`: anywhere in them. */
  readonly match: SearchMatch;
  readonly sort: SortKey;
  readonly direction: SortDirection;
}

export interface InventoryLocation {
  readonly filters: InventoryFilters;
  readonly view: InventoryView;
}

export const DEFAULT_VIEW: InventoryView = { search: '', match: 'prefix', sort: 'name', direction: 'asc' };

/** Rows a request asks for: a few screens, so the first rows come fast and scrolling rarely waits. */
export const PAGE_SIZE = 100;

function nonEmpty(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function parseInventoryLocation(params: URLSearchParams): InventoryLocation {
  const type = nonEmpty(params.get('type'));
  const sort = params.get('sort');
  const accountId = nonEmpty(params.get('account'));
  const region = nonEmpty(params.get('region'));
  const state = nonEmpty(params.get('state'));
  const tag = nonEmpty(params.get('tag'));
  return {
    filters: {
      ...(accountId ? { accountId } : {}),
      ...(region ? { region } : {}),
      ...(type && isResourceType(type) ? { type } : {}),
      ...(state ? { state } : {}),
      ...(tag ? { tag } : {}),
      includeGone: params.get('gone') === '1',
    },
    view: {
      search: params.get('q') ?? '',
      match: params.get('match') === 'contains' ? 'contains' : 'prefix',
      sort: SORT_KEYS.find((key) => key === sort) ?? DEFAULT_VIEW.sort,
      direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    },
  };
}

/** The URL query of a location; defaults are left out so the plain inventory URL stays plain. */
export function inventorySearchParams({ filters, view }: InventoryLocation): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.accountId) params.set('account', filters.accountId);
  if (filters.region) params.set('region', filters.region);
  if (filters.type) params.set('type', filters.type);
  if (filters.state) params.set('state', filters.state);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.includeGone) params.set('gone', '1');
  if (view.search) params.set('q', view.search);
  if (view.match !== DEFAULT_VIEW.match) params.set('match', view.match);
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort);
  if (view.direction !== DEFAULT_VIEW.direction) params.set('dir', view.direction);
  return params;
}

/** The API query for one page under the given filters, search and order. */
export function toResourceQuery({ filters, view }: InventoryLocation, cursor?: string): ResourceQuery {
  const search = view.search.trim();
  return {
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.includeGone ? { includeGone: true } : {}),
    ...(search ? { q: search, ...(view.match === 'contains' ? { match: 'contains' as const } : {}) } : {}),
    ...(view.direction === 'desc' ? { order: 'desc' as const } : {}),
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

/** A key that changes exactly when what the API is asked does: a new key means a new load. */
export function queryKey(location: InventoryLocation): string {
  return JSON.stringify(toResourceQuery(location));
}

/** Tags worth a column, in the order people look for them; `Name` is already the name column. */
const KEY_TAGS = [
  'environment',
  'env',
  'stage',
  'team',
  'owner',
  'project',
  'application',
  'app',
  'service',
  'costcenter',
  'cost-center',
];

/** Up to `max` tags for the table: well-known keys first, then the rest alphabetically. */
export function keyTags(tags: Readonly<Record<string, string>>, max = 3): [string, string][] {
  const entries = Object.entries(tags).filter(([key]) => key !== 'Name' && !key.startsWith('aws:'));
  const rank = (key: string) => {
    const index = KEY_TAGS.indexOf(key.toLowerCase());
    return index === -1 ? KEY_TAGS.length : index;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.slice(0, max);
}

/** Clicking the sorted column flips its direction; another column starts ascending. */
export function nextSort(view: InventoryView, key: SortKey): Pick<InventoryView, 'sort' | 'direction'> {
  if (view.sort === key) return { sort: key, direction: view.direction === 'asc' ? 'desc' : 'asc' };
  return { sort: key, direction: 'asc' };
}
