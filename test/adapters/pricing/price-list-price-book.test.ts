import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type PriceCache,
  PriceListPriceBook,
  priceRequestsFor,
} from '../../../functions/adapters/pricing/price-list-price-book';
import { dbInstance, instance, volume } from '../../domain/rules/cost/fixtures';

const pricing = mockClient(PricingClient);
const client = new PricingClient({ region: 'us-east-1' });

/** One product document as GetProducts returns it (a JSON string per product), reserved terms included. */
function product(
  sku: string,
  attributes: Record<string, string>,
  unit: string,
  usd: string,
  family = 'Compute Instance',
) {
  return JSON.stringify({
    product: { productFamily: family, attributes: { servicecode: 'AmazonEC2', ...attributes }, sku },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit,
              endRange: 'Inf',
              description: `$${usd} per ${unit}`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usd },
            },
          },
          sku,
          effectiveDate: '2025-06-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      Reserved: {
        [`${sku}.4NA7Y494T4`]: {
          priceDimensions: {
            [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: {
              unit: 'Hrs',
              beginRange: '0',
              endRange: 'Inf',
              pricePerUnit: { USD: '0.0065000000' },
            },
          },
          sku,
          offerTermCode: '4NA7Y494T4',
          termAttributes: { LeaseContractLength: '1yr', PurchaseOption: 'No Upfront' },
        },
      },
    },
    version: '20250601000000',
    publicationDate: '2025-06-01T00:00:00Z',
  });
}

const t3Micro = product(
  'NB4Q3AB4ZCZT5P3A',
  {
    instanceType: 't3.micro',
    regionCode: 'us-east-1',
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'Used',
    operation: 'RunInstances',
    usagetype: 'BoxUsage:t3.micro',
    vcpu: '2',
    memory: '1 GiB',
  },
  'Hrs',
  '0.0104000000',
);

let cache: PriceCache;
beforeEach(() => {
  pricing.reset();
  cache = new Map();
});

