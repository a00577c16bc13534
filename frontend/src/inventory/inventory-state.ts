/**
 * The inventory view's state as plain data: server-side filters (sent to the API), the local search
 * and the sort order. It round-trips through the URL so a filtered view can be linked and survives
 * a visit to a resource's detail page.
 */
import type { Resource, ResourceQuery, ResourceType } from '../api/types';
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

export const SORT_KEYS = ['name', 'type', 'account', 'region', 'state', 'lastSeen'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/** How the loaded rows are narrowed and ordered in the browser. */
export interface InventoryView {
  readonly search: string;
  readonly sort: SortKey;
  readonly direction: SortDirection;
}

export interface InventoryLocation {
  readonly filters: InventoryFilters;
  readonly view: InventoryView;
}

export const DEFAULT_VIEW: InventoryView = { search: '', sort: 'name', direction: 'asc' };

/** Page size of the progressive load: the API's maximum, so 10,000 resources take 20 requests. */
export const PAGE_SIZE = 500;

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
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort);
  if (view.direction !== DEFAULT_VIEW.direction) params.set('dir', view.direction);
  return params;
}

/** The API query for one page under the given filters. */
export function toResourceQuery(filters: InventoryFilters, cursor?: string): ResourceQuery {
  return {
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.includeGone ? { includeGone: true } : {}),
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

/** A key that changes exactly when the server-side filters do: a new key means a new load. */
export function filtersKey(filters: InventoryFilters): string {
  return JSON.stringify([
    filters.accountId ?? '',
    filters.region ?? '',
    filters.type ?? '',
    filters.state ?? '',
    filters.tag ?? '',
    filters.includeGone,
  ]);
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

const haystacks = new WeakMap<Resource, string>();

/** Lower-cased text a search matches against, computed once per loaded row. */
function haystack(resource: Resource, accountNames: ReadonlyMap<string, string>): string {
  let text = haystacks.get(resource);
  if (text === undefined) {
    const tags = Object.entries(resource.tags).map(([key, value]) => `${key}=${value}`);
    text = [
      resource.name,
      resource.id,
      resource.type,
      resource.accountId,
      accountNames.get(resource.accountId) ?? '',
      resource.region,
      resource.state,
      ...tags,
    ]
      .join('\n')
      .toLowerCase();
    haystacks.set(resource, text);
  }
  return text;
}

/** Rows whose name, ARN, type, account, region, state or tags contain every word of the search. */
export function searchResources(
  rows: readonly Resource[],
  search: string,
  accountNames: ReadonlyMap<string, string> = new Map(),
): readonly Resource[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = haystack(row, accountNames);
    return words.every((word) => text.includes(word));
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function sortValue(resource: Resource, key: SortKey, accountNames: ReadonlyMap<string, string>): string {
  switch (key) {
    case 'name':
      return resource.name || resource.id;
    case 'type':
      return resource.type;
    case 'account':
      return accountNames.get(resource.accountId) ?? resource.accountId;
    case 'region':
      return resource.region;
    case 'state':
      return resource.state;
    case 'lastSeen':
      return resource.lastSeen;
  }
}

/** A sorted copy; ties keep a stable order by ARN so rows do not jump between renders. */
export function sortResources(
  rows: readonly Resource[],
  key: SortKey,
  direction: SortDirection,
  accountNames: ReadonlyMap<string, string> = new Map(),
): Resource[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, key, accountNames) }));
  keyed.sort((a, b) => {
    // ISO timestamps of one format compare correctly as strings, and faster than through a collator.
    const byValue =
      key === 'lastSeen'
        ? a.value < b.value
          ? -1
          : a.value > b.value
            ? 1
            : 0
        : collator.compare(a.value, b.value);
    return sign * byValue || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
  });
  return keyed.map((entry) => entry.row);
}

/** Clicking the sorted column flips its direction; another column starts ascending (newest first for time). */
export function nextSort(view: InventoryView, key: SortKey): Pick<InventoryView, 'sort' | 'direction'> {
  if (view.sort === key) return { sort: key, direction: view.direction === 'asc' ? 'desc' : 'asc' };
  return { sort: key, direction: key === 'lastSeen' ? 'desc' : 'asc' };
}
