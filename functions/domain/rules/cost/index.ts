/** Every cost rule, registered once. A test checks each rule file in this folder is listed here. */
import type { Rule } from '../rule';
import { ebsGp2ToGp3 } from './ebs-gp2-to-gp3';
import { ebsOrphanedSnapshot } from './ebs-orphaned-snapshot';
import { ebsUnattachedVolume } from './ebs-unattached-volume';
import { ec2IdleInstance } from './ec2-idle-instance';
import { ec2OffHoursSchedule } from './ec2-off-hours-schedule';
import { ec2Rightsizing } from './ec2-rightsizing';
import { ec2StoppedInstanceVolumes } from './ec2-stopped-instance-volumes';
import { ec2UnassociatedElasticIp } from './ec2-unassociated-elastic-ip';
import { elbIdleLoadBalancer } from './elb-idle-load-balancer';
import { natGatewayIdle } from './nat-gateway-idle';
import { rdsIdleInstance } from './rds-idle-instance';

export const COST_RULES: readonly Rule[] = [
  ec2IdleInstance,
  ec2Rightsizing,
  ec2OffHoursSchedule,
  ec2StoppedInstanceVolumes,
  ec2UnassociatedElasticIp,
  ebsUnattachedVolume,
  ebsGp2ToGp3,
  ebsOrphanedSnapshot,
  elbIdleLoadBalancer,
  natGatewayIdle,
  rdsIdleInstance,
];
