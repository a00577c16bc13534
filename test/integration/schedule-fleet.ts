/** The organization of the simulated scheduling week: one account, Berlin and New York. */
import { createHash } from 'node:crypto';
import type { Resource } from '../../functions/domain/model';
import type { Fleet, FleetResource } from '../sandbox/fleet';
import { FleetSchema } from '../sandbox/fleet';
import { autoScalingGroupArn } from '../sandbox/services/autoscaling';
import { dbClusterArn, dbInstanceArn } from '../sandbox/services/rds';

const ACCOUNT = '111111111111';
const HUB = '123456789012';

function instance(
  id: string,
  region: string,
  state: string,
  tags: Record<string, string>,
  extra: Record<string, unknown> = {},
): FleetResource {
  return {
    type: 'ec2:instance',
    id,
    region,
    name: id,
    state,
    tags: { Name: id, ...tags },
    attributes: {
      instanceType: 't3.medium',
      launchTime: '2026-01-10T09:00:00.000Z',
      availabilityZone: `${region}a`,
      imageId: 'ami-0c7217cdde317cfec',
      securityGroupIds: [],
      volumeIds: [`vol-${id.slice(2)}`],
      imdsV2Required: true,
      ...extra,
    },
  } as FleetResource;
}

function volume(instanceId: string, region: string, kmsKeyId?: string): FleetResource {
  return {
    type: 'ec2:volume',
    id: `vol-${instanceId.slice(2)}`,
    region,
    name: `${instanceId}-root`,
    state: 'in-use',
    tags: {},
    attributes: {
      volumeType: 'gp3',
      sizeGiB: 30,
      encrypted: kmsKeyId !== undefined,
      ...(kmsKeyId ? { kmsKeyId } : {}),
      availabilityZone: `${region}a`,
      createTime: '2026-01-10T09:00:00.000Z',
      attachments: [{ instanceId, device: '/dev/xvda', deleteOnTermination: true }],
    },
  } as FleetResource;
}

const allow = { 'hostmaster:remediation': 'allow' };

