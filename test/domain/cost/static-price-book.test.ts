import { describe, expect, it } from 'vitest';
import { INSTANCE_SIZES } from '../../../functions/domain/cost/instance-sizes';
import { SHIPPED_PRICE_TABLE, StaticPriceBook } from '../../../functions/domain/cost/static-price-book';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const book = new StaticPriceBook();

describe('StaticPriceBook', () => {
  it('answers the published us-east-1 prices and the table date', () => {
    expect(book.asOf).toBe('2025-06-01');
    expect(book.ec2InstanceHourly('us-east-1', 't3.micro')).toBe(0.0104);
    expect(book.ec2InstanceHourly('us-east-1', 'm5.xlarge')).toBe(0.192);
    expect(book.ebsVolumeGbMonth('us-east-1', 'gp2')).toBe(0.1);
    expect(book.ebsVolumeGbMonth('us-east-1', 'gp3')).toBe(0.08);
    expect(book.ebsSnapshotGbMonth('us-east-1')).toBe(0.05);
    expect(book.elasticIpHourly('eu-west-1')).toBe(0.005);
    expect(book.natGatewayHourly('us-east-1')).toBe(0.045);
    expect(book.natGatewayPerGb('us-east-1')).toBe(0.045);
    expect(book.loadBalancerHourly('us-east-1', 'application')).toBe(0.0225);
    expect(book.ebsIopsMonth('us-east-1', 'io1')).toBe(0.065);
  });

  it('bills Multi-AZ RDS at twice single-AZ and maps engine names', () => {
    expect(book.rdsInstanceHourly('us-east-1', 'db.t3.micro', 'mysql', false)).toBe(0.017);
    expect(book.rdsInstanceHourly('us-east-1', 'db.t3.micro', 'mysql', true)).toBe(0.034);
    expect(book.rdsInstanceHourly('us-east-1', 'db.m5.large', 'postgres', false)).toBe(0.178);
  });

  it('answers undefined, never zero, for what it does not know', () => {
    expect(book.ec2InstanceHourly('us-east-1', 'p5.48xlarge')).toBeUndefined();
    expect(book.ec2InstanceHourly('sa-east-1', 't3.micro')).toBeUndefined();
    expect(book.rdsInstanceHourly('us-east-1', 'db.m5.large', 'oracle-ee', false)).toBeUndefined();
    expect(book.ebsVolumeGbMonth('us-east-1', 'gp4')).toBeUndefined();
  });

  it('prices every type it can rightsize, every RDS class and every EBS type in the five regions', () => {
    for (const region of REGIONS) {
      for (const type of INSTANCE_SIZES.keys())
        expect(book.ec2InstanceHourly(region, type), `${region} ${type}`).toBeGreaterThan(0);
      for (const engine of ['mysql', 'postgres']) {
        for (const family of ['db.m5', 'db.m6g', 'db.r5', 'db.r6g']) {
          for (const size of ['large', 'xlarge', '2xlarge']) {
            expect(book.rdsInstanceHourly(region, `${family}.${size}`, engine, false)).toBeGreaterThan(0);
          }
        }
        for (const size of ['micro', 'small', 'medium', 'large']) {
          expect(book.rdsInstanceHourly(region, `db.t3.${size}`, engine, false)).toBeGreaterThan(0);
          expect(book.rdsInstanceHourly(region, `db.t4g.${size}`, engine, false)).toBeGreaterThan(0);
        }
      }
      for (const type of ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']) {
        expect(book.ebsVolumeGbMonth(region, type)).toBeGreaterThan(0);
      }
      for (const kind of ['application', 'network', 'gateway', 'classic'] as const) {
        expect(book.loadBalancerHourly(region, kind)).toBeGreaterThan(0);
      }
    }
  });

  it('keeps gp3 cheaper than gp2 and each size twice the one below in every region', () => {
    for (const [region, prices] of Object.entries(SHIPPED_PRICE_TABLE.regions)) {
      expect(prices.ebsGbMonth.gp3!, region).toBeLessThan(prices.ebsGbMonth.gp2!);
      expect(prices.ec2Hourly['m5.2xlarge']).toBeCloseTo(2 * prices.ec2Hourly['m5.xlarge']!, 6);
    }
  });
});
