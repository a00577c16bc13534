/**
 * Plain-data builders for rule tests: a compliant-by-default resource of each type, with the
 * attributes a test cares about overridden.
 */
import { buildInventory } from '../../../../functions/domain/inventory';
import type {
  Resource,
  ResourceOf,
  ResourceType,
  SecurityGroupRule,
} from '../../../../functions/domain/model';
import {
  DEFAULT_RULE_SETTINGS,
  notApplicable,
  type Rule,
  type RuleContext,
  type RuleSettings,
  type Verdict,
} from '../../../../functions/domain/rules/rule';
import { NO_UTILIZATION } from '../../../../functions/domain/utilization';

export const NOW = new Date('2026-11-23T12:00:00.000Z');
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
const TAGS = { owner: 'team-a', environment: 'staging' };

/** ISO timestamp `days` days before NOW. */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

type Base = Partial<Pick<Resource, 'accountId' | 'region' | 'name' | 'state' | 'tags'>> & { id?: string };

function build<T extends ResourceType>(
  type: T,
  nativeId: string,
  attributes: ResourceOf<T>['attributes'],
  base: Base,
): ResourceOf<T> {
  const accountId = base.accountId ?? ACCOUNT;
  const region = base.region ?? REGION;
  return {
    id: base.id ?? `arn:aws:${type}:${region}:${accountId}:${nativeId}`,
    accountId,
    region,
    type,
    name: base.name ?? nativeId,
    state: base.state ?? 'active',
    tags: base.tags ?? TAGS,
    attributes,
    firstSeen: daysAgo(30),
    lastSeen: NOW.toISOString(),
    contentHash: 'hash',
  } as unknown as ResourceOf<T>;
}

type Attrs<T extends ResourceType> = Partial<ResourceOf<T>['attributes']>;

export function permission(
  protocol: string,
  fromPort: number | undefined,
  toPort: number | undefined,
  sources: { ipv4?: string[]; ipv6?: string[]; groups?: string[] },
): SecurityGroupRule {
  return {
    protocol,
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    ipv4Ranges: sources.ipv4 ?? [],
    ipv6Ranges: sources.ipv6 ?? [],
    sourceGroupIds: sources.groups ?? [],
    prefixListIds: [],
  };
}

export const securityGroup = (attributes: Attrs<'ec2:security-group'> = {}, base: Base = {}) =>
  build(
    'ec2:security-group',
    attributes.groupId ?? 'sg-0001',
    {
      groupId: 'sg-0001',
      vpcId: 'vpc-1',
      description: 'web',
      isDefault: false,
      ingress: [permission('tcp', 443, 443, { ipv4: ['0.0.0.0/0'] })],
      egress: [permission('-1', undefined, undefined, { ipv4: ['0.0.0.0/0'] })],
      ...attributes,
    },
    base,
  );

export const instance = (attributes: Attrs<'ec2:instance'> = {}, base: Base = {}) =>
  build(
    'ec2:instance',
    'i-0001',
    {
      instanceType: 't3.micro',
      launchTime: daysAgo(100),
      availabilityZone: 'eu-west-1a',
      imageId: 'ami-1',
      securityGroupIds: ['sg-0001'],
      volumeIds: ['vol-1'],
      imdsV2Required: true,
      ...attributes,
    },
    { state: 'running', ...base },
  );

export const volume = (attributes: Attrs<'ec2:volume'> = {}, base: Base = {}) =>
  build(
    'ec2:volume',
    'vol-0001',
    {
      volumeType: 'gp3',
      sizeGiB: 20,
      encrypted: true,
      availabilityZone: 'eu-west-1a',
      createTime: daysAgo(100),
      attachments: [{ instanceId: 'i-0001', device: '/dev/xvda', deleteOnTermination: true }],
      ...attributes,
    },
    { state: 'in-use', ...base },
  );

