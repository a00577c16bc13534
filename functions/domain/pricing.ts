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
}

/** Hours in an average month, as AWS pricing pages use it. */
export const HOURS_PER_MONTH = 730;
