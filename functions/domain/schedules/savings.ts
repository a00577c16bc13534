/**
 * Hours and dollars a schedule saves: estimated from its week and the resources' list prices (the
 * off-hours rule's arithmetic), and realized from what the scheduler actually stopped.
 */
import type { Resource } from '../model';
import type { PriceBook } from '../pricing';
import { scheduleHours } from './calendar';
import type { ScheduleActivity } from './ports';
import type { Schedule } from './schedule';

/** The on-demand hourly price of the compute a stop saves (EBS and storage bill on). */
export function hourlyPriceOf(resource: Resource, prices: PriceBook): number | undefined {
  if (resource.type === 'ec2:instance')
    return prices.ec2InstanceHourly(resource.region, resource.attributes.instanceType);
  if (resource.type === 'rds:db-instance') {
    const a = resource.attributes;
    return prices.rdsInstanceHourly(resource.region, a.instanceClass, a.engine, a.multiAz);
  }
  return undefined;
}

export interface EstimatedSavings {
  readonly hoursRunningPerWeek: number;
  readonly hoursStoppedPerMonth: number;
  /** Sum over the priced resources. */
  readonly monthlySavingsUsd: number;
  /** Resources without a price (not counted). */
  readonly unpriced: readonly string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function estimatedSavings(
  schedule: Schedule,
  resources: readonly Resource[],
  prices: PriceBook,
): EstimatedSavings {
  const hours = scheduleHours(schedule);
  let usd = 0;
  const unpriced: string[] = [];
  for (const resource of resources) {
    const hourly = hourlyPriceOf(resource, prices);
    if (hourly === undefined) unpriced.push(resource.id);
    else usd += hourly * hours.hoursStoppedPerMonth;
  }
  return {
    hoursRunningPerWeek: round2(hours.hoursRunningPerWeek),
    hoursStoppedPerMonth: round2(hours.hoursStoppedPerMonth),
    monthlySavingsUsd: round2(usd),
    unpriced,
  };
}

export interface RealizedSavings {
  readonly since: string;
  readonly hoursStopped: number;
  readonly savedUsd: number;
}

/**
 * Hours each resource spent stopped by the scheduler since `since`: from each successful stop to the
 * next successful start (or `now`). A stop made before `since` is not known here and not counted.
 */
export function realizedSavings(
  activity: readonly ScheduleActivity[],
  hourly: ReadonlyMap<string, number>,
  since: Date,
  now: Date,
): RealizedSavings {
  const byResource = new Map<string, ScheduleActivity[]>();
  for (const entry of activity) {
    if (entry.outcome !== 'succeeded' || Date.parse(entry.at) < since.getTime()) continue;
    const list = byResource.get(entry.resourceId) ?? [];
    list.push(entry);
    byResource.set(entry.resourceId, list);
  }
  let hours = 0;
  let usd = 0;
  for (const [resourceId, entries] of byResource) {
    entries.sort((a, b) => a.at.localeCompare(b.at));
    let stoppedAt: number | undefined;
    let resourceHours = 0;
    for (const entry of entries) {
      if (entry.action === 'stop' && stoppedAt === undefined) stoppedAt = Date.parse(entry.at);
      if (entry.action === 'start' && stoppedAt !== undefined) {
        resourceHours += (Date.parse(entry.at) - stoppedAt) / 3_600_000;
        stoppedAt = undefined;
      }
    }
    if (stoppedAt !== undefined) resourceHours += (now.getTime() - stoppedAt) / 3_600_000;
    hours += resourceHours;
    usd += resourceHours * (hourly.get(resourceId) ?? 0);
  }
  return { since: since.toISOString(), hoursStopped: round2(hours), savedUsd: round2(usd) };
}
