/**
 * On-demand prices in USD, per region. Implemented from the AWS Price List API in production and from
 * the shipped price table in the sandbox and tests. `undefined` means "no price known": a rule that
 * needs it answers "insufficient data", never "no saving".
 */
export interface PriceBook {
  /** Date the prices were taken (ISO date), shown as evidence. */
  readonly asOf: string;
  ec2InstanceHourly(region: string, instanceType: string): number | undefined;
  rdsInstanceHourly(
    region: string,
    instanceClass: string,
    engine: string,
    multiAz: boolean,
  ): number | undefined;
  ebsVolumeGbMonth(region: string, volumeType: string): number | undefined;
  ebsSnapshotGbMonth(region: string): number | undefined;
  elasticIpHourly(region: string): number | undefined;
  natGatewayHourly(region: string): number | undefined;
  loadBalancerHourly(
    region: string,
    kind: 'application' | 'network' | 'gateway' | 'classic',
  ): number | undefined;
  /**
   * Price of one provisioned IOPS-month: io1/io2 charge every provisioned IOPS, gp3 only those above
   * the 3,000 it includes. Optional: a book without it makes rules leave IOPS out of a saving.
   * @default undefined (IOPS not priced)
   */
  ebsIopsMonth?(region: string, volumeType: string): number | undefined;
  /**
   * NAT gateway data processing charge per GB, on top of the hourly price.
   * @default undefined (data processing not priced)
   */
  natGatewayPerGb?(region: string): number | undefined;
}

/** Hours in an average month, as AWS pricing pages use it. */
export const HOURS_PER_MONTH = 730;

/** IOPS a gp3 volume includes at no charge; only provisioned IOPS above it are billed. */
export const GP3_INCLUDED_IOPS = 3000;
