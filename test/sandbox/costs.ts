/**
 * The organization's cost history as the sandbox's Cost Explorer serves it, derived from the fleet:
 * every billable resource costs its list price (the shipped price table, us-east-1 prices where a
 * region is not in it) per day from the day it was created, under the SERVICE Cost Explorer bills it
 * under (`resourceMonthlyCost`). On top: monthly growth, daily noise per (account, service) and
 * planted spikes from the fleet's `costs` settings. Deterministic: the same fleet and seed give the
 * same amount for every (day, group), whichever grouping a request asks for.
 *
 * S3 is not in the price table: a bucket is given a size of 50–2,000 GB from its name, billed at the
 * S3 Standard list price of $0.023 per GB-month. It is synthetic, like everything here.
 */

import { addDays, addMonths, dayRange, earliestDay, startOfMonth } from '../../functions/domain/cost/dates';
import { CE_SERVICES, resourceMonthlyCost } from '../../functions/domain/cost/resource-cost';
import { stoppedSince } from '../../functions/domain/cost/savings';
import { StaticPriceBook } from '../../functions/domain/cost/static-price-book';
import { HOURS_PER_MONTH, type PriceBook } from '../../functions/domain/pricing';
import type { FleetAccount, FleetCosts, FleetResource } from './fleet';
import { hash32, unit } from './usage';

export const COST_DEFAULTS = {
  seed: 1,
  historyMonths: 13,
  monthlyGrowthPercent: 2,
  noisePercent: 4,
  pageSize: 5000,
} as const;

/** S3 Standard, first 50 TB, USD per GB-month (us-east-1 list price). */
export const S3_STANDARD_GB_MONTH = 0.023;
/** Growth is measured from a fixed day, so a closed day's amount never changes as time passes. */
const GROWTH_ANCHOR = '2026-01-01';
const DAYS_PER_MONTH = 365 / 12;
const FALLBACK_REGION = 'us-east-1';

/** One group dimension a request may ask for. */
export type CostDimension =
  | { readonly kind: 'LINKED_ACCOUNT' }
  | { readonly kind: 'SERVICE' }
  | { readonly kind: 'REGION' }
  | { readonly kind: 'TAG'; readonly key: string };

/** Spend of one (account, service, region, tags) that starts and ends on given days. */
interface Bucket {
  readonly accountId: string;
  readonly service: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Days on which the daily amount changes, ascending, with the running daily total from that day. */
  readonly steps: { day: string; dailyUsd: number }[];
}

/** A price book that answers us-east-1 prices for regions the shipped table does not hold. */
class FallbackPriceBook implements PriceBook {
  readonly asOf: string;
  constructor(private readonly inner: PriceBook) {
    this.asOf = inner.asOf;
  }
  private pick<T>(region: string, read: (r: string) => T | undefined): T | undefined {
    return read(region) ?? read(FALLBACK_REGION);
  }
  ec2InstanceHourly = (region: string, type: string) =>
    this.pick(region, (r) => this.inner.ec2InstanceHourly(r, type));
  rdsInstanceHourly = (region: string, cls: string, engine: string, multiAz: boolean) =>
    this.pick(region, (r) => this.inner.rdsInstanceHourly(r, cls, engine, multiAz));
  ebsVolumeGbMonth = (region: string, type: string) =>
    this.pick(region, (r) => this.inner.ebsVolumeGbMonth(r, type));
  ebsSnapshotGbMonth = (region: string) => this.pick(region, (r) => this.inner.ebsSnapshotGbMonth(r));
  elasticIpHourly = (region: string) => this.pick(region, (r) => this.inner.elasticIpHourly(r));
  natGatewayHourly = (region: string) => this.pick(region, (r) => this.inner.natGatewayHourly(r));
  loadBalancerHourly = (region: string, kind: 'application' | 'network' | 'gateway' | 'classic') =>
    this.pick(region, (r) => this.inner.loadBalancerHourly(r, kind));
  ebsIopsMonth = (region: string, type: string) =>
    this.pick(region, (r) => this.inner.ebsIopsMonth?.(r, type));
}

