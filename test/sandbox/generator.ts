/**
 * Seeded generator of realistic organizations: every domain resource type, valid cross-references
 * (instances ↔ volumes ↔ snapshots, VPCs/subnets/security groups, EIPs, NAT gateways, load balancers
 * ↔ target groups ↔ targets, RDS instances ↔ snapshots, buckets, IAM users, trails), usage
 * profiles, owner/environment tags, and a configurable share of planted problems. Same options, same
 * fleet, byte for byte.
 *
 * Native id conventions (the sandbox services compose ARNs from them): EC2 ids as AWS prints them;
 * ALB/NLB `app|net/<name>/<16 hex>` (the ARN after `loadbalancer/`); classic LB its name; target group
 * `<name>/<16 hex>` (the ARN after `targetgroup/`); RDS identifiers; bucket, user and trail names;
 * `account-summary` and `ebs-encryption-default` for the per-account and per-region settings.
 */
import { mulberry32 } from './faults';
import type { Fleet, FleetAccount, FleetResource, FleetResourceOf } from './fleet';

export interface GeneratorOptions {
  /** Seed of every random choice. */
  readonly seed: number;
  /** Number of accounts; the first is the management account, the second the hub. @default 10 */
  readonly accounts?: number;
  /** Regions enabled per account (taken from a fixed list of real regions). @default 4 */
  readonly regions?: number;
  /** Approximate number of resources to generate (at least this many). @default 10000 */
  readonly resources?: number;
  /** Share (0–1) of resources given a planted problem. @default 0.15 */
  readonly problemShare?: number;
  /** ExternalId of every member role. @default 'hostmaster-local-external-id' */
  readonly externalId?: string;
  /** Member role name. @default 'HostMasterScanRole' */
  readonly roleName?: string;
  /** The generator's "now", for launch times and key ages. @default '2026-11-23T00:00:00.000Z' */
  readonly now?: string;
  /**
   * Resources per (account, region) scope, instead of `resources` spread over the scopes (at least 12):
   * small fleets over many accounts, for scale runs of the scan's fan-out. @default derived from `resources`
   */
  readonly resourcesPerScope?: number;
  /** Per-account override of the enabled-region count (index = account index). @default none */
  readonly regionsByAccount?: readonly number[];
}

/** Real regions, default-enabled ones first; the partition offers two more than any account enables. */
export const GENERATOR_REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'ap-southeast-2',
  'eu-central-1',
  'ap-northeast-1',
  'us-east-2',
  'ca-central-1',
  'sa-east-1',
  'ap-south-1',
  'eu-north-1',
  'af-south-1',
  // Appended so that fleets of up to 10 regions stay what they were; 17 regions is AWS's default set.
  'us-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'eu-south-1',
];

const ACCOUNT_NAMES = [
  'management',
  'tooling',
  'prod',
  'staging',
  'dev',
  'data',
  'security',
  'sandbox',
  'shared',
];
const TEAMS = ['payments', 'search', 'platform', 'data', 'web', 'mobile', 'ml', 'identity'];
const ENVIRONMENTS = ['production', 'staging', 'development', 'test'];
/** Types the shipped price table and instance-size catalog both know, so planted waste can be priced. */
const INSTANCE_TYPES = [
  't3.micro',
  't3.medium',
  'm5.large',
  'm6i.xlarge',
  'c6i.2xlarge',
  'r6i.large',
  't4g.small',
];
const DB_CLASSES = ['db.t3.medium', 'db.m5.large', 'db.r6g.xlarge', 'db.t4g.micro'];
const DB_ENGINES: [string, string][] = [
  ['postgres', '16.4'],
  ['mysql', '8.0.39'],
  ['aurora-postgresql', '15.8'],
];
const PROFILES = ['steady', 'business-hours', 'spiky'] as const;
const DAY = 86_400_000;

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }
}

