/**
 * A PriceBook over the shipped price table (`price-table.json`): used by the sandbox, the CLI and
 * tests, and as a fallback when the Price List API is unreachable. Prices it does not hold answer
 * `undefined`, so rules say "insufficient data" instead of inventing a number.
 */
import { z } from 'zod';
import type { PriceBook } from '../pricing';
import table from './price-table.json';

const priceMap = z.record(z.string(), z.number().nonnegative());

const RegionPricesSchema = z.object({
  ec2Hourly: priceMap,
  /** Single-AZ hourly price per engine (`mysql`, `postgres`) and instance class. */
  rdsHourly: z.record(z.string(), priceMap),
  ebsGbMonth: priceMap,
  ebsIopsMonth: priceMap,
  ebsSnapshotGbMonth: z.number().nonnegative(),
  elasticIpHourly: z.number().nonnegative(),
  natGateway: z.object({ hourly: z.number().nonnegative(), perGb: z.number().nonnegative() }),
  loadBalancerHourly: priceMap,
});

export const PriceTableSchema = z.object({
  /** ISO date the prices were taken. */
  asOf: z.iso.date(),
  currency: z.literal('USD'),
  source: z.string(),
  notes: z.record(z.string(), z.string()).optional(),
  regions: z.record(z.string(), RegionPricesSchema),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;

/** The shipped table, validated once at module load so a bad edit fails every test at once. */
export const SHIPPED_PRICE_TABLE: PriceTable = PriceTableSchema.parse(table);

/** Multi-AZ RDS deployments run a standby: AWS bills them at twice the single-AZ instance price. */
const MULTI_AZ_FACTOR = 2;

/**
 * Maps RDS `Engine` values to the table's engine keys. Only engines without a license charge are
 * priced; Oracle, SQL Server and Aurora answer `undefined`.
 */
export function rdsEngineKey(engine: string): 'mysql' | 'postgres' | 'mariadb' | undefined {
  switch (engine.toLowerCase()) {
    case 'mysql':
      return 'mysql';
    case 'postgres':
    case 'postgresql':
      return 'postgres';
    case 'mariadb':
      return 'mariadb';
    default:
      return undefined;
  }
}

export class StaticPriceBook implements PriceBook {
  readonly asOf: string;

  constructor(private readonly table: PriceTable = SHIPPED_PRICE_TABLE) {
    this.asOf = table.asOf;
  }

  ec2InstanceHourly(region: string, instanceType: string): number | undefined {
    return this.table.regions[region]?.ec2Hourly[instanceType];
  }

  rdsInstanceHourly(
    region: string,
    instanceClass: string,
    engine: string,
    multiAz: boolean,
  ): number | undefined {
    const key = rdsEngineKey(engine);
    const single =
      key === undefined ? undefined : this.table.regions[region]?.rdsHourly[key]?.[instanceClass];
    return single === undefined ? undefined : single * (multiAz ? MULTI_AZ_FACTOR : 1);
  }

  ebsVolumeGbMonth(region: string, volumeType: string): number | undefined {
    return this.table.regions[region]?.ebsGbMonth[volumeType];
  }

  ebsIopsMonth(region: string, volumeType: string): number | undefined {
    return this.table.regions[region]?.ebsIopsMonth[volumeType];
  }

  ebsSnapshotGbMonth(region: string): number | undefined {
    return this.table.regions[region]?.ebsSnapshotGbMonth;
  }

  elasticIpHourly(region: string): number | undefined {
    return this.table.regions[region]?.elasticIpHourly;
  }

  natGatewayHourly(region: string): number | undefined {
    return this.table.regions[region]?.natGateway.hourly;
  }

  natGatewayPerGb(region: string): number | undefined {
    return this.table.regions[region]?.natGateway.perGb;
  }

  loadBalancerHourly(
    region: string,
    kind: 'application' | 'network' | 'gateway' | 'classic',
  ): number | undefined {
    return this.table.regions[region]?.loadBalancerHourly[kind];
  }
}
