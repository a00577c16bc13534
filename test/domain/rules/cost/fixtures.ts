/** Builders for cost rule tests: resources, hourly metric series and a rule context over the shipped prices. */

import {
  buildUtilizationLookup,
  type Datapoint,
  summarizeMetric,
} from '../../../../functions/domain/cost/metric-summary';
import { StaticPriceBook } from '../../../../functions/domain/cost/static-price-book';
import { buildInventory } from '../../../../functions/domain/inventory';
import type { Resource, ResourceOf, ResourceType } from '../../../../functions/domain/model';
import {
  DEFAULT_RULE_SETTINGS,
  type RuleContext,
  type RuleSettings,
} from '../../../../functions/domain/rules/rule';
import type { MetricSummary } from '../../../../functions/domain/utilization';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const NOW = new Date('2026-11-23T00:00:00Z');
export const PRICES = new StaticPriceBook();

const meta = { firstSeen: '2026-01-01T00:00:00Z', lastSeen: NOW.toISOString(), contentHash: 'h' };

type Over<T extends ResourceType> = Partial<Omit<ResourceOf<T>, 'attributes'>> & {
  attributes?: Partial<ResourceOf<T>['attributes']>;
};

function build<T extends ResourceType>(
  type: T,
  id: string,
  state: string,
  attributes: ResourceOf<T>['attributes'],
  over: Over<T>,
): ResourceOf<T> {
  const { attributes: attributeOver, ...rest } = over;
  return {
    id,
    accountId: ACCOUNT,
    region: REGION,
    name: id.slice(id.lastIndexOf('/') + 1),
    state,
    tags: {},
    type,
    ...meta,
    ...rest,
    attributes: { ...attributes, ...attributeOver },
  } as unknown as ResourceOf<T>;
}

export const instanceArn = (id: string, region = REGION) => `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`;
export const volumeArn = (id: string, region = REGION) => `arn:aws:ec2:${region}:${ACCOUNT}:volume/${id}`;

export function instance(nativeId: string, over: Over<'ec2:instance'> = {}) {
  return build(
    'ec2:instance',
    instanceArn(nativeId, over.region),
    'running',
    {
      instanceType: 'm5.xlarge',
      launchTime: '2026-01-01T00:00:00Z',
      availabilityZone: 'us-east-1a',
      imageId: 'ami-1',
      securityGroupIds: [],
      volumeIds: [],
      imdsV2Required: true,
    },
    over,
  );
}

export function volume(nativeId: string, over: Over<'ec2:volume'> = {}) {
  return build(
    'ec2:volume',
    volumeArn(nativeId, over.region),
    'in-use',
    {
      volumeType: 'gp3',
      sizeGiB: 100,
      encrypted: true,
      availabilityZone: 'us-east-1a',
      createTime: '2026-01-01T00:00:00Z',
      attachments: [],
    },
    over,
  );
}

export function snapshot(nativeId: string, over: Over<'ec2:snapshot'> = {}) {
  return build(
    'ec2:snapshot',
    `arn:aws:ec2:${REGION}::snapshot/${nativeId}`,
    'completed',
    {
      volumeId: 'vol-gone',
      volumeSizeGiB: 200,
      encrypted: true,
      startTime: '2026-01-01T00:00:00Z',
      public: false,
    },
    over,
  );
}

export function image(nativeId: string, snapshotIds: string[]) {
  return build(
    'ec2:image',
    `arn:aws:ec2:${REGION}::image/${nativeId}`,
    'available',
    { creationDate: '2026-01-01T00:00:00Z', public: false, snapshotIds },
    {},
  );
}

export function elasticIp(nativeId: string, over: Over<'ec2:elastic-ip'> = {}) {
  return build(
    'ec2:elastic-ip',
    `arn:aws:ec2:${REGION}:${ACCOUNT}:elastic-ip/${nativeId}`,
    'active',
    { publicIp: '203.0.113.10', allocationId: nativeId, domain: 'vpc' },
    over,
  );
}

export function natGateway(nativeId: string, over: Over<'ec2:nat-gateway'> = {}) {
  return build(
    'ec2:nat-gateway',
    `arn:aws:ec2:${REGION}:${ACCOUNT}:natgateway/${nativeId}`,
    'available',
    {
      vpcId: 'vpc-1',
      subnetId: 'subnet-1',
      connectivityType: 'public',
      publicIps: [],
      createTime: '2026-01-01T00:00:00Z',
    },
    over,
  );
}

export function loadBalancer(name: string, over: Over<'elb:load-balancer'> = {}) {
  return build(
    'elb:load-balancer',
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`,
    'active',
    {
      kind: 'application',
      scheme: 'internet-facing',
      dnsName: `${name}.elb.amazonaws.com`,
      createdTime: '2026-01-01T00:00:00Z',
      securityGroupIds: [],
      targetGroupArns: [],
      instances: [],
    },
    over,
  );
}

export function targetGroup(name: string, health: string[]) {
  return build(
    'elb:target-group',
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/73e2d6bc24d8a067`,
    'active',
    {
      targetType: 'instance',
      loadBalancerArns: [],
      targets: health.map((h, i) => ({ id: `i-${i}`, health: h })),
    },
    {},
  );
}

export function dbInstance(identifier: string, over: Over<'rds:db-instance'> = {}) {
  return build(
    'rds:db-instance',
    `arn:aws:rds:${REGION}:${ACCOUNT}:db:${identifier}`,
    'available',
    {
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.m5.large',
      storageType: 'gp3',
      allocatedStorageGiB: 100,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: false,
      backupRetentionDays: 7,
      deletionProtection: true,
      dbiResourceId: 'db-ABC',
      securityGroupIds: [],
    },
    over,
  );
}

/** Hourly datapoints for `days` days ending at NOW, valued by `value(date)`. */
export function hourly(days: number, value: (at: Date) => number): Datapoint[] {
  const start = NOW.getTime() - days * 86_400_000;
  return Array.from({ length: days * 24 }, (_, h) => {
    const at = new Date(start + h * 3_600_000);
    return { timestamp: at.toISOString(), value: value(at) };
  });
}

export function series(
  resourceId: string,
  metric: string,
  days: number,
  value: (at: Date) => number,
): MetricSummary {
  const summary = summarizeMetric(resourceId, metric, hourly(days, value));
  if (!summary) throw new Error('empty series');
  return summary;
}

export function context(
  resources: readonly Resource[],
  summaries: readonly MetricSummary[] = [],
  settings: Partial<RuleSettings> = {},
): RuleContext {
  return {
    now: NOW,
    inventory: buildInventory(resources),
    utilization: buildUtilizationLookup(summaries),
    prices: PRICES,
    settings: { ...DEFAULT_RULE_SETTINGS, ...settings },
  };
}
