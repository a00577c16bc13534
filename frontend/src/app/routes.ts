/**
 * Hash routes (`#/resources/<encoded ARN>`): deep links work from any static host, S3 and
 * CloudFront included, without a server-side fallback to index.html.
 */
import {
  type InventoryLocation,
  inventorySearchParams,
  parseInventoryLocation,
} from '../inventory/inventory-state';

/** Pages without parameters: the path is `#/<name>`. */
const SIMPLE = ['accounts', 'cost', 'security', 'alerts', 'settings', 'schedules'] as const;
type SimpleName = (typeof SIMPLE)[number];

export type Route =
  | { readonly name: 'overview' }
  | ({ readonly name: 'inventory' } & InventoryLocation)
  | { readonly name: 'resource'; readonly id: string }
  | { readonly name: SimpleName }
  | { readonly name: 'security-report'; readonly accountId?: string }
  | { readonly name: 'remediation'; readonly fix?: string }
  | { readonly name: 'approve'; readonly id: string; readonly token: string }
  | { readonly name: 'not-found'; readonly path: string };

/** Parses `location.hash` (with or without the leading `#`). */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const queryAt = raw.indexOf('?');
  const path = (queryAt === -1 ? raw : raw.slice(0, queryAt)) || '/';
  const params = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));
  // Inventory links from before the overview became the landing page were `#/?account=...`.
  if (path === '/')
    return params.size > 0 ? { name: 'inventory', ...parseInventoryLocation(params) } : { name: 'overview' };
  if (path === '/inventory') return { name: 'inventory', ...parseInventoryLocation(params) };
  if (path === '/remediation') {
    const fix = params.get('fix');
    return fix ? { name: 'remediation', fix } : { name: 'remediation' };
  }
  // The page an emailed approval link opens (see functions/domain/remediation/approval-link.ts).
  if (path === '/approve') {
    const id = params.get('id');
    const token = params.get('token');
    return id && token ? { name: 'approve', id, token } : { name: 'not-found', path: raw };
  }
  if (path === '/security/report') {
    const accountId = params.get('account');
    return accountId ? { name: 'security-report', accountId } : { name: 'security-report' };
  }
  const simple = SIMPLE.find((name) => path === `/${name}`);
  if (simple) return { name: simple };
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
    case 'overview':
      return '#/';
    case 'inventory': {
      const query = inventorySearchParams(route).toString();
      return query ? `#/inventory?${query}` : '#/inventory';
    }
    case 'resource':
      return `#/resources/${encodeURIComponent(route.id)}`;
    case 'security-report':
      return route.accountId
        ? `#/security/report?account=${encodeURIComponent(route.accountId)}`
        : '#/security/report';
    case 'remediation':
      return route.fix ? `#/remediation?fix=${encodeURIComponent(route.fix)}` : '#/remediation';
    case 'approve':
      return `#/approve?${new URLSearchParams({ id: route.id, token: route.token }).toString()}`;
    case 'not-found':
      return `#${route.path}`;
    default:
      return `#/${route.name}`;
  }
}

export function resourceHref(id: string): string {
  return routeHref({ name: 'resource', id });
}
