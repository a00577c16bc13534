import type { Resource, ResourceOf, ResourceType } from './model';

/** Read-only, indexed view of the inventory that rules query for related resources. */
export interface Inventory {
  all(): readonly Resource[];
  get(id: string): Resource | undefined;
  /** Resources of one type, optionally narrowed to an account and a region. */
  ofType<T extends ResourceType>(type: T, accountId?: string, region?: string): readonly ResourceOf<T>[];
}

/** Indexes resources once, so rules that look up related resources stay linear over the fleet. */
export function buildInventory(resources: readonly Resource[]): Inventory {
  const byId = new Map<string, Resource>();
  const byType = new Map<string, Resource[]>();
  for (const resource of resources) {
    byId.set(resource.id, resource);
    for (const key of [
      resource.type,
      `${resource.type}|${resource.accountId}`,
      `${resource.type}|${resource.accountId}|${resource.region}`,
    ]) {
      const list = byType.get(key);
      if (list) list.push(resource);
      else byType.set(key, [resource]);
    }
  }
  return {
    all: () => resources,
    get: (id) => byId.get(id),
    ofType: <T extends ResourceType>(type: T, accountId?: string, region?: string) => {
      const key = [type, accountId, accountId === undefined ? undefined : region]
        .filter((p) => p !== undefined)
        .join('|');
      return (byType.get(key) ?? []) as unknown as readonly ResourceOf<T>[];
    },
  };
}
