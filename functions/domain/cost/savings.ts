/**
 * Helpers the cost rules share: metric windows, volume prices, related-resource lookups, and the
 * idle test that several rules defer to so one instance's saving is never counted twice.
 */
import type { Inventory } from '../inventory';
import type { FrameworkReference, ResourceOf } from '../model';
import { GP3_INCLUDED_IOPS, HOURS_PER_MONTH, type PriceBook } from '../pricing';
import type { RuleContext } from '../rules/rule';
import { threshold } from '../rules/rule';
import type { MetricSummary } from '../utilization';
import { spanDays } from './metric-summary';

export { HOURS_PER_MONTH };

/** Days of metrics a utilization verdict needs, unless a rule's `minimumDays` threshold says otherwise. */
export const DEFAULT_MINIMUM_DAYS = 14;

/** AWS Well-Architected cost pillar questions the cost rules evidence. */
export const WELL_ARCHITECTED = {
  decommission: { framework: 'aws-well-architected-cost', control: 'COST04' },
  rightSize: { framework: 'aws-well-architected-cost', control: 'COST06' },
  supplyDemand: { framework: 'aws-well-architected-cost', control: 'COST09' },
} as const satisfies Record<string, FrameworkReference>;

export type MetricWindow =
  | { readonly ok: true; readonly summaries: Readonly<Record<string, MetricSummary>>; readonly days: number }
  | { readonly ok: false; readonly reason: string };

/**
 * The named metrics of a resource, each covering at least the rule's `minimumDays`
 * (default 14); otherwise the reason a verdict cannot be given yet.
 */
export function metricWindow(
  context: RuleContext,
  ruleId: string,
  resourceId: string,
  metrics: readonly string[],
): MetricWindow {
  const minimumDays = threshold(context, ruleId, 'minimumDays', DEFAULT_MINIMUM_DAYS);
  const summaries: Record<string, MetricSummary> = {};
  let days = Number.POSITIVE_INFINITY;
  for (const metric of metrics) {
    const summary = context.utilization.get(resourceId, metric);
    if (!summary) return { ok: false, reason: `no ${metric} datapoints collected` };
    const covered = spanDays(summary);
    if (covered < minimumDays) {
      return {
        ok: false,
        reason: `${metric} covers ${covered.toFixed(1)} days; ${minimumDays} needed`,
      };
    }
    summaries[metric] = summary;
    days = Math.min(days, covered);
  }
  return { ok: true, summaries, days };
}

export interface VolumeCost {
  readonly monthlyUsd: number;
  readonly storageUsd: number;
  readonly iopsUsd: number;
  /** False when the volume has billable IOPS but the price book has no IOPS price. */
  readonly iopsPriced: boolean;
}

/** Billable provisioned IOPS of a volume: all of them on io1/io2, those above 3,000 on gp3. */
export function billableIops(volume: ResourceOf<'ec2:volume'>): number {
  const iops = volume.attributes.iops ?? 0;
  switch (volume.attributes.volumeType) {
    case 'io1':
    case 'io2':
      return iops;
    case 'gp3':
      return Math.max(0, iops - GP3_INCLUDED_IOPS);
    default:
      return 0;
  }
}

/** What a volume costs a month at list price; undefined when its storage price is unknown. */
export function volumeMonthlyCost(
  volume: ResourceOf<'ec2:volume'>,
  prices: PriceBook,
): VolumeCost | undefined {
  const gbMonth = prices.ebsVolumeGbMonth(volume.region, volume.attributes.volumeType);
  if (gbMonth === undefined) return undefined;
  const storageUsd = volume.attributes.sizeGiB * gbMonth;
  const iops = billableIops(volume);
  const iopsPrice = iops > 0 ? prices.ebsIopsMonth?.(volume.region, volume.attributes.volumeType) : 0;
  const iopsUsd = iops * (iopsPrice ?? 0);
  return { monthlyUsd: storageUsd + iopsUsd, storageUsd, iopsUsd, iopsPriced: iopsPrice !== undefined };
}

const nativeId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

const volumeIndexes = new WeakMap<Inventory, Map<string, ResourceOf<'ec2:volume'>>>();
const imageSnapshotIndexes = new WeakMap<Inventory, Set<string>>();

/**
 * A volume by its native id (`vol-...`) within an account and region. Indexed once per inventory, so
 * rules that follow instance → volume and snapshot → volume links stay linear over the fleet.
 */
export function findVolume(
  inventory: Inventory,
  accountId: string,
  region: string,
  volumeId: string,
): ResourceOf<'ec2:volume'> | undefined {
  let index = volumeIndexes.get(inventory);
  if (!index) {
    index = new Map();
    for (const volume of inventory.ofType('ec2:volume')) {
      if (!volume.goneAt) index.set(`${volume.accountId}|${volume.region}|${nativeId(volume.id)}`, volume);
    }
    volumeIndexes.set(inventory, index);
  }
  return index.get(`${accountId}|${region}|${volumeId}`);
}

