/**
 * Daily cost as Cost Explorer reports it. GetCostAndUsage groups by at most two dimensions a request,
 * so HostMaster keeps two kinds of series over the same spend: by (linked account, service) and by
 * (region, cost allocation tag). Each partitions the whole bill of a day, so each sums to the same
 * total; breakdowns read the series that carries their dimension.
 */
import { z } from 'zod';
import { AccountIdSchema } from '../model';

const day = z.iso.date();
/** Credits and refunds make amounts negative; they are kept, not dropped. */
const usd = z.number().finite();

export const AccountServiceCostSchema = z.object({
  series: z.literal('account-service'),
  date: day,
  accountId: AccountIdSchema,
  /** Cost Explorer's SERVICE value, e.g. `Amazon Elastic Compute Cloud - Compute`. */
  service: z.string().min(1),
  unblendedUsd: usd,
  amortizedUsd: usd,
});

export const RegionTagCostSchema = z.object({
  series: z.literal('region-tag'),
  date: day,
  /** Cost Explorer's REGION value: a region name, `global`, or `NoRegion`. */
  region: z.string().min(1),
  tagKey: z.string().min(1),
  /** Empty for spend not carrying the tag (Cost Explorer returns `key$`). */
  tagValue: z.string(),
  unblendedUsd: usd,
  amortizedUsd: usd,
});

export const CostRecordSchema = z.discriminatedUnion('series', [
  AccountServiceCostSchema,
  RegionTagCostSchema,
]);
export type CostRecord = z.infer<typeof CostRecordSchema>;
export type AccountServiceCost = z.infer<typeof AccountServiceCostSchema>;
export type RegionTagCost = z.infer<typeof RegionTagCostSchema>;

export type CostMetric = 'unblended' | 'amortized';

/**
 * Money is summed in integer micro-dollars: integer addition is exact and order-independent, so a
 * breakdown's parts add up to its total to the last digit. Dollars come back only for presentation.
 */
export function toMicros(amountUsd: number): number {
  return Math.round(amountUsd * 1_000_000);
}

export function fromMicros(micros: number): number {
  return micros / 1_000_000;
}

export function amountMicros(record: CostRecord, metric: CostMetric): number {
  return toMicros(metric === 'unblended' ? record.unblendedUsd : record.amortizedUsd);
}
