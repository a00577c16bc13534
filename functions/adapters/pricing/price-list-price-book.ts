/**
 * A PriceBook read from the AWS Price List API (`pricing:GetProducts`, served from us-east-1).
 *
 * PriceBook lookups are synchronous because rules are pure, so prices are fetched up front:
 * `prime(requests)` fetches what is not cached yet (use `priceRequestsFor(resources)` to derive the
 * requests from an inventory) and the getters read the cache. The cache lives as long as the process
 * (a warm Lambda reuses it): list prices change a few times a year, and GetProducts is slow.
 */
import {
  type Filter,
  type GetProductsCommandInput,
  type PricingClient,
  paginateGetProducts,
} from '@aws-sdk/client-pricing';
import { z } from 'zod';
import { familySizes } from '../../domain/cost/instance-sizes';
import type { Resource } from '../../domain/model';
import type { PriceBook } from '../../domain/pricing';
import { logger } from '../../shared/powertools';

type LoadBalancerKind = 'application' | 'network' | 'gateway' | 'classic';

/** One price HostMaster may need. */
export type PriceRequest =
  | { readonly kind: 'ec2-instance'; readonly region: string; readonly instanceType: string }
  | {
      readonly kind: 'rds-instance';
      readonly region: string;
      readonly instanceClass: string;
      readonly engine: string;
      readonly multiAz: boolean;
    }
  | { readonly kind: 'ebs-volume'; readonly region: string; readonly volumeType: string }
  | { readonly kind: 'ebs-iops'; readonly region: string; readonly volumeType: string }
  | { readonly kind: 'ebs-snapshot'; readonly region: string }
  | { readonly kind: 'elastic-ip'; readonly region: string }
  | { readonly kind: 'nat-gateway-hourly'; readonly region: string }
  | { readonly kind: 'nat-gateway-per-gb'; readonly region: string }
  | { readonly kind: 'load-balancer'; readonly region: string; readonly lbKind: LoadBalancerKind };

/** The Price List `databaseEngine` value for each RDS `Engine` HostMaster prices. */
const RDS_ENGINES: Readonly<Record<string, string>> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
};

const LB_PRODUCT_FAMILY: Readonly<Record<LoadBalancerKind, string>> = {
  application: 'Load Balancer-Application',
  network: 'Load Balancer-Network',
  gateway: 'Load Balancer-Gateway',
  classic: 'Load Balancer',
};

/** Cache key: (service, region, key). */
export function priceKey(request: PriceRequest): string {
  switch (request.kind) {
    case 'ec2-instance':
      return `AmazonEC2|${request.region}|instance:${request.instanceType}`;
    case 'rds-instance':
      return `AmazonRDS|${request.region}|${request.engine.toLowerCase()}:${request.instanceClass}:${request.multiAz ? 'multi-az' : 'single-az'}`;
    case 'ebs-volume':
      return `AmazonEC2|${request.region}|volume:${request.volumeType}`;
    case 'ebs-iops':
      return `AmazonEC2|${request.region}|iops:${request.volumeType}`;
    case 'ebs-snapshot':
      return `AmazonEC2|${request.region}|snapshot`;
    case 'elastic-ip':
      return `AmazonVPC|${request.region}|idle-ipv4`;
    case 'nat-gateway-hourly':
      return `AmazonEC2|${request.region}|nat:hours`;
    case 'nat-gateway-per-gb':
      return `AmazonEC2|${request.region}|nat:bytes`;
    case 'load-balancer':
      return `AmazonEC2|${request.region}|lb:${request.lbKind}`;
  }
}

interface ProductQuery {
  readonly input: GetProductsCommandInput;
  /** Billing unit of the price dimension to read (`Hrs`, `GB-Mo`, `IOPS-Mo`, `GB`). */
  readonly unit: string;
  /** Keeps only products whose `usagetype` matches; Price List filters cannot anchor a suffix. */
  readonly usageType?: RegExp;
}

const term = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });
const contains = (Field: string, Value: string): Filter => ({ Type: 'CONTAINS', Field, Value });

