import { describe, expect, it } from 'vitest';
import type { Fleet, FleetAccount, FleetResource, FleetResourceOf } from '../sandbox/fleet';
import { minimumApiCalls, minimumApiCallsByAction } from './min-api-calls';

const T = '2026-01-01T00:00:00.000Z';
const A = '111111111111';
const B = '222222222222';

const base = (id: string, region: string) => ({ id, region, name: id, state: 'active', tags: {} });

const instance = (id: string, region: string, state: string): FleetResourceOf<'ec2:instance'> => ({
  ...base(id, region),
  type: 'ec2:instance',
  state,
  attributes: {
    instanceType: 't3.micro',
    launchTime: T,
    availabilityZone: `${region}a`,
    imageId: 'ami-1',
    securityGroupIds: [],
    volumeIds: [],
    imdsV2Required: true,
  },
});

const snapshot = (id: string, region: string, isPublic: boolean): FleetResourceOf<'ec2:snapshot'> => ({
  ...base(id, region),
  type: 'ec2:snapshot',
  attributes: { volumeSizeGiB: 8, encrypted: true, startTime: T, public: isPublic },
});

const dbInstance = (id: string, region: string): FleetResourceOf<'rds:db-instance'> => ({
  ...base(id, region),
  type: 'rds:db-instance',
  attributes: {
    engine: 'postgres',
    engineVersion: '16.4',
    instanceClass: 'db.t3.medium',
    storageType: 'gp3',
    allocatedStorageGiB: 20,
    storageEncrypted: true,
    publiclyAccessible: false,
    multiAz: false,
    backupRetentionDays: 7,
    deletionProtection: false,
    dbiResourceId: `db-${id}`,
    securityGroupIds: [],
  },
});

const dbSnapshot = (
  id: string,
  region: string,
  snapshotType: string,
): FleetResourceOf<'rds:db-snapshot'> => ({
  ...base(id, region),
  type: 'rds:db-snapshot',
  attributes: {
    dbInstanceIdentifier: 'db',
    snapshotType,
    engine: 'postgres',
    encrypted: true,
    public: false,
    allocatedStorageGiB: 20,
  },
});

const loadBalancer = (
  id: string,
  region: string,
  kind: 'classic' | 'application',
  instances: string[] = [],
): FleetResourceOf<'elb:load-balancer'> => ({
  ...base(id, region),
  type: 'elb:load-balancer',
  attributes: {
    kind,
    scheme: 'internal',
    dnsName: `${id}.elb.amazonaws.com`,
    createdTime: T,
    securityGroupIds: [],
    targetGroupArns: [],
    instances: instances.map((instanceId) => ({ instanceId, state: 'InService' })),
  },
});

const targetGroup = (id: string, region: string): FleetResourceOf<'elb:target-group'> => ({
  ...base(id, region),
  type: 'elb:target-group',
  attributes: { targetType: 'instance', loadBalancerArns: [], targets: [] },
});

const bucket = (id: string, region: string): FleetResourceOf<'s3:bucket'> => ({
  ...base(id, region),
  type: 's3:bucket',
  attributes: {
    creationDate: T,
    publicAccessBlock: null,
    policyIsPublic: null,
    defaultEncryption: null,
    versioning: 'Disabled',
  },
});

const trail = (id: string, region: string): FleetResourceOf<'cloudtrail:trail'> => ({
  ...base(id, region),
  type: 'cloudtrail:trail',
  attributes: { homeRegion: region, isMultiRegion: true, isLogging: true, logFileValidationEnabled: true },
});

const user = (id: string): FleetResourceOf<'iam:user'> => ({
  ...base(id, 'global'),
  type: 'iam:user',
  attributes: { createDate: T, passwordEnabled: false, mfaActive: false, accessKeys: [] },
});

const account = (id: string, regions: string[], resources: FleetResource[]): FleetAccount => ({
  id,
  name: id,
  regions,
  externalId: 'external-id',
  roleName: 'HostMasterScanRole',
  resources,
});

const fleetOf = (...accounts: FleetAccount[]): Fleet => ({
  organization: { managementAccountId: A, hubAccountId: A },
  regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  accounts,
});

/**
 * Account A: us-east-1 holds a little of everything, eu-west-1 nothing. Account B: us-east-1 holds
 * 21 empty classic load balancers (two DescribeTags batches), nothing else.
 */