/** The day a resource started costing, from the timestamp its type carries (none: always). */
function createdDay(resource: FleetResource): string | undefined {
  const a = resource.attributes as Record<string, unknown>;
  for (const field of ['launchTime', 'createTime', 'creationDate', 'startTime', 'createdTime']) {
    const value = a[field];
    if (typeof value === 'string') return value.slice(0, 10);
  }
  return undefined;
}

/** Daily list-price spend of a resource and when it runs; undefined when it is not billed. */
function dailySpend(
  resource: FleetResource,
  prices: PriceBook,
): { service: string; dailyUsd: number; from?: string; until?: string } | undefined {
  if (resource.type === 's3:bucket') {
    const gb = 50 + (hash32(`s3|${resource.id}`) % 1951);
    return {
      service: CE_SERVICES.s3,
      dailyUsd: (gb * S3_STANDARD_GB_MONTH * 24) / HOURS_PER_MONTH,
      from: createdDay(resource),
    };
  }
  // A stopped instance ran from its launch until it stopped.
  const priced =
    resource.type === 'ec2:instance' && resource.state === 'stopped'
      ? resourceMonthlyCost({ ...resource, state: 'running' }, prices)
      : resourceMonthlyCost(resource, prices);
  if (!priced) return undefined;
  const until =
    resource.type === 'ec2:instance' && resource.state === 'stopped'
      ? stoppedSince(resource.attributes.stateReason)?.toISOString().slice(0, 10)
      : undefined;
  if (resource.type === 'ec2:instance' && resource.state === 'stopped' && until === undefined)
    return undefined;
  return {
    service: priced.service,
    dailyUsd: (priced.monthlyUsd * 24) / HOURS_PER_MONTH,
    from: createdDay(resource),
    ...(until ? { until } : {}),
  };
}

/** Formats an amount as Cost Explorer does: a decimal string. */
export function formatAmount(usd: number): string {
  const fixed = usd.toFixed(10).replace(/\.?0+$/, '');
  return fixed === '-0' || fixed === '' ? '0' : fixed;
}

export interface CostGroup {
  readonly keys: readonly string[];
  readonly usd: number;
}

/**
 * The cost history of one organization. Construct once per sandbox (the `today` passed first
 * resolves the planted spikes' dates); every query is a pure function of its arguments.
 */
export class CostHistory {
  readonly settings: Required<Omit<FleetCosts, 'spikes' | 'usageLevels'>>;
  /** First day Cost Explorer holds. */
  readonly firstDay: string;
  private readonly buckets: Bucket[] = [];
  private readonly spikes: { day: string; bucket: Bucket; usd: number }[] = [];