/** The GetProducts request that answers one price request, or undefined when it cannot be priced. */
export function productQuery(request: PriceRequest): ProductQuery | undefined {
  const region = term('regionCode', request.region);
  const ec2 = (filters: Filter[]): GetProductsCommandInput => ({
    ServiceCode: 'AmazonEC2',
    FormatVersion: 'aws_v1',
    Filters: [region, ...filters],
  });
  switch (request.kind) {
    case 'ec2-instance':
      return {
        input: ec2([
          term('instanceType', request.instanceType),
          term('operatingSystem', 'Linux'),
          term('tenancy', 'Shared'),
          term('preInstalledSw', 'NA'),
          term('capacitystatus', 'Used'),
          term('operation', 'RunInstances'),
        ]),
        unit: 'Hrs',
      };
    case 'rds-instance': {
      const engine = RDS_ENGINES[request.engine.toLowerCase()];
      if (engine === undefined) return undefined;
      return {
        input: {
          ServiceCode: 'AmazonRDS',
          FormatVersion: 'aws_v1',
          Filters: [
            region,
            term('instanceType', request.instanceClass),
            term('databaseEngine', engine),
            term('deploymentOption', request.multiAz ? 'Multi-AZ' : 'Single-AZ'),
          ],
        },
        unit: 'Hrs',
      };
    }
    case 'ebs-volume':
      return {
        input: ec2([term('productFamily', 'Storage'), term('volumeApiName', request.volumeType)]),
        unit: 'GB-Mo',
      };
    case 'ebs-iops':
      return {
        input: ec2([term('productFamily', 'System Operation'), term('volumeApiName', request.volumeType)]),
        unit: 'IOPS-Mo',
        usageType: /EBS:VolumeP-IOPS/,
      };
    case 'ebs-snapshot':
      return {
        input: ec2([term('productFamily', 'Storage Snapshot'), contains('usagetype', 'EBS:SnapshotUsage')]),
        unit: 'GB-Mo',
        usageType: /EBS:SnapshotUsage$/,
      };
    case 'elastic-ip':
      return {
        input: {
          ServiceCode: 'AmazonVPC',
          FormatVersion: 'aws_v1',
          Filters: [region, contains('usagetype', 'PublicIPv4:IdleAddress')],
        },
        unit: 'Hrs',
        usageType: /PublicIPv4:IdleAddress$/,
      };
    case 'nat-gateway-hourly':
      return {
        input: ec2([term('productFamily', 'NAT Gateway'), contains('usagetype', 'NatGateway-Hours')]),
        unit: 'Hrs',
        usageType: /NatGateway-Hours$/,
      };
    case 'nat-gateway-per-gb':
      return {
        input: ec2([term('productFamily', 'NAT Gateway'), contains('usagetype', 'NatGateway-Bytes')]),
        unit: 'GB',
        usageType: /NatGateway-Bytes$/,
      };
    case 'load-balancer':
      return {
        input: ec2([
          term('productFamily', LB_PRODUCT_FAMILY[request.lbKind]),
          contains('usagetype', 'LoadBalancerUsage'),
        ]),
        unit: 'Hrs',
        usageType: /LoadBalancerUsage$/,
      };
  }
}

