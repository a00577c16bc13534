/**
 * The fewest API calls a complete scan of a fleet can make, per (sandbox service, action): one call
 * per page of the largest page size the API accepts (at least one call per action and scope where
 * the listing must be asked), plus the per-resource calls no batched API replaces. The benchmark
 * compares the calls the sandbox logged with this, action by action, so an avoidable call shows up
 * against the action that made it.
 *
 * Page sizes are the APIs' own limits, as the sandbox services enforce them (test/sandbox/services).
 * What the formula assumes a scan reads is what the registered collectors report: it is not a
 * minimum for a different inventory.
 */
import { EC2_PAGE_SIZES } from '../../functions/adapters/collectors/ec2-shared';
import type { Fleet, FleetAccount, FleetResource, FleetResourceOf } from '../sandbox/fleet';

/** Largest page each paged listing accepts (EC2's are in {@link EC2_PAGE_SIZES}). */
export const API_PAGE_SIZES = {
  /** Organizations ListAccounts: 1 to 20. */
  ListAccounts: 20,
  /** RDS DescribeDBInstances, DescribeDBClusters and DescribeDBSnapshots: `MaxRecords` 20 to 100. */
  RdsDescribe: 100,
  /** Auto Scaling DescribeAutoScalingGroups: `MaxRecords` 1 to 100. */
  AutoScalingDescribe: 100,
  /** ELB classic DescribeLoadBalancers, ELBv2 DescribeLoadBalancers and DescribeTargetGroups: 1 to 400. */
  ElbDescribe: 400,
  /** ELB classic and ELBv2 DescribeTags: at most 20 names or ARNs a call. */
  ElbTags: 20,
  /** S3 ListBuckets: `max-buckets` 1 to 10,000. */
  ListBuckets: 10_000,
  /** IAM ListUsers: `MaxItems` 1 to 1,000. */
  ListUsers: 1000,
} as const;

/**
 * The five S3 reads a bucket's attributes need: S3 has no batched configuration read, and each
 * attribute the domain stores (public access block, policy status, default encryption, versioning,
 * tags) has its own operation.
 */
export const S3_BUCKET_READS = [
  'GetPublicAccessBlock',
  'GetBucketPolicyStatus',
  'GetBucketEncryption',
  'GetBucketVersioning',
  'GetBucketTagging',
] as const;

/** The minimum calls of one (sandbox service, action) over the whole scan. */
export interface MinimumCall {
  /** Sandbox service name, as the call log records it (`ec2`, `rds`, `elbv2`, `s3`, ...). */
  readonly service: string;
  readonly action: string;
  readonly calls: number;
}

/** Calls of a paged listing of `n` items: at least one, even for an empty listing. */
export const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));

/** Calls of a batched read of `n` items (`size` a call): none when there is nothing to read. */
const batches = (n: number, size: number): number => Math.ceil(n / size);

/** Minimum calls per (service, action), summed over every account and region of the fleet. */
export function minimumApiCallsByAction(fleet: Fleet): MinimumCall[] {
  const totals = new Map<string, MinimumCall>();
  const add = (service: string, action: string, calls: number) => {
    const key = `${service}:${action}`;
    const current = totals.get(key);
    totals.set(key, { service, action, calls: (current?.calls ?? 0) + calls });
  };

  add('organizations', 'ListAccounts', pages(fleet.accounts.length, API_PAGE_SIZES.ListAccounts));
  for (const account of fleet.accounts) {
    add('sts', 'AssumeRole', 1);
    add('ec2', 'DescribeRegions', 1);
    for (const region of account.regions) addRegional(add, inScope(account, region));
    addGlobal(add, inScope(account, 'global'));
  }
  return [...totals.values()];
}

/** The fewest calls a complete scan can make, every service included. */
export function minimumApiCalls(fleet: Fleet): number {
  return minimumApiCallsByAction(fleet).reduce((n, c) => n + c.calls, 0);
}

type Add = (service: string, action: string, calls: number) => void;
type Of = <T extends FleetResource['type']>(type: T) => FleetResourceOf<T>[];

function inScope(account: FleetAccount, region: string): Of {
  const here = account.resources.filter((r) => r.region === region);
  return <T extends FleetResource['type']>(type: T) =>
    here.filter((r): r is FleetResourceOf<T> => r.type === type);
}

