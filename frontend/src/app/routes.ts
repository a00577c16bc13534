/**
 * Hash routes (`#/resources/<encoded ARN>`): deep links work from any static host, S3 and
 * CloudFront included, without a server-side fallback to index.html.
 */
import {
  type InventoryLocation,
  inventorySearchParams,
  parseInventoryLocation,
} from '../inventory/inventory-state';

export type Route =
  | ({ readonly name: 'inventory' } & InventoryLocation)
  | { readonly name: 'resource'; readonly id: string }
  | { readonly name: 'accounts' }
  | { readonly name: 'not-found'; readonly path: string };

/** Parses `location.hash` (with or without the leading `#`). */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const queryAt = raw.indexOf('?');
  const path = (queryAt === -1 ? raw : raw.slice(0, queryAt)) || '/';
  const params = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));
  if (path === '/' || path === '/inventory') return { name: 'inventory', ...parseInventoryLocation(params) };
  if (path === '/accounts') return { name: 'accounts' };
  const resource = /^\/resources\/(.+)$/.exec(path);
  if (resource?.[1]) {
    try {
      return { name: 'resource', id: decodeURIComponent(resource[1]) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

/** The `href` of a route. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'inventory': {
      const query = inventorySearchParams(route).toString();
      return query ? `#/?${query}` : '#/';
    }
    case 'resource':
      return `#/resources/${encodeURIComponent(route.id)}`;
    case 'accounts':
      return '#/accounts';
    case 'not-found':
      return `#${route.path}`;
  }
}

export function resourceHref(id: string): string {
  return routeHref({ name: 'resource', id });
}