/** The part of a Price List product document HostMaster reads. */
const PriceListProductSchema = z.object({
  product: z.object({
    sku: z.string(),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
  publicationDate: z.string().optional(),
  terms: z.object({
    OnDemand: z
      .record(
        z.string(),
        z.object({
          priceDimensions: z.record(
            z.string(),
            z.object({
              unit: z.string(),
              beginRange: z.string().optional(),
              pricePerUnit: z.record(z.string(), z.string()),
            }),
          ),
        }),
      )
      .optional(),
  }),
});
type PriceListProduct = z.infer<typeof PriceListProductSchema>;

/** The first-tier on-demand USD price of a product in `unit`, or undefined. */
export function onDemandUsd(product: PriceListProduct, unit: string): number | undefined {
  for (const offer of Object.values(product.terms.OnDemand ?? {})) {
    for (const dimension of Object.values(offer.priceDimensions)) {
      if (dimension.unit !== unit) continue;
      if (dimension.beginRange !== undefined && Number(dimension.beginRange) !== 0) continue;
      const usd = Number(dimension.pricePerUnit.USD);
      if (Number.isFinite(usd)) return usd;
    }
  }
  return undefined;
}

/** Every price the cost rules may ask about for these resources, deduplicated. */
export function priceRequestsFor(resources: readonly Resource[]): PriceRequest[] {
  const requests = new Map<string, PriceRequest>();
  const add = (request: PriceRequest) => requests.set(priceKey(request), request);
  for (const r of resources) {
    if (r.goneAt) continue;
    switch (r.type) {
      case 'ec2:instance': {
        const family = familySizes(r.attributes.instanceType);
        const types = family.length > 0 ? family.map((s) => s.instanceType) : [r.attributes.instanceType];
        for (const instanceType of types) add({ kind: 'ec2-instance', region: r.region, instanceType });
        break;
      }
      case 'ec2:volume':
        add({ kind: 'ebs-volume', region: r.region, volumeType: r.attributes.volumeType });
        if (r.attributes.volumeType === 'gp2')
          add({ kind: 'ebs-volume', region: r.region, volumeType: 'gp3' });
        if (['io1', 'io2', 'gp2', 'gp3'].includes(r.attributes.volumeType)) {
          const iopsType = r.attributes.volumeType === 'gp2' ? 'gp3' : r.attributes.volumeType;
          add({ kind: 'ebs-iops', region: r.region, volumeType: iopsType });
        }
        break;
      case 'ec2:snapshot':
        add({ kind: 'ebs-snapshot', region: r.region });
        break;
      case 'ec2:elastic-ip':
        add({ kind: 'elastic-ip', region: r.region });
        break;
      case 'ec2:nat-gateway':
        add({ kind: 'nat-gateway-hourly', region: r.region });
        add({ kind: 'nat-gateway-per-gb', region: r.region });
        break;
      case 'elb:load-balancer':
        add({ kind: 'load-balancer', region: r.region, lbKind: r.attributes.kind });
        break;
      case 'rds:db-instance':
        add({
          kind: 'rds-instance',
          region: r.region,
          instanceClass: r.attributes.instanceClass,
          engine: r.attributes.engine,
          multiAz: r.attributes.multiAz,
        });
        break;
      default:
        break;
    }
  }
  return [...requests.values()];
}

/** `null` records "the Price List has no such product", so it is not asked again. */
export type PriceCache = Map<string, number | null>;

const processCache: PriceCache = new Map();

export interface PriceListPriceBookOptions {
  /** Where prices are kept. @default one cache shared by the whole process */
  readonly cache?: PriceCache;
  /** GetProducts series run at once; the Price List API allows a few requests a second. @default 2 */
  readonly concurrency?: number;
}

export interface PrimeResult {
  /** Prices fetched by this call (found or confirmed absent). */
  readonly fetched: number;
  /** Already cached before the call. */
  readonly cached: number;
  /** Requests that failed; their getters answer `undefined`, and the next `prime` retries them. */
  readonly failed: readonly { readonly key: string; readonly error: string }[];
}

export class PriceListPriceBook implements PriceBook {
  private readonly cache: PriceCache;
  private readonly concurrency: number;
  private latestPublication: string | undefined;

  /** @param client a PricingClient for `us-east-1` (the Price List API endpoint HostMaster uses). */
  constructor(
    private readonly client: PricingClient,
    options: PriceListPriceBookOptions = {},
  ) {
    this.cache = options.cache ?? processCache;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /** Date (ISO) of the newest price list publication read, or `unknown` before any was read. */
  get asOf(): string {
    return this.latestPublication?.slice(0, 10) ?? 'unknown';
  }

  /** Fetches every requested price not cached yet. Never throws for one failed price: fail small. */
  async prime(requests: readonly PriceRequest[]): Promise<PrimeResult> {
    const pending = requests.filter((r) => !this.cache.has(priceKey(r)));
    const failed: { key: string; error: string }[] = [];
    let fetched = 0;
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const request = pending[next++]!;
        const key = priceKey(request);
        try {
          this.cache.set(key, (await this.fetchPrice(request)) ?? null);
          fetched++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failed.push({ key, error: message });
          logger.warn('price lookup failed', { key, error: message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));
    return { fetched, cached: requests.length - pending.length, failed };
  }

  private async fetchPrice(request: PriceRequest): Promise<number | undefined> {
    const query = productQuery(request);
    if (query === undefined) return undefined;
    const prices: number[] = [];
    for await (const page of paginateGetProducts({ client: this.client, pageSize: 100 }, query.input)) {
      for (const raw of page.PriceList ?? []) {
        const product = PriceListProductSchema.parse(JSON.parse(typeof raw === 'string' ? raw : String(raw)));
        const usageType = product.product.attributes.usagetype ?? '';
        if (query.usageType && !query.usageType.test(usageType)) continue;
        const usd = onDemandUsd(product, query.unit);
        if (usd === undefined) continue;
        prices.push(usd);
        if (product.publicationDate && (this.latestPublication ?? '') < product.publicationDate) {
          this.latestPublication = product.publicationDate;
        }
      }
    }
    // Several products can survive the filters (e.g. a region's two usage-type spellings); the lowest
    // price never overstates a saving.
    return prices.length === 0 ? undefined : Math.min(...prices);
  }

  private read(request: PriceRequest): number | undefined {
    return this.cache.get(priceKey(request)) ?? undefined;
  }

  ec2InstanceHourly(region: string, instanceType: string): number | undefined {
    return this.read({ kind: 'ec2-instance', region, instanceType });
  }

  rdsInstanceHourly(
    region: string,
    instanceClass: string,
    engine: string,
    multiAz: boolean,
  ): number | undefined {
    return this.read({ kind: 'rds-instance', region, instanceClass, engine, multiAz });
  }

  ebsVolumeGbMonth(region: string, volumeType: string): number | undefined {
    return this.read({ kind: 'ebs-volume', region, volumeType });
  }

  ebsIopsMonth(region: string, volumeType: string): number | undefined {
    return this.read({ kind: 'ebs-iops', region, volumeType });
  }

  ebsSnapshotGbMonth(region: string): number | undefined {
    return this.read({ kind: 'ebs-snapshot', region });
  }

  elasticIpHourly(region: string): number | undefined {
    return this.read({ kind: 'elastic-ip', region });
  }

  natGatewayHourly(region: string): number | undefined {
    return this.read({ kind: 'nat-gateway-hourly', region });
  }

  natGatewayPerGb(region: string): number | undefined {
    return this.read({ kind: 'nat-gateway-per-gb', region });
  }

  loadBalancerHourly(region: string, kind: LoadBalancerKind): number | undefined {
    return this.read({ kind: 'load-balancer', region, lbKind: kind });
  }
}