  constructor(
    accounts: readonly FleetAccount[],
    costs: FleetCosts | undefined,
    today: string,
    prices: PriceBook = new StaticPriceBook(),
  ) {
    this.settings = {
      seed: costs?.seed ?? COST_DEFAULTS.seed,
      historyMonths: costs?.historyMonths ?? COST_DEFAULTS.historyMonths,
      monthlyGrowthPercent: costs?.monthlyGrowthPercent ?? COST_DEFAULTS.monthlyGrowthPercent,
      noisePercent: costs?.noisePercent ?? COST_DEFAULTS.noisePercent,
      pageSize: costs?.pageSize ?? COST_DEFAULTS.pageSize,
    };
    this.firstDay = addMonths(today, -this.settings.historyMonths);
    const book = new FallbackPriceBook(prices);
    const byKey = new Map<string, { bucket: Bucket; changes: Map<string, number> }>();
    const bucketFor = (accountId: string, service: string, region: string, tags: Record<string, string>) => {
      const key = JSON.stringify([accountId, service, region, Object.entries(tags).sort()]);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { bucket: { accountId, service, region, tags, steps: [] }, changes: new Map() };
        byKey.set(key, entry);
      }
      return entry;
    };
    for (const account of accounts) {
      for (const resource of account.resources) {
        const spend = dailySpend(resource, book);
        if (!spend) continue;
        const entry = bucketFor(account.id, spend.service, resource.region, resource.tags);
        const from = spend.from ?? '1970-01-01';
        entry.changes.set(from, (entry.changes.get(from) ?? 0) + spend.dailyUsd);
        if (spend.until)
          entry.changes.set(spend.until, (entry.changes.get(spend.until) ?? 0) - spend.dailyUsd);
      }
    }
    for (const { bucket, changes } of byKey.values()) {
      let running = 0;
      for (const day of [...changes.keys()].sort()) {
        running += changes.get(day)!;
        bucket.steps.push({ day, dailyUsd: running });
      }
      this.buckets.push(bucket);
    }
    for (const spike of costs?.spikes ?? []) {
      const account = accounts.find((a) => a.id === spike.accountId);
      const region = spike.region ?? account?.regions[0] ?? FALLBACK_REGION;
      const { bucket } = bucketFor(spike.accountId, spike.service, region, {});
      if (!this.buckets.includes(bucket)) this.buckets.push(bucket);
      this.spikes.push({ day: addDays(today, -spike.daysAgo), bucket, usd: spike.usd });
    }
  }

  /** The first day Cost Explorer still revises: two days back, or the first of the month. */
  static openFrom(today: string): string {
    return earliestDay(addDays(today, -2), startOfMonth(today));
  }

  private base(bucket: Bucket, day: string): number {
    let usd = 0;
    for (const step of bucket.steps) {
      if (step.day > day) break;
      usd = step.dailyUsd;
    }
    return usd;
  }

  private growth(day: string): number {
    const months = (Date.parse(day) - Date.parse(GROWTH_ANCHOR)) / 86_400_000 / DAYS_PER_MONTH;
    return (1 + this.settings.monthlyGrowthPercent / 100) ** months;
  }

  private noise(accountId: string, service: string, day: string): number {
    const u = unit(`${this.settings.seed}|${accountId}|${service}|${day}`);
    return 1 + (this.settings.noisePercent / 100) * (2 * u - 1);
  }

  /**
   * Spend of one day grouped by the dimensions, in key order. `today` is billed for the hours
   * elapsed (`todayFraction`); later days and days before the history cost nothing.
   */
  groups(day: string, today: string, dimensions: readonly CostDimension[], todayFraction = 1): CostGroup[] {
    if (day > today || day < this.firstDay) return [];
    const fraction = day === today ? todayFraction : 1;
    const growth = this.growth(day);
    const totals = new Map<string, { keys: string[]; usd: number }>();
    const add = (bucket: Bucket, usd: number) => {
      if (usd === 0) return;
      const keys = dimensions.map((d) => dimensionValue(bucket, d));
      const key = JSON.stringify(keys);
      const group = totals.get(key);
      if (group) group.usd += usd;
      else totals.set(key, { keys, usd });
    };
    for (const bucket of this.buckets) {
      const base = this.base(bucket, day);
      if (base !== 0)
        add(bucket, base * growth * this.noise(bucket.accountId, bucket.service, day) * fraction);
    }
    for (const spike of this.spikes) if (spike.day === day) add(spike.bucket, spike.usd * fraction);
    return [...totals.values()]
      .filter((g) => Math.abs(g.usd) >= 5e-11)
      .sort((a, b) => (a.keys.join('\u0000') < b.keys.join('\u0000') ? -1 : 1));
  }

  /** Expected spend of a future day without noise or spikes: the forecast's mean. */
  expectedTotal(day: string, today: string): number {
    const reference = day > today ? today : day;
    let usd = 0;
    for (const bucket of this.buckets) usd += this.base(bucket, reference);
    return usd * this.growth(day);
  }

  /** Total spend of each day in a range (inclusive), for tests and the benchmark. */
  dailyTotals(from: string, to: string, today: string): Map<string, number> {
    return new Map(
      dayRange(from, to).map((day) => [day, this.groups(day, today, []).reduce((t, g) => t + g.usd, 0)]),
    );
  }
}

function dimensionValue(bucket: Bucket, dimension: CostDimension): string {
  switch (dimension.kind) {
    case 'LINKED_ACCOUNT':
      return bucket.accountId;
    case 'SERVICE':
      return bucket.service;
    case 'REGION':
      return bucket.region;
    case 'TAG':
      return `${dimension.key}$${bucket.tags[dimension.key] ?? ''}`;
  }
}