/** A time as EC2 writes it in `StateTransitionReason`: `2026-10-01 12:34:56 GMT`. */
function gmt(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} GMT`;
}

/** Generates a fleet; 10,000 resources over 10 accounts × 4 regions take a few tens of milliseconds. */
export function generateFleet(options: GeneratorOptions): Fleet {
  const rng = new Random(options.seed);
  const accountCount = options.accounts ?? 10;
  const regionCount = Math.min(options.regions ?? 4, GENERATOR_REGIONS.length - 2);
  const target = options.resources ?? 10_000;
  const problemShare = options.problemShare ?? 0.15;
  const now = new Date(options.now ?? '2026-11-23T00:00:00.000Z').getTime();
  const iso = (daysAgo: number) => new Date(now - Math.round(daysAgo * DAY)).toISOString();
  const problem = () => rng.chance(problemShare);

  const accountIds: string[] = [];
  while (accountIds.length < accountCount) {
    const id = `${rng.int(1, 9)}${rng.int(0, 99_999_999_999).toString().padStart(11, '0')}`;
    if (!accountIds.includes(id)) accountIds.push(id);
  }
  const perScope =
    options.resourcesPerScope ?? Math.max(12, Math.ceil(target / (accountCount * regionCount)));

  const accounts: FleetAccount[] = accountIds.map((accountId, a) => {
    const regions = GENERATOR_REGIONS.slice(
      0,
      Math.min(regionCount + 2, Math.max(1, options.regionsByAccount?.[a] ?? regionCount)),
    );
    const resources: FleetResource[] = [];
    const add = (r: FleetResource) => {
      resources.push(r);
    };
    const tagsFor = (name: string, problemTags = false): Record<string, string> => {
      const tags: Record<string, string> = { Name: name };
      if (problemTags) return tags;
      tags.owner = `${rng.pick(TEAMS)}@example.com`;
      tags.environment = rng.pick(ENVIRONMENTS);
      if (rng.chance(0.3)) tags['cost-center'] = `cc-${rng.int(100, 999)}`;
      if (rng.chance(0.1)) tags['hostmaster:remediate'] = 'true';
      return tags;
    };

    // Account-wide (global) items.
    add({
      type: 'iam:account-summary',
      id: 'account-summary',
      region: 'global',
      name: 'account-summary',
      state: 'active',
      tags: {},
      attributes: { rootMfaEnabled: !problem(), rootAccessKeysPresent: rng.chance(problemShare / 3) },
    });
    const users = rng.int(2, 6);
    for (let u = 0; u < users; u++) {
      const name = `${rng.pick(TEAMS)}-${rng.pick(['ci', 'deploy', 'svc', 'admin', 'analyst'])}-${u}`;
      const human = rng.chance(0.4);
      const oldKey = problem();
      const keys = human && rng.chance(0.5) ? 0 : rng.int(1, 2);
      add({
        type: 'iam:user',
        id: name,
        region: 'global',
        name,
        state: 'active',
        tags: {},
        attributes: {
          userId: `AIDA${rng.hex(17).toUpperCase()}`,
          createDate: iso(rng.int(200, 1500)),
          passwordEnabled: human,
          ...(human ? { passwordLastUsed: iso(rng.int(0, 60)) } : {}),
          mfaActive: human && !problem(),
          accessKeys: Array.from({ length: keys }, (_, k) => {
            const age = oldKey && k === 0 ? rng.int(120, 900) : rng.int(1, 80);
            return {
              id: String(k + 1),
              active: !(k === 1 && rng.chance(0.3)),
              lastRotated: iso(age),
              ...(rng.chance(0.8) ? { lastUsed: iso(rng.int(0, Math.min(age, 30))) } : {}),
            };
          }),
        },
      });
    }
    const hasTrail = !(a > 1 && rng.chance(problemShare));
    const trailBucket = `cloudtrail-logs-${accountId}`;

    regions.forEach((region, r) => {
      const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);
      const start = resources.length;
      const budget = perScope;
      add({
        type: 'ec2:ebs-encryption-default',
        id: 'ebs-encryption-default',
        region,
        name: 'ebs-encryption-default',
        state: 'active',
        tags: {},
        attributes: { enabled: !problem() },
      });
      if (r === 0 && hasTrail) {
        const notLogging = problem();
        add({
          type: 'cloudtrail:trail',
          id: 'organization-trail',
          region,
          name: 'organization-trail',
          state: notLogging ? 'stopped' : 'active',
          tags: {},
          attributes: {
            homeRegion: region,
            isMultiRegion: !problem(),
            isLogging: !notLogging,
            s3BucketName: trailBucket,
            logFileValidationEnabled: !problem(),
          },
        });
      }

      // Network: one VPC (plus the default one), subnets, security groups.
      const vpcs: string[] = [];
      for (const [v, isDefault] of [
        [0, true],
        [1, false],
      ] as const) {
        const id = `vpc-${rng.hex(17)}`;
        vpcs.push(id);
        add({
          type: 'ec2:vpc',
          id,
          region,
          name: isDefault ? 'default' : `${ACCOUNT_NAMES[a % ACCOUNT_NAMES.length]}-main`,
          state: 'available',
          tags: isDefault ? {} : tagsFor(`main-${v}`),
          attributes: { cidrBlock: isDefault ? '172.31.0.0/16' : `10.${a * 8 + r}.0.0/16`, isDefault },
        });
      }
      const mainVpc = vpcs[1] as string;
      const subnets: { id: string; az: string; public: boolean }[] = [];
      azs.forEach((az, s) => {
        for (const pub of [true, false]) {
          const id = `subnet-${rng.hex(17)}`;
          subnets.push({ id, az, public: pub });
          add({
            type: 'ec2:subnet',
            id,
            region,
            name: `${pub ? 'public' : 'private'}-${az}`,
            state: 'available',
            tags: tagsFor(`${pub ? 'public' : 'private'}-${az}`),
            attributes: {
              vpcId: mainVpc,
              cidrBlock: `10.${a * 8 + r}.${s * 2 + (pub ? 0 : 1)}.0/24`,
              availabilityZone: az,
              availableIpAddressCount: rng.int(100, 250),
              mapPublicIpOnLaunch: pub,
            },
          });
        }
      });
      const groups: string[] = [];
      const sgCount = 4;
      for (let g = 0; g < sgCount; g++) {
        const id = `sg-${rng.hex(17)}`;
        groups.push(id);
        const open = g > 0 && problem();
        const port = rng.pick([22, 3389, 5432]);
        const name = g === 0 ? 'default' : `${rng.pick(TEAMS)}-${g}`;
        add({
          type: 'ec2:security-group',
          id,
          region,
          name,
          state: 'active',
          tags: g === 0 ? {} : tagsFor(name),
          attributes: {
            groupId: id,
            vpcId: mainVpc,
            description: g === 0 ? 'default VPC security group' : `${name} tier`,
            isDefault: g === 0,
            ingress: [
              g === 0
                ? {
                    protocol: '-1',
                    ipv4Ranges: [],
                    ipv6Ranges: [],
                    sourceGroupIds: [id],
                    prefixListIds: [],
                  }
                : {
                    protocol: 'tcp',
                    fromPort: 443,
                    toPort: 443,
                    ipv4Ranges: ['10.0.0.0/8'],
                    ipv6Ranges: [],
                    sourceGroupIds: [],
                    prefixListIds: [],
                  },
              ...(open
                ? [
                    {
                      protocol: 'tcp',
                      fromPort: port,
                      toPort: port,
                      ipv4Ranges: ['0.0.0.0/0'],
                      ipv6Ranges: rng.chance(0.5) ? ['::/0'] : [],
                      sourceGroupIds: [],
                      prefixListIds: [],
                    },
                  ]
                : []),
            ],
            egress: [
              {
                protocol: '-1',
                ipv4Ranges: ['0.0.0.0/0'],
                ipv6Ranges: [],
                sourceGroupIds: [],
                prefixListIds: [],
              },
            ],
          },
        });
      }
      const publicSubnet = subnets.find((s) => s.public) as { id: string };
      const natIp = `3.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      add({
        type: 'ec2:nat-gateway',
        id: `nat-${rng.hex(17)}`,
        region,
        name: 'main-nat',
        state: 'available',
        tags: tagsFor('main-nat'),
        attributes: {
          vpcId: mainVpc,
          subnetId: publicSubnet.id,
          connectivityType: 'public',
          publicIps: [natIp],
          createTime: iso(rng.int(100, 900)),
        },
      });
      const bucketCount = rng.int(1, 3);
      for (let b = 0; b < bucketCount; b++) {
        const name = `${rng.pick(TEAMS)}-${rng.pick(['assets', 'logs', 'exports', 'backups'])}-${accountId}-${region}-${b}`;
        const exposed = problem();
        add({
          type: 's3:bucket',
          id: name,
          region,
          name,
          state: 'active',
          tags: tagsFor(name, problem()),
          attributes: {
            creationDate: iso(rng.int(30, 1500)),
            publicAccessBlock: exposed
              ? null
              : {
                  blockPublicAcls: true,
                  ignorePublicAcls: true,
                  blockPublicPolicy: true,
                  restrictPublicBuckets: true,
                },
            policyIsPublic: exposed ? rng.chance(0.5) : rng.chance(0.3) ? false : null,
            defaultEncryption: problem() ? null : rng.pick(['AES256', 'aws:kms']),
            versioning: rng.pick(['Enabled', 'Enabled', 'Suspended', 'Disabled'] as const),
          },
        });
      }
      if (r === 0 && hasTrail) {
        add({
          type: 's3:bucket',
          id: trailBucket,
          region,
          name: trailBucket,
          state: 'active',
          tags: tagsFor(trailBucket),
          attributes: {
            creationDate: iso(1000),
            publicAccessBlock: {
              blockPublicAcls: true,
              ignorePublicAcls: true,
              blockPublicPolicy: true,
              restrictPublicBuckets: true,
            },
            policyIsPublic: false,
            defaultEncryption: 'aws:kms',
            versioning: 'Enabled',
          },
        });
      }

      // Workloads until the scope's budget is met: instances with volumes and snapshots, images,
      // EIPs; every few instances a load balancer with a target group; every so often a database.
      let workload = 0;
      let pendingTargets: FleetResourceOf<'ec2:instance'>[] = [];
      while (resources.length - start < budget) {
        workload += 1;
        const subnet = rng.pick(subnets);
        const team = rng.pick(TEAMS);
        const name = `${team}-${rng.pick(['api', 'worker', 'web', 'batch', 'cache'])}-${workload}`;
        const instanceId = `i-${rng.hex(17)}`;
        const state = problem() ? 'stopped' : rng.chance(0.03) ? 'stopped' : 'running';
        const idle = state === 'running' && problem();
        const volumeIds = Array.from({ length: rng.int(1, 2) }, () => `vol-${rng.hex(17)}`);
        const launchDays = rng.int(5, 900);
        const instance: FleetResourceOf<'ec2:instance'> = {
          type: 'ec2:instance',
          id: instanceId,
          region,
          name,
          state,
          tags: tagsFor(name, problem()),
          usage: idle ? 'idle' : rng.pick(PROFILES),
          attributes: {
            instanceType: rng.pick(INSTANCE_TYPES),
            launchTime: iso(launchDays),
            availabilityZone: subnet.az,
            imageId: `ami-${rng.hex(17)}`,
            architecture: 'x86_64',
            vpcId: mainVpc,
            subnetId: subnet.id,
            privateIpAddress: `10.${a * 8 + r}.${rng.int(0, 5)}.${rng.int(4, 250)}`,
            ...(state === 'running' && subnet.public
              ? { publicIpAddress: `54.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` }
              : {}),
            securityGroupIds: [groups[rng.int(1, sgCount - 1)] as string],
            volumeIds,
            imdsV2Required: !problem(),
            ...(rng.chance(0.6)
              ? { iamInstanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/${team}-instance` }
              : {}),
            ...(state === 'stopped' ? { stateReason: `User initiated (${gmt(iso(rng.int(20, 200)))})` } : {}),
            ...(state === 'running'
              ? {
                  statusChecks: rng.chance(problemShare / 5)
                    ? { system: 'impaired' as const, instance: 'impaired' as const }
                    : { system: 'ok' as const, instance: 'ok' as const },
                }
              : {}),
          },
        };
        add(instance);
        volumeIds.forEach((volumeId, v) => {
          const size = v === 0 ? rng.pick([8, 20, 30, 50]) : rng.pick([100, 200, 500, 1000]);
          const type = problem() ? 'gp2' : rng.pick(['gp3', 'gp3', 'gp3', 'io2', 'st1']);
          add({
            type: 'ec2:volume',
            id: volumeId,
            region,
            name: `${name}-${v === 0 ? 'root' : 'data'}`,
            state: 'in-use',
            tags: tagsFor(`${name}-vol`),
            attributes: {
              volumeType: type,
              sizeGiB: size,
              ...(type === 'gp3'
                ? { iops: 3000, throughputMiBps: 125 }
                : type === 'io2'
                  ? { iops: 8000 }
                  : {}),
              encrypted: !problem(),
              availabilityZone: subnet.az,
              createTime: iso(launchDays),
              attachments: [
                { instanceId, device: v === 0 ? '/dev/xvda' : '/dev/sdf', deleteOnTermination: v === 0 },
              ],
            },
          });
          if (rng.chance(0.4)) {
            add(snapshot(volumeId, size, rng.int(1, launchDays), problem() && rng.chance(0.3)));
          }
        });
        if (idle || rng.chance(0.5)) pendingTargets.push(instance);
        if (state === 'running' && rng.chance(0.1)) {
          add(elasticIp(instanceId));
        }
        if (rng.chance(0.15)) {
          // An orphan or unattached leftover: a volume nobody uses, a snapshot of a deleted volume,
          // an EIP nobody holds, an old image.
          const kind = rng.int(0, 3);
          if (kind === 0) {
            const volumeId = `vol-${rng.hex(17)}`;
            add({
              type: 'ec2:volume',
              id: volumeId,
              region,
              name: `${name}-old`,
              state: 'available',
              tags: tagsFor(`${name}-old`, problem()),
              attributes: {
                volumeType: rng.pick(['gp2', 'gp3']),
                sizeGiB: rng.pick([50, 100, 500]),
                encrypted: rng.chance(0.7),
                availabilityZone: subnet.az,
                createTime: iso(rng.int(60, 800)),
                attachments: [],
              },
            });
          } else if (kind === 1) {
            add(snapshot(`vol-${rng.hex(17)}`, rng.pick([20, 100]), rng.int(90, 900), false));
          } else if (kind === 2) {
            add(elasticIp(undefined));
          } else {
            const snapshotIds = [`snap-${rng.hex(17)}`];
            add({
              type: 'ec2:image',
              id: `ami-${rng.hex(17)}`,
              region,
              name: `${team}-golden-${workload}`,
              state: 'available',
              tags: tagsFor(`${team}-golden`),
              attributes: {
                creationDate: iso(rng.int(10, 700)),
                public: problem() && rng.chance(0.3),
                architecture: 'x86_64',
                snapshotIds,
              },
            });
          }
        }
        if (pendingTargets.length >= 4) {
          addLoadBalancer(pendingTargets);
          pendingTargets = [];
        }
        if (rng.chance(0.06)) addDatabase(team, workload);
      }

      function snapshot(volumeId: string, size: number, daysAgo: number, isPublic: boolean) {
        const id = `snap-${rng.hex(17)}`;
        return {
          type: 'ec2:snapshot' as const,
          id,
          region,
          name: id,
          state: 'completed',
          tags: tagsFor(id, rng.chance(problemShare)),
          attributes: {
            volumeId,
            volumeSizeGiB: size,
            encrypted: rng.chance(0.8),
            startTime: iso(daysAgo),
            description: `backup of ${volumeId}`,
            public: isPublic,
            storageTier: 'standard',
          },
        };
      }

      function elasticIp(instanceId: string | undefined): FleetResource {
        const allocationId = `eipalloc-${rng.hex(17)}`;
        return {
          type: 'ec2:elastic-ip',
          id: allocationId,
          region,
          name: allocationId,
          state: instanceId ? 'associated' : 'unassociated',
          tags: tagsFor(allocationId),
          attributes: {
            publicIp: `52.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
            allocationId,
            domain: 'vpc',
            ...(instanceId
              ? {
                  instanceId,
                  associationId: `eipassoc-${rng.hex(17)}`,
                  networkInterfaceId: `eni-${rng.hex(17)}`,
                }
              : {}),
          },
        };
      }

      function addLoadBalancer(targets: FleetResourceOf<'ec2:instance'>[]) {
        const kind = rng.pick(['application', 'application', 'network', 'classic'] as const);
        const name = `${rng.pick(TEAMS)}-${kind === 'network' ? 'nlb' : kind === 'classic' ? 'elb' : 'alb'}-${rng.hex(4)}`;
        const created = iso(rng.int(30, 900));
        const orphan = problem();
        const health = (t: FleetResourceOf<'ec2:instance'>) =>
          t.state !== 'running' ? 'unused' : rng.chance(0.9) ? 'healthy' : 'unhealthy';
        if (kind === 'classic') {
          add({
            type: 'elb:load-balancer',
            id: name,
            region,
            name,
            state: 'active',
            tags: tagsFor(name),
            attributes: {
              kind,
              scheme: 'internet-facing',
              dnsName: `${name}-${rng.int(100_000, 999_999)}.${region}.elb.amazonaws.com`,
              vpcId: mainVpc,
              createdTime: created,
              securityGroupIds: [groups[1] as string],
              targetGroupArns: [],
              instances: orphan
                ? []
                : targets.map((t) => ({
                    instanceId: t.id,
                    state: health(t) === 'healthy' ? 'InService' : 'OutOfService',
                  })),
            },
          });
          return;
        }
        const prefix = kind === 'network' ? 'net' : 'app';
        const lbId = `${prefix}/${name}/${rng.hex(16)}`;
        const lbArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${lbId}`;
        const tgId = `${name}-tg/${rng.hex(16)}`;
        const tgArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/${tgId}`;
        const port = kind === 'network' ? 443 : 8080;
        add({
          type: 'elb:load-balancer',
          id: lbId,
          region,
          name,
          state: 'active',
          tags: tagsFor(name),
          attributes: {
            kind,
            scheme: rng.chance(0.7) ? 'internet-facing' : 'internal',
            dnsName: `${name}-${rng.int(100_000_000, 999_999_999)}.${region}.elb.amazonaws.com`,
            vpcId: mainVpc,
            createdTime: created,
            securityGroupIds: kind === 'application' ? [groups[1] as string] : [],
            targetGroupArns: [tgArn],
            instances: [],
          },
        });
        add({
          type: 'elb:target-group',
          id: tgId,
          region,
          name: `${name}-tg`,
          state: 'active',
          tags: tagsFor(`${name}-tg`),
          attributes: {
            protocol: kind === 'network' ? 'TCP' : 'HTTP',
            port,
            targetType: 'instance',
            loadBalancerArns: [lbArn],
            targets: orphan
              ? []
              : targets.map((t) => {
                  const h = health(t);
                  return {
                    id: t.id,
                    port,
                    health: h,
                    ...(h === 'unhealthy'
                      ? { reason: 'Target.FailedHealthChecks' }
                      : h === 'unused'
                        ? { reason: 'Target.InvalidState' }
                        : {}),
                  };
                }),
          },
        });
      }

      function addDatabase(team: string, n: number) {
        const [engine, version] = rng.pick(DB_ENGINES);
        const id = `${team}-db-${n}`;
        const encrypted = !problem();
        const storage = rng.pick([20, 100, 500]);
        add({
          type: 'rds:db-instance',
          id,
          region,
          name: id,
          state: problem() && rng.chance(0.3) ? 'stopped' : 'available',
          tags: tagsFor(id, problem()),
          usage: problem() ? 'idle' : rng.pick(PROFILES),
          attributes: {
            engine,
            engineVersion: version,
            instanceClass: rng.pick(DB_CLASSES),
            storageType: rng.pick(['gp3', 'gp2', 'io1']),
            allocatedStorageGiB: storage,
            storageEncrypted: encrypted,
            publiclyAccessible: problem() && rng.chance(0.4),
            multiAz: !problem(),
            backupRetentionDays: problem() ? 0 : rng.pick([7, 14, 35]),
            latestRestorableTime: iso(0.01),
            availabilityZone: rng.pick(azs),
            createTime: iso(rng.int(30, 1200)),
            deletionProtection: !problem(),
            dbiResourceId: `db-${rng.hex(26).toUpperCase()}`,
            securityGroupIds: [groups[rng.int(1, sgCount - 1)] as string],
          },
        });
        const snapshots = rng.int(1, 3);
        for (let s = 0; s < snapshots; s++) {
          const manual = s > 0;
          const snapId = manual ? `${id}-manual-${s}` : `rds:${id}-${iso(1).slice(0, 10)}`;
          add({
            type: 'rds:db-snapshot',
            id: snapId,
            region,
            name: snapId,
            state: 'available',
            tags: manual ? tagsFor(snapId) : {},
            attributes: {
              dbInstanceIdentifier: id,
              snapshotType: manual ? 'manual' : 'automated',
              engine,
              encrypted,
              public: manual && problem() && rng.chance(0.3),
              allocatedStorageGiB: storage,
              createTime: iso(manual ? rng.int(30, 400) : 1),
            },
          });
        }
      }
    });

    addSchedulableGroups(resources, {
      rng: new Random(options.seed * 31 + a + 1),
      region: regions[0] as string,
      accountIndex: a,
      createTime: iso(400),
    });

    return {
      id: accountId,
      name: ACCOUNT_NAMES[a] ?? `workload-${a}`,
      email: `aws+${ACCOUNT_NAMES[a] ?? `workload-${a}`}@example.com`,
      regions,
      externalId: options.externalId ?? 'hostmaster-local-external-id',
      roleName: options.roleName ?? 'HostMasterScanRole',
      resources,
    };
  });

  return {
    description: `Generated organization: seed ${options.seed}, ${accountCount} accounts × ${regionCount} regions, ~${target} resources, ${Math.round(problemShare * 100)}% planted problems.`,
    organization: {
      managementAccountId: accountIds[0] as string,
      hubAccountId: (accountIds[1] ?? accountIds[0]) as string,
    },
    regions: GENERATOR_REGIONS.slice(0, regionCount + 2),
    accounts,
  };
}