export const snapshot = (attributes: Attrs<'ec2:snapshot'> = {}, base: Base = {}) =>
  build(
    'ec2:snapshot',
    'snap-0001',
    {
      volumeId: 'vol-0001',
      volumeSizeGiB: 20,
      encrypted: true,
      startTime: daysAgo(10),
      public: false,
      ...attributes,
    },
    { state: 'completed', ...base },
  );

export const ebsDefault = (enabled: boolean, base: Base = {}) =>
  build('ec2:ebs-encryption-default', 'ebs-encryption-default', { enabled }, base);

export const dbInstance = (attributes: Attrs<'rds:db-instance'> = {}, base: Base = {}) =>
  build(
    'rds:db-instance',
    'db:orders',
    {
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t4g.medium',
      storageType: 'gp3',
      allocatedStorageGiB: 50,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: true,
      backupRetentionDays: 7,
      availabilityZone: 'eu-west-1a',
      deletionProtection: true,
      dbiResourceId: 'db-ABC',
      securityGroupIds: ['sg-db'],
      ...attributes,
    },
    { state: 'available', ...base },
  );

export const dbSnapshot = (attributes: Attrs<'rds:db-snapshot'> = {}, base: Base = {}) =>
  build(
    'rds:db-snapshot',
    'snapshot:orders-2026-11-01',
    {
      dbInstanceIdentifier: 'orders',
      snapshotType: 'manual',
      engine: 'postgres',
      encrypted: true,
      public: false,
      allocatedStorageGiB: 50,
      ...attributes,
    },
    { state: 'available', ...base },
  );

export const bucket = (attributes: Attrs<'s3:bucket'> = {}, base: Base = {}) =>
  build(
    's3:bucket',
    'orders-data',
    {
      creationDate: daysAgo(400),
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      policyIsPublic: false,
      defaultEncryption: 'AES256',
      versioning: 'Enabled',
      ...attributes,
    },
    { region: 'global', ...base },
  );

export const iamUser = (attributes: Attrs<'iam:user'> = {}, base: Base = {}) =>
  build(
    'iam:user',
    'user/alice',
    {
      createDate: daysAgo(500),
      passwordEnabled: true,
      passwordLastUsed: daysAgo(1),
      mfaActive: true,
      accessKeys: [{ id: '1', active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(1) }],
      ...attributes,
    },
    { region: 'global', ...base },
  );

export const accountSummary = (attributes: Attrs<'iam:account-summary'> = {}, base: Base = {}) =>
  build(
    'iam:account-summary',
    'account-summary',
    { rootMfaEnabled: true, rootAccessKeysPresent: false, ...attributes },
    { region: 'global', ...base },
  );

export const trail = (attributes: Attrs<'cloudtrail:trail'> = {}, base: Base = {}) =>
  build(
    'cloudtrail:trail',
    'trail/org-trail',
    {
      homeRegion: 'us-east-1',
      isMultiRegion: true,
      isLogging: true,
      s3BucketName: 'org-trail-logs',
      logFileValidationEnabled: true,
      ...attributes,
    },
    { region: 'us-east-1', ...base },
  );

/** A rule context over `inventory`, with settings overridden. */
export function contextWith(
  inventory: readonly Resource[] = [],
  settings: Partial<RuleSettings> = {},
): RuleContext {
  return {
    now: NOW,
    inventory: buildInventory(inventory),
    utilization: NO_UTILIZATION,
    prices: {
      asOf: '2026-11-01',
      ec2InstanceHourly: () => undefined,
      rdsInstanceHourly: () => undefined,
      ebsVolumeGbMonth: () => undefined,
      ebsSnapshotGbMonth: () => undefined,
      elasticIpHourly: () => undefined,
      natGatewayHourly: () => undefined,
      loadBalancerHourly: () => undefined,
    },
    settings: { ...DEFAULT_RULE_SETTINGS, ...settings },
  };
}

/** The verdict as `analyze` would reach it: types the rule does not apply to are not applicable. */
export function judge(
  rule: Rule,
  resource: Resource,
  context: RuleContext = contextWith([resource]),
): Verdict {
  if (!rule.appliesTo.includes(resource.type)) return notApplicable;
  return rule.evaluate(resource as never, context);
}