function auroraMember(
  id: string,
  region: string,
  cluster: string,
  tags: Record<string, string> = {},
): FleetResource {
  return {
    type: 'rds:db-instance',
    id,
    region,
    name: id,
    state: 'available',
    tags,
    attributes: {
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      instanceClass: 'db.r6g.large',
      storageType: 'aurora',
      allocatedStorageGiB: 1,
      storageEncrypted: true,
      publiclyAccessible: false,
      multiAz: false,
      backupRetentionDays: 7,
      availabilityZone: `${region}a`,
      createTime: '2025-01-10T00:00:00.000Z',
      deletionProtection: false,
      dbiResourceId: `db-${id.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
      securityGroupIds: [],
      dbClusterIdentifier: cluster,
    },
  } as FleetResource;
}

export function scheduleFleet(): Fleet {
  const berlin = 'eu-central-1';
  const ny = 'us-east-1';
  const office = { 'hostmaster:schedule': 'office-berlin', ...allow };
  const daily = { 'hostmaster:schedule': 'daily-ny', ...allow };
  return FleetSchema.parse({
    organization: { managementAccountId: HUB, hubAccountId: HUB },
    regions: [berlin, ny],
    accounts: [
      { id: HUB, name: 'hub', regions: [berlin, ny], externalId: 'hostmaster-local-external-id' },
      {
        id: ACCOUNT,
        name: 'workloads',
        regions: [berlin, ny],
        externalId: 'hostmaster-local-external-id',
        // The scheduler acts through the remediation role with its own ExternalId; the scan role only reads.
        remediationExternalId: 'hostmaster-local-remediation-external-id',
        kmsKeys: { 'key-retired': 'Disabled' },
        resources: [
          instance('i-berlin-1', berlin, 'running', office),
          volume('i-berlin-1', berlin, 'key-usable'),
          instance('i-berlin-2', berlin, 'running', office),
          volume('i-berlin-2', berlin),
          instance('i-berlin-kms', berlin, 'stopped', office),
          volume('i-berlin-kms', berlin, 'key-retired'),
          instance('i-ignored', berlin, 'running', { 'hostmaster:schedule': 'ignore', ...allow }),
          instance('i-not-opted-in', berlin, 'running', { 'hostmaster:schedule': 'office-berlin' }),
          {
            type: 'rds:db-instance',
            id: 'db-berlin',
            region: berlin,
            name: 'db-berlin',
            state: 'available',
            tags: { 'hostmaster:schedule': 'db-first-monday', ...allow },
            attributes: {
              engine: 'postgres',
              engineVersion: '16.4',
              instanceClass: 'db.t4g.medium',
              storageType: 'gp3',
              allocatedStorageGiB: 50,
              storageEncrypted: true,
              publiclyAccessible: false,
              multiAz: false,
              backupRetentionDays: 7,
              availabilityZone: `${berlin}a`,
              createTime: '2025-01-10T00:00:00.000Z',
              deletionProtection: false,
              dbiResourceId: 'db-SCHEDULEDBERLIN0000000001',
              securityGroupIds: [],
            },
          },
          {
            type: 'rds:db-cluster',
            id: 'aurora-berlin',
            region: berlin,
            name: 'aurora-berlin',
            state: 'available',
            tags: office,
            attributes: {
              engine: 'aurora-postgresql',
              engineVersion: '16.4',
              members: [
                { dbInstanceIdentifier: 'aurora-berlin-1', writer: true },
                { dbInstanceIdentifier: 'aurora-berlin-2', writer: false },
              ],
              storageEncrypted: true,
              multiAz: true,
              backupRetentionDays: 7,
              deletionProtection: false,
              createTime: '2025-01-10T00:00:00.000Z',
              dbClusterResourceId: 'cluster-SCHEDULEDBERLIN000001',
            },
          },
          auroraMember('aurora-berlin-1', berlin, 'aurora-berlin'),
          // Tagged by mistake like its cluster: the scheduler leaves it to the cluster.
          auroraMember('aurora-berlin-2', berlin, 'aurora-berlin', office),
          {
            type: 'autoscaling:group',
            id: 'web-berlin',
            region: berlin,
            name: 'web-berlin',
            state: 'active',
            tags: office,
            attributes: {
              minSize: 1,
              maxSize: 4,
              desiredCapacity: 2,
              instances: [
                { instanceId: 'i-web-1', lifecycleState: 'InService' },
                { instanceId: 'i-web-2', lifecycleState: 'InService' },
              ],
              availabilityZones: [`${berlin}a`, `${berlin}b`],
              createTime: '2025-06-01T00:00:00.000Z',
            },
          },
          instance('i-web-1', berlin, 'running', { 'aws:autoscaling:groupName': 'web-berlin' }),
          instance('i-web-2', berlin, 'running', { 'aws:autoscaling:groupName': 'web-berlin' }),
          instance('i-ny-1', ny, 'stopped', daily),
          instance('i-ny-hibernating', ny, 'stopped', daily, { hibernationEnabled: true }),
        ],
      },
    ],
  });
}

/** The fleet as a scan would have stored it: ARNs, bookkeeping. */
export function inventoryOf(fleet: Fleet): Resource[] {
  const seen = '2026-03-01T00:00:00.000Z';
  return fleet.accounts.flatMap((account) =>
    account.resources.map((r) => {
      const id =
        r.type === 'rds:db-instance'
          ? dbInstanceArn(account.id, r.region, r.id)
          : r.type === 'rds:db-cluster'
            ? dbClusterArn(account.id, r.region, r.id)
            : r.type === 'autoscaling:group'
              ? autoScalingGroupArn(account.id, r.region, r.id)
              : `arn:aws:ec2:${r.region}:${account.id}:${r.type === 'ec2:volume' ? 'volume' : 'instance'}/${r.id}`;
      const { usage: _usage, ...data } = r as FleetResource & { usage?: string };
      return {
        ...data,
        id,
        accountId: account.id,
        firstSeen: seen,
        lastSeen: seen,
        contentHash: createHash('sha256').update(JSON.stringify(r)).digest('hex'),
      } as Resource;
    }),
  );
}
