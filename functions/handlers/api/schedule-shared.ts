/** What the schedule routes share: the stores, the resources that follow schedules, their views. */
import { StaticPriceBook } from '../../domain/cost/static-price-book';
import type { Resource } from '../../domain/model';
import type { ResourceStore } from '../../domain/ports';
import { nextTransitions } from '../../domain/schedules/calendar';
import { type Membership, membershipOf, SCHEDULE_TAG } from '../../domain/schedules/membership';
import type { Override } from '../../domain/schedules/override';
import type { Assignment, ScheduleRecordStore, ScheduleStore } from '../../domain/schedules/ports';
import type { Schedule } from '../../domain/schedules/schedule';
import { isSchedulable } from '../../domain/schedules/scheduled-targets';

/** The scheduler's stores as the API sees them. */
export interface ScheduleApiDependencies {
  readonly store: ScheduleStore;
  readonly records: ScheduleRecordStore;
}

export const prices = new StaticPriceBook();

export interface ScheduledResource {
  readonly resource: Resource;
  readonly membership: Extract<Membership, { kind: 'scheduled' }>;
}

/** Every live schedulable resource that follows a schedule, by tag or by assignment. */
export async function scheduledResources(
  resources: ResourceStore,
  assignments: readonly Assignment[],
): Promise<ScheduledResource[]> {
  const byId = new Map<string, Resource>();
  let cursor: string | undefined;
  do {
    const page = await resources.query({
      tag: { key: SCHEDULE_TAG },
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const r of page.items) byId.set(r.id, r);
    cursor = page.nextCursor;
  } while (cursor);
  for (const a of assignments) {
    if (!byId.has(a.resourceId)) {
      const r = await resources.get(a.resourceId);
      if (r) byId.set(r.id, r);
    }
  }
  const assigned = new Map(assignments.map((a) => [a.resourceId, a.schedule]));
  const out: ScheduledResource[] = [];
  for (const resource of byId.values()) {
    if (!isSchedulable(resource) || resource.goneAt !== undefined) continue;
    const membership = membershipOf(resource.tags, assigned.get(resource.id));
    if (membership.kind === 'scheduled') out.push({ resource, membership });
  }
  return out.sort((a, b) => a.resource.name.localeCompare(b.resource.name));
}

/** A resource as the schedule views show it, with its next start and stop. */
export function resourceView(
  entry: ScheduledResource,
  schedule: Schedule | undefined,
  overrides: readonly Override[],
  now: Date,
) {
  const r = entry.resource;
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    accountId: r.accountId,
    region: r.region,
    state: r.state,
    schedule: entry.membership.schedule,
    source: entry.membership.source,
    next: schedule ? nextTransitions(schedule, overrides, r.id, now, 8 * 86_400_000, 2) : [],
  };
}
