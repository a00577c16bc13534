import { nextTransitions, weekCalendar } from '../../domain/schedules/calendar';
import { isActive } from '../../domain/schedules/override';
import { estimatedSavings, hourlyPriceOf, realizedSavings } from '../../domain/schedules/savings';
import type { Operation } from './operation';
import { prices, resourceView, scheduledResources } from './schedule-shared';

/** Realized savings are counted over this window of the activity log. */
const REALIZED_DAYS = 14;

/**
 * `GET /schedules`: every schedule with its week (local times), next changes, resources (by tag or
 * assignment) with their next start and stop, active overrides, estimated and realized savings, and
 * the scheduler's recent activity.
 */
export const listSchedules: Operation<'listSchedules'> = async (_request, { resources, schedules }) => {
  const now = new Date();
  const [all, assignments, overrides, activity] = await Promise.all([
    schedules.store.listSchedules(),
    schedules.store.listAssignments(),
    schedules.store.listOverrides(now),
    schedules.records.activity({ limit: 500 }),
  ]);
  const members = await scheduledResources(resources, assignments);
  const since = new Date(now.getTime() - REALIZED_DAYS * 86_400_000);
  const views = all.map((schedule) => {
    const own = members.filter((m) => m.membership.schedule === schedule.name);
    const hourly = new Map(
      own.flatMap((m) => {
        const price = hourlyPriceOf(m.resource, prices);
        return price === undefined ? [] : [[m.resource.id, price] as const];
      }),
    );
    const ownIds = new Set(own.map((m) => m.resource.id));
    return {
      schedule,
      week: weekCalendar(schedule, now),
      next: nextTransitions(schedule, [], undefined, now, 8 * 86_400_000, 2),
      resources: own.map((m) => resourceView(m, schedule, overrides, now)),
      overrides: overrides
        .filter(
          (o) =>
            (o.target.kind === 'schedule' && o.target.schedule === schedule.name) ||
            (o.target.kind === 'resource' && ownIds.has(o.target.resourceId)),
        )
        .map((o) => ({ ...o, active: isActive(o, now) })),
      estimated: estimatedSavings(
        schedule,
        own.map((m) => m.resource),
        prices,
      ),
      realized: realizedSavings(
        activity.filter((a) => ownIds.has(a.resourceId)),
        hourly,
        since,
        now,
      ),
    };
  });
  const known = new Set(all.map((s) => s.name));
  return {
    body: {
      schedules: views,
      /** Resources tagged or assigned to a schedule that does not exist: they are not scheduled. */
      unknownSchedules: members
        .filter((m) => !known.has(m.membership.schedule))
        .map((m) => resourceView(m, undefined, [], now)),
      activity: activity.slice(0, 50),
      asOf: now.toISOString(),
    },
  };
};