function addRegional(add: Add, of: Of): void {
  addEc2(add, of);

  // RDS: whether a manual snapshot is public is only in DescribeDBSnapshotAttributes (one snapshot a
  // call); automated snapshots cannot be shared.
  const dbSnapshots = of('rds:db-snapshot');
  add('rds', 'DescribeDBInstances', pages(of('rds:db-instance').length, API_PAGE_SIZES.RdsDescribe));
  add('rds', 'DescribeDBSnapshots', pages(dbSnapshots.length, API_PAGE_SIZES.RdsDescribe));
  add('rds', 'DescribeDBClusters', pages(of('rds:db-cluster').length, API_PAGE_SIZES.RdsDescribe));
  add(
    'autoscaling',
    'DescribeAutoScalingGroups',
    pages(of('autoscaling:group').length, API_PAGE_SIZES.AutoScalingDescribe),
  );
  add(
    'rds',
    'DescribeDBSnapshotAttributes',
    dbSnapshots.filter((s) => s.attributes.snapshotType === 'manual').length,
  );

  // ELB classic: instance health is per load balancer, and known without asking when none is registered.
  const loadBalancers = of('elb:load-balancer');
  const classic = loadBalancers.filter((lb) => lb.attributes.kind === 'classic');
  add('elb', 'DescribeLoadBalancers', pages(classic.length, API_PAGE_SIZES.ElbDescribe));
  add('elb', 'DescribeTags', batches(classic.length, API_PAGE_SIZES.ElbTags));
  add('elb', 'DescribeInstanceHealth', classic.filter((lb) => lb.attributes.instances.length > 0).length);

  // ELBv2: targets are only in DescribeTargetHealth, one target group a call; tags of load balancers
  // and target groups may share a DescribeTags call.
  const v2 = loadBalancers.length - classic.length;
  const targetGroups = of('elb:target-group').length;
  add('elbv2', 'DescribeLoadBalancers', pages(v2, API_PAGE_SIZES.ElbDescribe));
  add('elbv2', 'DescribeTargetGroups', pages(targetGroups, API_PAGE_SIZES.ElbDescribe));
  add('elbv2', 'DescribeTargetHealth', targetGroups);
  add('elbv2', 'DescribeTags', batches(v2 + targetGroups, API_PAGE_SIZES.ElbTags));

  // S3: each regional job lists its region's buckets (ListBuckets' BucketRegion filter), then reads
  // each bucket's configuration through that region's endpoint.
  const buckets = of('s3:bucket').length;
  add('s3', 'ListBuckets', pages(buckets, API_PAGE_SIZES.ListBuckets));
  for (const action of S3_BUCKET_READS) add('s3', action, buckets);

  // CloudTrail: DescribeTrails is not paged; logging status is per trail homed in the region.
  add('cloudtrail', 'DescribeTrails', 1);
  add('cloudtrail', 'GetTrailStatus', of('cloudtrail:trail').length);
}

function addEc2(add: Add, of: Of): void {
  const instances = of('ec2:instance');
  const running = instances.filter((i) => i.state === 'running').length;
  const snapshots = of('ec2:snapshot');
  const publicSnapshots = snapshots.filter((s) => s.attributes.public).length;
  add('ec2', 'DescribeInstances', pages(instances.length, EC2_PAGE_SIZES.DescribeInstances));
  add(
    'ec2',
    'DescribeInstanceStatus',
    running > 0 ? pages(running, EC2_PAGE_SIZES.DescribeInstanceStatus) : 0,
  );
  add('ec2', 'DescribeVolumes', pages(of('ec2:volume').length, EC2_PAGE_SIZES.DescribeVolumes));
  // Owned snapshots, then (only when there are some) the owned ones restorable by all.
  add(
    'ec2',
    'DescribeSnapshots',
    pages(snapshots.length, EC2_PAGE_SIZES.DescribeSnapshots) +
      (snapshots.length > 0 ? pages(publicSnapshots, EC2_PAGE_SIZES.DescribeSnapshots) : 0),
  );
  add('ec2', 'DescribeAddresses', 1); // not paged
  add('ec2', 'DescribeImages', pages(of('ec2:image').length, EC2_PAGE_SIZES.DescribeImages));
  add('ec2', 'DescribeVpcs', pages(of('ec2:vpc').length, EC2_PAGE_SIZES.DescribeVpcs));
  add('ec2', 'DescribeSubnets', pages(of('ec2:subnet').length, EC2_PAGE_SIZES.DescribeSubnets));
  add(
    'ec2',
    'DescribeSecurityGroups',
    pages(of('ec2:security-group').length, EC2_PAGE_SIZES.DescribeSecurityGroups),
  );
  add('ec2', 'DescribeNatGateways', pages(of('ec2:nat-gateway').length, EC2_PAGE_SIZES.DescribeNatGateways));
  add('ec2', 'GetEbsEncryptionByDefault', 1);
}

/**
 * IAM, once per account. The credential report follows the sandbox's protocol for an account with no
 * current report (a first scan): GenerateCredentialReport answers `STARTED`, a second one `COMPLETE`,
 * then one GetCredentialReport.
 */
function addGlobal(add: Add, of: Of): void {
  add('iam', 'GenerateCredentialReport', 2);
  add('iam', 'GetCredentialReport', 1);
  add('iam', 'ListUsers', pages(of('iam:user').length, API_PAGE_SIZES.ListUsers));
  add('iam', 'GetAccountSummary', 1);
}