/**
 * One Aurora cluster (with its writer and reader) and one Auto Scaling group (a batch group idle at
 * zero between runs) per account, in its first region. They draw from their own generator so that
 * adding them left every other generated resource as it was.
 */
function addSchedulableGroups(
  resources: FleetResource[],
  options: { rng: Random; region: string; accountIndex: number; createTime: string },
): void {
  const { rng, region, createTime } = options;
  const team = rng.pick(TEAMS);
  const cluster = `${team}-aurora-${options.accountIndex}`;
  const members = [`${cluster}-writer`, `${cluster}-reader`];
  const tags = { Name: cluster, owner: `${team}@example.com`, environment: rng.pick(ENVIRONMENTS) };
  resources.push({
    type: 'rds:db-cluster',
    id: cluster,
    region,
    name: cluster,
    state: 'available',
    tags,
    attributes: {
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      members: members.map((id, i) => ({ dbInstanceIdentifier: id, writer: i === 0 })),
      storageEncrypted: true,
      multiAz: true,
      backupRetentionDays: 7,
      deletionProtection: true,
      createTime,
      dbClusterResourceId: `cluster-${rng.hex(26).toUpperCase()}`,
    },
  });
  members.forEach((id, i) => {
    resources.push({
      type: 'rds:db-instance',
      id,
      region,
      name: id,
      state: 'available',
      tags: { ...tags, Name: id },
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
        availabilityZone: `${region}${i === 0 ? 'a' : 'b'}`,
        createTime,
        deletionProtection: false,
        dbiResourceId: `db-${rng.hex(26).toUpperCase()}`,
        securityGroupIds: [],
        dbClusterIdentifier: cluster,
      },
    });
  });
  const group = `${team}-batch-${options.accountIndex}`;
  resources.push({
    type: 'autoscaling:group',
    id: group,
    region,
    name: group,
    state: 'active',
    tags: { ...tags, Name: group },
    attributes: {
      minSize: 0,
      maxSize: 4,
      desiredCapacity: 0,
      instances: [],
      availabilityZones: [`${region}a`, `${region}b`],
      createTime,
    },
  });
}

/** Number of resources in a fleet. */
export function countResources(fleet: Fleet): number {
  return fleet.accounts.reduce((sum, account) => sum + account.resources.length, 0);
}
