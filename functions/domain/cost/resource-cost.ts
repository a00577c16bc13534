/**
 * What a resource costs at list price while it exists in its current state, and under which Cost
 * Explorer SERVICE its spend appears. Used by `GET /cost/top-resources` (Cost Explorer's own
 * resource-level data needs an opt-in, is limited to 14 days and is billed per resource-day) and by
 * the sandbox to derive a cost history that agrees with the price table.
 */

import type { ResourceData, ResourceType } from '../model';
import { HOURS_PER_MONTH, type PriceBook } from '../pricing';
import { billableIops } from './savings';

/** Cost Explorer SERVICE values, exactly as Cost Explorer names them. */
export const CE_SERVICES = {
  ec2Compute: 'Amazon Elastic Compute Cloud - Compute',
  ec2Other: 'EC2 - Other',
  rds: 'Amazon Relational Database Service',
  s3: 'Amazon Simple Storage Service',
  elb: 'Amazon Elastic Load Balancing',
} as const;

/** The parts of a resource pricing reads: a collected resource and a sandbox fleet resource both fit. */
export type PriceableResource = {
  [T in ResourceType]: {
    readonly type: T;
    readonly region: string;
    readonly state: string;
    readonly attributes: Extract<ResourceData, { type: T }>['attributes'];
  };
}[ResourceType];

export interface ResourceCost {
  /** Cost Explorer SERVICE the spend is billed under. */
  readonly service: string;
  readonly monthlyUsd: number;
  /** What was priced, for evidence (`m5.large × 730 h`, `500 GiB gp2`, ...). */
  readonly basis: string;
}

/**
 * List-price monthly cost of a resource in its current state; `undefined` when it is not billed in
 * that state (a stopped instance, a deleted volume) or the price book has no price for it.
 */
export function resourceMonthlyCost(
  resource: PriceableResource,
  prices: PriceBook,
): ResourceCost | undefined {
  const hourly = (usd: number | undefined, service: string, basis: string) =>
    usd === undefined ? undefined : { service, monthlyUsd: usd * HOURS_PER_MONTH, basis };
  switch (resource.type) {
    case 'ec2:instance': {
      if (resource.state !== 'running') return undefined;
      const type = resource.attributes.instanceType;
      return hourly(
        prices.ec2InstanceHourly(resource.region, type),
        CE_SERVICES.ec2Compute,
        `${type} × ${HOURS_PER_MONTH} h`,
      );
    }
    case 'ec2:volume': {
      if (resource.state !== 'in-use' && resource.state !== 'available') return undefined;
      const a = resource.attributes;
      const gbMonth = prices.ebsVolumeGbMonth(resource.region, a.volumeType);
      if (gbMonth === undefined) return undefined;
      const iops = billableIops({ attributes: a } as Parameters<typeof billableIops>[0]);
      const iopsUsd = iops > 0 ? iops * (prices.ebsIopsMonth?.(resource.region, a.volumeType) ?? 0) : 0;
      return {
        service: CE_SERVICES.ec2Other,
        monthlyUsd: a.sizeGiB * gbMonth + iopsUsd,
        basis: `${a.sizeGiB} GiB ${a.volumeType}${iops > 0 ? ` + ${iops} IOPS` : ''}`,
      };
    }
    case 'ec2:snapshot': {
      if (resource.state !== 'completed') return undefined;
      const gbMonth = prices.ebsSnapshotGbMonth(resource.region);
      const size = resource.attributes.volumeSizeGiB;
      return gbMonth === undefined
        ? undefined
        : { service: CE_SERVICES.ec2Other, monthlyUsd: size * gbMonth, basis: `${size} GiB snapshot` };
    }
    case 'ec2:elastic-ip':
      return hourly(prices.elasticIpHourly(resource.region), CE_SERVICES.ec2Other, 'public IPv4 address');
    case 'ec2:nat-gateway':
      if (resource.state !== 'available') return undefined;
      return hourly(prices.natGatewayHourly(resource.region), CE_SERVICES.ec2Other, 'NAT gateway hours');
    case 'elb:load-balancer': {
      if (resource.state !== 'active' && resource.state !== 'active_impaired') return undefined;
      const kind = resource.attributes.kind;
      return hourly(
        prices.loadBalancerHourly(resource.region, kind),
        CE_SERVICES.elb,
        `${kind} load balancer hours`,
      );
    }
    case 'rds:db-instance': {
      if (resource.state !== 'available') return undefined;
      const a = resource.attributes;
      return hourly(
        prices.rdsInstanceHourly(resource.region, a.instanceClass, a.engine, a.multiAz),
        CE_SERVICES.rds,
        `${a.instanceClass} ${a.engine}${a.multiAz ? ' Multi-AZ' : ''} × ${HOURS_PER_MONTH} h`,
      );
    }
    default:
      return undefined;
  }
}
