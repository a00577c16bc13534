/** The (account, region) scopes one scheduler tick visits: those with a resource on a schedule. */
import type { ResourceStore } from '../../domain/ports';
import { SCHEDULE_TAG } from '../../domain/schedules/membership';
import type { ScheduleStore } from '../../domain/schedules/ports';

export async function planTickScopes(
  resources: ResourceStore,
  schedules: ScheduleStore,
): Promise<{ accountId: string; region: string }[]> {
  const scopes = new Map<string, { accountId: string; region: string }>();
  const add = (accountId: string, region: string) =>
    scopes.set(`${accountId}|${region}`, { accountId, region });
  let cursor: string | undefined;
  do {
    const page = await resources.query({
      tag: { key: SCHEDULE_TAG },
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const r of page.items) add(r.accountId, r.region);
    cursor = page.nextCursor;
  } while (cursor);
  for (const assignment of await schedules.listAssignments()) {
    const resource = await resources.get(assignment.resourceId);
    if (resource) add(resource.accountId, resource.region);
  }
  return [...scopes.values()].sort((a, b) =>
    `${a.accountId}|${a.region}`.localeCompare(`${b.accountId}|${b.region}`),
  );
}
