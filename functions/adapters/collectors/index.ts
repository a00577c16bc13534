/**
 * Every collector HostMaster runs. A scan job runs the ones whose `scope` matches its own (regional
 * jobs the regional ones, the `global` job the global ones). To add a collector: import it and list
 * it here; a test checks that every collector file is registered and every type has a collector.
 */
import { autoScalingGroupsCollector } from './autoscaling-groups';
import { cloudTrailTrailsCollector } from './cloudtrail-trails';
import type { Collector } from './collector';
import { ec2EbsEncryptionDefault } from './ec2-ebs-encryption-default';
import { ec2ElasticIps } from './ec2-elastic-ips';
import { ec2Images } from './ec2-images';
import { ec2Instances } from './ec2-instances';
import { ec2NatGateways } from './ec2-nat-gateways';
import { ec2SecurityGroups } from './ec2-security-groups';
import { ec2Snapshots } from './ec2-snapshots';
import { ec2Subnets } from './ec2-subnets';
import { ec2Volumes } from './ec2-volumes';
import { ec2Vpcs } from './ec2-vpcs';
import { elbClassicCollector } from './elb-classic';
import { elbv2Collector } from './elbv2';
import { iamAccountSummaryCollector } from './iam-account-summary';
import { iamUsersCollector } from './iam-users';
import { rdsClustersCollector } from './rds-clusters';
import { rdsInstancesCollector } from './rds-instances';
import { rdsSnapshotsCollector } from './rds-snapshots';
import { s3BucketsCollector } from './s3-buckets';

export const COLLECTORS: readonly Collector[] = [
  ec2Instances,
  ec2Volumes,
  ec2Snapshots,
  ec2ElasticIps,
  ec2Images,
  ec2Vpcs,
  ec2Subnets,
  ec2SecurityGroups,
  ec2NatGateways,
  ec2EbsEncryptionDefault,
  rdsInstancesCollector,
  rdsSnapshotsCollector,
  rdsClustersCollector,
  autoScalingGroupsCollector,
  elbClassicCollector,
  elbv2Collector,
  s3BucketsCollector,
  cloudTrailTrailsCollector,
  iamUsersCollector,
  iamAccountSummaryCollector,
];

/** The collectors a job of the given scope runs. */
export function collectorsFor(scope: 'regional' | 'global', collectors = COLLECTORS): readonly Collector[] {
  return collectors.filter((c) => c.scope === scope);
}
