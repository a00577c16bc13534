import { z } from 'zod';
import { AccountIdSchema, RESOURCE_TYPES, RegionSchema } from '../../domain/model';
import type { ResourceQuery } from '../../domain/ports';
import { collectionsByScope, presentResource } from '../../domain/scan/last-collected';
import type { Operation } from './operation';
import { booleanParameter, cursorParameter, integerParameter, parseInput } from './parse';

/** Largest page a client may ask for; DynamoDB pages stay under 1 MB at this size. */
export const MAX_RESOURCE_PAGE_SIZE = 500;
export const DEFAULT_RESOURCE_PAGE_SIZE = 100;

const TagFilterSchema = z
  .string()
  .regex(/^[^=]+(=.*)?$/, 'must be key or key=value')
  .transform((value) => {
    const separator = value.indexOf('=');
    return separator === -1
      ? { key: value }
      : { key: value.slice(0, separator), value: value.slice(separator + 1) };
  });

const ListResourcesQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  region: RegionSchema.optional(),
  type: z.enum(RESOURCE_TYPES, { error: `must be one of ${RESOURCE_TYPES.join(', ')}` }).optional(),
  state: z.string().max(64, 'must be at most 64 characters').optional(),
  tag: TagFilterSchema.optional(),
  includeGone: booleanParameter(),
  q: z.string().trim().max(256, 'must be at most 256 characters').optional(),
  match: z.enum(['prefix', 'contains'], { error: 'must be prefix or contains' }).default('prefix'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc'),
  limit: integerParameter(1, MAX_RESOURCE_PAGE_SIZE, DEFAULT_RESOURCE_PAGE_SIZE),
  cursor: cursorParameter,
});

/**
 * `GET /resources`: one page of the inventory, filtered, in name order (`order=desc` reverses it);
 * `q` searches names (and ids) from their start, or anywhere with `match=contains`. `lastSeen` is
 * when the resource's type was last collected successfully in its scope (scans write only what
 * changed); `lastChanged` is when its content last changed.
 */
export const listResources: Operation<'listResources'> = async (request, { resources, scanRuns }) => {
  const query = parseInput(ListResourcesQuerySchema, request.query);
  const resourceQuery: ResourceQuery = {
    accountId: query.accountId,
    region: query.region,
    type: query.type,
    state: query.state,
    tag: query.tag,
    includeGone: query.includeGone,
    ...(query.q ? { search: { text: query.q, mode: query.match } } : {}),
    order: query.order,
    limit: query.limit,
    cursor: query.cursor,
  };
  const [page, collected] = await Promise.all([resources.query(resourceQuery), scanRuns.lastCollected()]);
  const collections = collectionsByScope(collected);
  return {
    body: {
      items: page.items.map((resource) => presentResource(resource, collections)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    },
  };
};