describe('PriceListPriceBook', () => {
  it('asks GetProducts for Linux shared on-demand hours and reads the on-demand price, not the reserved one', async () => {
    // Prepare
    pricing.on(GetProductsCommand).resolves({ PriceList: [t3Micro], FormatVersion: 'aws_v1' });
    const book = new PriceListPriceBook(client, { cache });
    // Act
    const result = await book.prime([
      { kind: 'ec2-instance', region: 'us-east-1', instanceType: 't3.micro' },
    ]);
    // Assess
    expect(result).toEqual({ fetched: 1, cached: 0, failed: [] });
    expect(book.ec2InstanceHourly('us-east-1', 't3.micro')).toBe(0.0104);
    expect(book.asOf).toBe('2025-06-01');
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 't3.micro' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
        { Type: 'TERM_MATCH', Field: 'operation', Value: 'RunInstances' },
      ],
    });
  });

  it('caches per (service, region, key) across instances sharing the cache', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [t3Micro] });
    const request = { kind: 'ec2-instance', region: 'us-east-1', instanceType: 't3.micro' } as const;
    await new PriceListPriceBook(client, { cache }).prime([request]);
    const again = new PriceListPriceBook(client, { cache });
    const result = await again.prime([request, request]);
    expect(result).toMatchObject({ fetched: 0, cached: 2 });
    expect(again.ec2InstanceHourly('us-east-1', 't3.micro')).toBe(0.0104);
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 1);
  });

  it('follows NextToken and keeps the standard snapshot price, not the archive tier', async () => {
    const archive = product(
      'ARCHIVE1',
      { regionCode: 'us-east-1', usagetype: 'EBS:SnapshotArchiveStorage' },
      'GB-Mo',
      '0.0125000000',
      'Storage Snapshot',
    );
    const standard = product(
      'STANDARD1',
      { regionCode: 'us-east-1', usagetype: 'EBS:SnapshotUsage' },
      'GB-Mo',
      '0.0500000000',
      'Storage Snapshot',
    );
    pricing
      .on(GetProductsCommand)
      .resolvesOnce({ PriceList: [archive], NextToken: 'page-2' })
      .resolvesOnce({ PriceList: [standard] });
    const book = new PriceListPriceBook(client, { cache });
    await book.prime([{ kind: 'ebs-snapshot', region: 'us-east-1' }]);
    expect(book.ebsSnapshotGbMonth('us-east-1')).toBe(0.05);
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 2);
    expect(pricing).toHaveReceivedNthCommandWith(GetProductsCommand, 2, { NextToken: 'page-2' });
  });

  it('remembers that a product does not exist and answers undefined without asking again', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [] });
    const book = new PriceListPriceBook(client, { cache });
    const request = { kind: 'ec2-instance', region: 'us-east-1', instanceType: 'm99.huge' } as const;
    await book.prime([request]);
    await book.prime([request]);
    expect(book.ec2InstanceHourly('us-east-1', 'm99.huge')).toBeUndefined();
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 1);
  });

  it('records a failed lookup without throwing and retries it on the next prime', async () => {
    pricing
      .on(GetProductsCommand)
      .rejectsOnce(new Error('Rate exceeded'))
      .resolves({ PriceList: [t3Micro] });
    const book = new PriceListPriceBook(client, { cache });
    const request = { kind: 'ec2-instance', region: 'us-east-1', instanceType: 't3.micro' } as const;
    const first = await book.prime([request]);
    expect(first.failed).toEqual([{ key: 'AmazonEC2|us-east-1|instance:t3.micro', error: 'Rate exceeded' }]);
    expect(book.ec2InstanceHourly('us-east-1', 't3.micro')).toBeUndefined();
    await book.prime([request]);
    expect(book.ec2InstanceHourly('us-east-1', 't3.micro')).toBe(0.0104);
  });

  it('queries RDS by engine and deployment option, and skips engines it does not price', async () => {
    pricing.on(GetProductsCommand).resolves({
      PriceList: [
        product(
          'RDS1',
          {
            regionCode: 'us-east-1',
            instanceType: 'db.m5.large',
            databaseEngine: 'PostgreSQL',
            deploymentOption: 'Multi-AZ',
          },
          'Hrs',
          '0.3560000000',
          'Database Instance',
        ),
      ],
    });
    const book = new PriceListPriceBook(client, { cache });
    await book.prime([
      {
        kind: 'rds-instance',
        region: 'us-east-1',
        instanceClass: 'db.m5.large',
        engine: 'postgres',
        multiAz: true,
      },
      {
        kind: 'rds-instance',
        region: 'us-east-1',
        instanceClass: 'db.m5.large',
        engine: 'oracle-ee',
        multiAz: false,
      },
    ]);
    expect(book.rdsInstanceHourly('us-east-1', 'db.m5.large', 'postgres', true)).toBe(0.356);
    expect(book.rdsInstanceHourly('us-east-1', 'db.m5.large', 'oracle-ee', false)).toBeUndefined();
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 1);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonRDS',
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.m5.large' },
        { Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'PostgreSQL' },
        { Type: 'TERM_MATCH', Field: 'deploymentOption', Value: 'Multi-AZ' },
      ],
    });
  });
});

describe('priceRequestsFor', () => {
  it('asks for the whole family of an instance (for rightsizing), gp3 beside gp2, and each RDS class once', () => {
    const requests = priceRequestsFor([
      instance('i-1', { attributes: { instanceType: 'm5.xlarge' } }),
      instance('i-2', { attributes: { instanceType: 'm5.large' } }),
      volume('vol-1', { attributes: { volumeType: 'gp2' } }),
      dbInstance('orders'),
    ]);
    expect(requests).toEqual([
      { kind: 'ec2-instance', region: 'us-east-1', instanceType: 'm5.large' },
      { kind: 'ec2-instance', region: 'us-east-1', instanceType: 'm5.xlarge' },
      { kind: 'ec2-instance', region: 'us-east-1', instanceType: 'm5.2xlarge' },
      { kind: 'ec2-instance', region: 'us-east-1', instanceType: 'm5.4xlarge' },
      { kind: 'ebs-volume', region: 'us-east-1', volumeType: 'gp2' },
      { kind: 'ebs-volume', region: 'us-east-1', volumeType: 'gp3' },
      { kind: 'ebs-iops', region: 'us-east-1', volumeType: 'gp3' },
      {
        kind: 'rds-instance',
        region: 'us-east-1',
        instanceClass: 'db.m5.large',
        engine: 'postgres',
        multiAz: false,
      },
    ]);
  });
});