const smallFleet = fleetOf(
  account(
    A,
    ['us-east-1', 'eu-west-1'],
    [
      instance('i-1', 'us-east-1', 'running'),
      instance('i-2', 'us-east-1', 'running'),
      instance('i-3', 'us-east-1', 'stopped'),
      snapshot('snap-1', 'us-east-1', true),
      snapshot('snap-2', 'us-east-1', false),
      dbInstance('db', 'us-east-1'),
      dbSnapshot('manual-1', 'us-east-1', 'manual'),
      dbSnapshot('manual-2', 'us-east-1', 'manual'),
      dbSnapshot('rds:auto-1', 'us-east-1', 'automated'),
      loadBalancer('classic-with-instances', 'us-east-1', 'classic', ['i-1']),
      loadBalancer('classic-empty', 'us-east-1', 'classic'),
      loadBalancer('app/alb/0123456789abcdef', 'us-east-1', 'application'),
      targetGroup('tg-1/0123456789abcdef', 'us-east-1'),
      targetGroup('tg-2/0123456789abcdef', 'us-east-1'),
      bucket('bucket-1', 'us-east-1'),
      bucket('bucket-2', 'us-east-1'),
      trail('trail', 'us-east-1'),
      user('alice'),
      user('bob'),
      user('carol'),
    ],
  ),
  account(
    B,
    ['us-east-1'],
    Array.from({ length: 21 }, (_, i) => loadBalancer(`classic-${i}`, 'us-east-1', 'classic')),
  ),
);

function byAction(fleet: Fleet): Record<string, number> {
  return Object.fromEntries(minimumApiCallsByAction(fleet).map((c) => [`${c.service}:${c.action}`, c.calls]));
}

describe('minimumApiCalls', () => {
  it('counts one page per listing and scope, and only the per-resource reads a resource needs', () => {
    // Prepare: smallFleet (3 regional scopes, 2 global scopes).

    // Act
    const calls = byAction(smallFleet);

    // Assess
    expect(calls).toEqual({
      'organizations:ListAccounts': 1,
      'sts:AssumeRole': 2,
      'ec2:DescribeRegions': 2,
      'ec2:DescribeInstances': 3,
      'ec2:DescribeInstanceStatus': 1, // only A/us-east-1 has running instances
      'ec2:DescribeVolumes': 3,
      'ec2:DescribeSnapshots': 4, // A/us-east-1 owned + public listing, 1 owned listing elsewhere
      'ec2:DescribeAddresses': 3,
      'ec2:DescribeImages': 3,
      'ec2:DescribeVpcs': 3,
      'ec2:DescribeSubnets': 3,
      'ec2:DescribeSecurityGroups': 3,
      'ec2:DescribeNatGateways': 3,
      'ec2:GetEbsEncryptionByDefault': 3,
      'rds:DescribeDBInstances': 3,
      'rds:DescribeDBSnapshots': 3,
      'rds:DescribeDBSnapshotAttributes': 2, // manual snapshots only
      'rds:DescribeDBClusters': 3,
      'autoscaling:DescribeAutoScalingGroups': 3,
      'elb:DescribeLoadBalancers': 3,
      'elb:DescribeTags': 3, // A: 2 names in 1 call; B: 21 names in 2 calls
      'elb:DescribeInstanceHealth': 1, // the empty load balancers need no call
      'elbv2:DescribeLoadBalancers': 3,
      'elbv2:DescribeTargetGroups': 3,
      'elbv2:DescribeTargetHealth': 2,
      'elbv2:DescribeTags': 1, // 1 load balancer + 2 target groups in one call
      's3:ListBuckets': 3,
      's3:GetPublicAccessBlock': 2,
      's3:GetBucketPolicyStatus': 2,
      's3:GetBucketEncryption': 2,
      's3:GetBucketVersioning': 2,
      's3:GetBucketTagging': 2,
      'cloudtrail:DescribeTrails': 3,
      'cloudtrail:GetTrailStatus': 1,
      'iam:GenerateCredentialReport': 4, // STARTED, then COMPLETE, per account
      'iam:GetCredentialReport': 2,
      'iam:ListUsers': 2,
      'iam:GetAccountSummary': 2,
    });
    expect(minimumApiCalls(smallFleet)).toBe(94);
  });

  it('pages at the largest page size each API accepts', () => {
    // Prepare: one region past a page boundary in EC2 (1,000), RDS (100) and ELB (400).
    const region = 'us-east-1';
    const fleet = fleetOf(
      account(
        A,
        [region],
        [
          ...Array.from({ length: 1001 }, (_, i) => instance(`i-${i}`, region, 'stopped')),
          ...Array.from({ length: 101 }, (_, i) => dbInstance(`db-${i}`, region)),
          ...Array.from({ length: 401 }, (_, i) => targetGroup(`tg-${i}/0123456789abcdef`, region)),
        ],
      ),
    );

    // Act
    const calls = byAction(fleet);

    // Assess
    expect(calls['ec2:DescribeInstances']).toBe(2);
    expect(calls['ec2:DescribeInstanceStatus']).toBe(0);
    expect(calls['rds:DescribeDBInstances']).toBe(2);
    expect(calls['elbv2:DescribeTargetGroups']).toBe(2);
    expect(calls['elbv2:DescribeTargetHealth']).toBe(401);
    expect(calls['elbv2:DescribeTags']).toBe(21);
    expect(calls['organizations:ListAccounts']).toBe(1);
  });
});