/** Whether an AMI in the inventory is backed by this snapshot (it cannot be deleted while it is). */
export function snapshotBacksImage(
  inventory: Inventory,
  accountId: string,
  region: string,
  snapshotId: string,
) {
  let index = imageSnapshotIndexes.get(inventory);
  if (!index) {
    index = new Set();
    for (const image of inventory.ofType('ec2:image')) {
      if (image.goneAt) continue;
      for (const id of image.attributes.snapshotIds) index.add(`${image.accountId}|${image.region}|${id}`);
    }
    imageSnapshotIndexes.set(inventory, index);
  }
  return index.has(`${accountId}|${region}|${snapshotId}`);
}

export { nativeId };

export interface AttachedVolumes {
  readonly volumes: readonly {
    readonly volumeId: string;
    readonly sizeGiB: number;
    readonly type: string;
    readonly monthlyUsd: number;
  }[];
  readonly monthlyUsd: number;
  /** Volume ids the inventory does not hold or the price book cannot price. */
  readonly unpriced: readonly string[];
}

/** The EBS volumes attached to an instance and what they cost a month. */
export function attachedVolumesCost(
  instance: ResourceOf<'ec2:instance'>,
  context: RuleContext,
): AttachedVolumes {
  const volumes: AttachedVolumes['volumes'][number][] = [];
  const unpriced: string[] = [];
  for (const volumeId of instance.attributes.volumeIds) {
    const volume = findVolume(context.inventory, instance.accountId, instance.region, volumeId);
    const cost = volume ? volumeMonthlyCost(volume, context.prices) : undefined;
    if (!volume || !cost) {
      unpriced.push(volumeId);
      continue;
    }
    volumes.push({
      volumeId,
      sizeGiB: volume.attributes.sizeGiB,
      type: volume.attributes.volumeType,
      monthlyUsd: round2(cost.monthlyUsd),
    });
  }
  return { volumes, monthlyUsd: volumes.reduce((t, v) => t + v.monthlyUsd, 0), unpriced };
}

/** Rounds for evidence shown to a person; savings themselves are rounded by `analyze`. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export const IDLE_EC2_RULE_ID = 'ec2-idle-instance';
/** Idle EC2 defaults: p95 CPU below 5 %, network in + out below 5 MB (5,000,000 bytes) a day. */
export const IDLE_EC2_DEFAULTS = { cpuP95Percent: 5, networkBytesPerDay: 5_000_000 } as const;

export type IdleAssessment =
  | { readonly kind: 'unknown'; readonly reason: string }
  | {
      readonly kind: 'idle' | 'active';
      readonly cpuP95: number;
      readonly networkBytesPerDay: number;
      readonly days: number;
      readonly thresholds: { readonly cpuP95Percent: number; readonly networkBytesPerDay: number };
    };

const idleAssessments = new WeakMap<RuleContext, WeakMap<object, IdleAssessment>>();

/**
 * The idle-EC2 test, shared so rightsizing and scheduling defer to it instead of double counting.
 * Memoized per (context, instance): three rules ask it about every running instance.
 */
export function assessIdleInstance(
  instance: ResourceOf<'ec2:instance'>,
  context: RuleContext,
): IdleAssessment {
  let cache = idleAssessments.get(context);
  if (!cache) {
    cache = new WeakMap();
    idleAssessments.set(context, cache);
  }
  const known = cache.get(instance);
  if (known) return known;
  const assessment = computeIdleAssessment(instance, context);
  cache.set(instance, assessment);
  return assessment;
}

function computeIdleAssessment(instance: ResourceOf<'ec2:instance'>, context: RuleContext): IdleAssessment {
  const window = metricWindow(context, IDLE_EC2_RULE_ID, instance.id, [
    'CPUUtilization',
    'NetworkIn',
    'NetworkOut',
  ]);
  if (!window.ok) return { kind: 'unknown', reason: window.reason };
  const thresholds = {
    cpuP95Percent: threshold(context, IDLE_EC2_RULE_ID, 'cpuP95Percent', IDLE_EC2_DEFAULTS.cpuP95Percent),
    networkBytesPerDay: threshold(
      context,
      IDLE_EC2_RULE_ID,
      'networkBytesPerDay',
      IDLE_EC2_DEFAULTS.networkBytesPerDay,
    ),
  };
  const cpuP95 = window.summaries.CPUUtilization!.p95;
  const networkBytesPerDay =
    (window.summaries.NetworkIn!.sum + window.summaries.NetworkOut!.sum) / window.days;
  const idle = cpuP95 < thresholds.cpuP95Percent && networkBytesPerDay < thresholds.networkBytesPerDay;
  return { kind: idle ? 'idle' : 'active', cpuP95, networkBytesPerDay, days: window.days, thresholds };
}

/**
 * When an instance stopped, from EC2's `StateTransitionReason`, e.g.
 * `User initiated (2026-10-01 12:34:56 GMT)`; undefined when the reason carries no timestamp.
 */
export function stoppedSince(stateReason: string | undefined): Date | undefined {
  const match = stateReason?.match(/\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/);
  if (!match) return undefined;
  const at = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
