import { describe, expect, it } from 'vitest';
import { cloudTrailTrailsCollector } from '../../functions/adapters/collectors/cloudtrail-trails';
import type { ClientFactory, Collector } from '../../functions/adapters/collectors/collector';
import { elbClassicCollector } from '../../functions/adapters/collectors/elb-classic';
import { elbv2Collector } from '../../functions/adapters/collectors/elbv2';
import { iamAccountSummaryCollector } from '../../functions/adapters/collectors/iam-account-summary';
import { createIamUsersCollector } from '../../functions/adapters/collectors/iam-users';
import { rdsInstancesCollector } from '../../functions/adapters/collectors/rds-instances';
import { rdsSnapshotsCollector } from '../../functions/adapters/collectors/rds-snapshots';
import { s3BucketsCollector } from '../../functions/adapters/collectors/s3-buckets';
import { type ResourceData, ResourceDataSchema } from '../../functions/domain/model';
import { assumeMemberRole, sandboxClientConfig } from './clients';
import type { Fleet, FleetResource } from './fleet';
import { generateFleet } from './generator';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';
import { trailArn } from './services/cloudtrail';
import { classicLoadBalancerArn } from './services/elb';
import { elbv2LoadBalancerArn, targetGroupArn } from './services/elbv2';
import { iamUserArn } from './services/iam';
import { dbInstanceArn, dbSnapshotArn } from './services/rds';

const REGIONAL: readonly Collector[] = [
  rdsInstancesCollector,
  rdsSnapshotsCollector,
  elbClassicCollector,
  elbv2Collector,
  s3BucketsCollector,
  cloudTrailTrailsCollector,
];
const GLOBAL: readonly Collector[] = [
  createIamUsersCollector({ pollIntervalMs: 1 }),
  iamAccountSummaryCollector,
];
const TYPES = new Set([...REGIONAL, ...GLOBAL].flatMap((c) => c.resourceTypes));

/** The ARN AWS gives a fleet resource of the types these services serve. */
function arnOf(resource: FleetResource, accountId: string): string {
  const { id, region } = resource;
  const elb = `arn:aws:elasticloadbalancing:${region}:${accountId}`;
  switch (resource.type) {
    case 'rds:db-instance':
      return dbInstanceArn(accountId, region, id);
    case 'rds:db-snapshot':
      return dbSnapshotArn(accountId, region, id);
    case 'elb:load-balancer': {
      const kind = resource.attributes.kind;
      if (kind === 'classic') return classicLoadBalancerArn(accountId, region, id);
      return id.includes('/')
        ? `${elb}:loadbalancer/${id}`
        : elbv2LoadBalancerArn(accountId, region, kind, id);
    }
    case 'elb:target-group':
      return id.includes('/') ? `${elb}:targetgroup/${id}` : targetGroupArn(accountId, region, id);
    case 's3:bucket':
      return `arn:aws:s3:::${id}`;
    case 'iam:user':
      return iamUserArn(accountId, id);
    case 'iam:account-summary':
      return `arn:aws:iam::${accountId}:root`;
    case 'cloudtrail:trail':
      return trailArn(accountId, region, id);
    default:
      throw new Error(`not served here: ${resource.type}`);
  }
}

const NOT_CONFIGURED = new Set([
  'NoSuchPublicAccessBlockConfiguration',
  'NoSuchBucketPolicy',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchTagSet',
]);

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Runs every collector of these services over `fleet` and returns what they collected and what they should have. */
async function roundTrip(
  fleet: Fleet,
): Promise<{ collected: ResourceData[]; expected: ResourceData[]; sandbox: Sandbox }> {
  const expected: ResourceData[] = [];
  for (const account of fleet.accounts) {
    for (const resource of account.resources) {
      if (!TYPES.has(resource.type)) continue;
      const { id: _id, usage: _usage, ...rest } = resource;
      expected.push({ ...rest, id: arnOf(resource, account.id), accountId: account.id } as ResourceData);
    }
  }
  const sandbox = await startSandbox({ fleet });
  const made: { destroy(): void }[] = [];
  const collected: ResourceData[] = [];
  try {
    for (const account of fleet.accounts) {
      const credentials = await assumeMemberRole(sandbox.endpoint, fleet, account.id);
      const clientsIn = (region: string): ClientFactory => ({
        accountId: account.id,
        region,
        get: (ctor) => {
          const client = new ctor(
            sandboxClientConfig(sandbox.endpoint, region === 'global' ? 'us-east-1' : region, credentials),
          );
          made.push(client as unknown as { destroy(): void });
          return client;
        },
      });
      for (const collector of GLOBAL) collected.push(...(await collector.collect(clientsIn('global'))));
      for (const region of account.regions) {
        const clients = clientsIn(region);
        for (const collector of REGIONAL) collected.push(...(await collector.collect(clients)));
      }
    }
  } finally {
    for (const client of made) client.destroy();
    await sandbox.stop();
  }
  return { collected, expected, sandbox };
}

describe('the RDS, ELB, S3, IAM and CloudTrail collectors over whole organizations', () => {
  it('collect exactly the generated fleet resources of their types, valid against the domain schema', async () => {
    // Prepare
    const fleet = generateFleet({ seed: 11, accounts: 3, regions: 2, resources: 900 });

    // Act
    const { collected, expected, sandbox } = await roundTrip(fleet);

    // Assess
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(expected.map((r) => r.type))).toEqual(TYPES);
    expect([...collected].sort(byId)).toEqual([...expected].sort(byId));
    for (const resource of collected) expect(ResourceDataSchema.safeParse(resource).error).toBeUndefined();
    const outcomes = new Set(sandbox.calls.records.filter((c) => c.service !== 'sts').map((c) => c.outcome));
    // Only S3's "never configured" answers may fail: nothing was retried, refused or malformed.
    expect([...outcomes].filter((o) => o !== 'ok' && !NOT_CONFIGURED.has(o))).toEqual([]);
  });

  it('collect exactly the example fleet resources of their types', async () => {
    // Prepare
    const fleet = await loadFleet(new URL('./fleets/example.json', import.meta.url).pathname);

    // Act
    const { collected, expected } = await roundTrip(fleet);

    // Assess
    expect(expected.length).toBeGreaterThan(10);
    expect([...collected].sort(byId)).toEqual([...expected].sort(byId));
  });
});
