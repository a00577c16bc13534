import { buildInventory, type Inventory } from '../../domain/inventory';
import type { Resource, ResourceType } from '../../domain/model';
import type { ResourceStore } from '../../domain/ports';

/** Types pre-flight consults around a resource (Auto Scaling membership, AMIs using a snapshot). */
const RELATED_TYPES: readonly ResourceType[] = ['ec2:instance', 'ec2:image'];

/** The stored resources pre-flight needs around `resource`: related types in its account and region. */
export async function relatedInventory(
  store: ResourceStore,
  resource: Pick<Resource, 'id' | 'accountId' | 'region'>,
): Promise<Inventory> {
  const related: Resource[] = [];
  for (const type of RELATED_TYPES) {
    let cursor: string | undefined;
    do {
      const page = await store.query({
        accountId: resource.accountId,
        region: resource.region,
        type,
        limit: 500,
        cursor,
      });
      related.push(...page.items.filter((item) => item.id !== resource.id));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return buildInventory(related);
}
