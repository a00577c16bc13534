import type { ResourceType } from './api/types';

/**
 * Display names of every resource type. Typed as a record over `ResourceType`, so adding a type to
 * the domain model fails the dashboard's typecheck until it has a name here.
 */
export const RESOURCE_TYPE_LABELS: Readonly<Record<ResourceType, string>> = {
  'ec2:instance': 'EC2 instance',
  'ec2:volume': 'EBS volume',
  'ec2:snapshot': 'EBS snapshot',
  'ec2:elastic-ip': 'Elastic IP',
  'ec2:image': 'AMI',
  'ec2:vpc': 'VPC',
  'ec2:subnet': 'Subnet',
  'ec2:security-group': 'Security group',
  'ec2:nat-gateway': 'NAT gateway',
  'ec2:ebs-encryption-default': 'EBS default encryption',
  'elb:load-balancer': 'Load balancer',
  'elb:target-group': 'Target group',
  'rds:db-instance': 'RDS instance',
  'rds:db-snapshot': 'RDS snapshot',
  'rds:db-cluster': 'Aurora cluster',
  'autoscaling:group': 'Auto Scaling group',
  's3:bucket': 'S3 bucket',
  'iam:user': 'IAM user',
  'iam:account-summary': 'IAM account summary',
  'cloudtrail:trail': 'CloudTrail trail',
};

export const RESOURCE_TYPES = Object.keys(RESOURCE_TYPE_LABELS) as ResourceType[];

export function isResourceType(value: string): value is ResourceType {
  return Object.hasOwn(RESOURCE_TYPE_LABELS, value);
}

/** The display name of a type, or the raw type for one this build does not know yet. */
export function resourceTypeLabel(type: string): string {
  return isResourceType(type) ? RESOURCE_TYPE_LABELS[type] : type;
}
