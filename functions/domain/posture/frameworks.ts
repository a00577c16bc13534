/**
 * The compliance frameworks HostMaster scores against, with the controls its automated checks
 * evidence. A framework lists only the controls some rule references: manual controls (contact
 * details, hardware MFA purchase, ...) cannot be judged from inventory and are left to the auditor.
 */
import type { FrameworkReference } from '../model';

export const CIS_AWS_FOUNDATIONS_3 = 'cis-aws-foundations-3.0.0';
export const AWS_FSBP = 'aws-fsbp';

export interface FrameworkControl {
  /** Control id as the framework numbers it: `5.2`, `EC2.19`. */
  readonly id: string;
  readonly title: string;
}

export interface Framework {
  /** Id used in rule references: `cis-aws-foundations-3.0.0`, `aws-fsbp`. */
  readonly id: string;
  readonly name: string;
  readonly controls: readonly FrameworkControl[];
}

/** Reference to a CIS AWS Foundations Benchmark v3.0.0 control. */
export const cis = (control: string): FrameworkReference => ({ framework: CIS_AWS_FOUNDATIONS_3, control });
/** Reference to an AWS Foundational Security Best Practices control (Security Hub control id). */
export const fsbp = (control: string): FrameworkReference => ({ framework: AWS_FSBP, control });

export const CIS_AWS_FOUNDATIONS_BENCHMARK: Framework = {
  id: CIS_AWS_FOUNDATIONS_3,
  name: 'CIS AWS Foundations Benchmark v3.0.0',
  controls: [
    { id: '1.4', title: "Ensure no 'root' user account access key exists" },
    { id: '1.5', title: "Ensure MFA is enabled for the 'root' user account" },
    { id: '1.10', title: 'Ensure MFA is enabled for all IAM users that have a console password' },
    { id: '1.12', title: 'Ensure credentials unused for 45 days or greater are disabled' },
    { id: '1.14', title: 'Ensure access keys are rotated every 90 days or less' },
    {
      id: '2.1.4',
      title: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
    },
    { id: '2.2.1', title: 'Ensure EBS volume encryption is enabled in all regions' },
    { id: '2.3.1', title: 'Ensure that encryption-at-rest is enabled for RDS instances' },
    { id: '2.3.3', title: 'Ensure that public access is not given to RDS instances' },
    { id: '3.1', title: 'Ensure CloudTrail is enabled in all regions' },
    {
      id: '5.2',
      title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports',
    },
    {
      id: '5.3',
      title: 'Ensure no security groups allow ingress from ::/0 to remote server administration ports',
    },
    { id: '5.4', title: 'Ensure the default security group of every VPC restricts all traffic' },
    { id: '5.6', title: 'Ensure that EC2 Metadata Service only allows IMDSv2' },
  ],
};

export const AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES: Framework = {
  id: AWS_FSBP,
  name: 'AWS Foundational Security Best Practices v1.0.0',
  controls: [
    {
      id: 'CloudTrail.1',
      title: 'CloudTrail should be enabled and configured with at least one multi-Region trail',
    },
    { id: 'EC2.1', title: 'Amazon EBS snapshots should not be publicly restorable' },
    { id: 'EC2.2', title: 'VPC default security groups should not allow inbound or outbound traffic' },
    { id: 'EC2.3', title: 'Attached Amazon EBS volumes should be encrypted at-rest' },
    { id: 'EC2.7', title: 'EBS default encryption should be enabled' },
    { id: 'EC2.8', title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)' },
    {
      id: 'EC2.18',
      title: 'Security groups should only allow unrestricted incoming traffic for authorized ports',
    },
    { id: 'EC2.19', title: 'Security groups should not allow unrestricted access to ports with high risk' },
    { id: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less" },
    { id: 'IAM.4', title: 'IAM root user access key should not exist' },
    { id: 'RDS.1', title: 'RDS snapshot should be private' },
    { id: 'RDS.2', title: 'RDS DB instances should prohibit public access' },
    { id: 'RDS.3', title: 'RDS DB instances should have encryption at-rest enabled' },
    { id: 'RDS.4', title: 'RDS cluster snapshots and database snapshots should be encrypted at rest' },
    { id: 'RDS.5', title: 'RDS DB instances should be configured with multiple Availability Zones' },
    { id: 'RDS.11', title: 'RDS instances should have automatic backups enabled' },
    { id: 'S3.2', title: 'S3 general purpose buckets should block public read access' },
    { id: 'S3.8', title: 'S3 general purpose buckets should block public access' },
  ],
};

export const FRAMEWORKS: readonly Framework[] = [
  CIS_AWS_FOUNDATIONS_BENCHMARK,
  AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES,
];

/** The framework with this id, if HostMaster knows it. */
export function frameworkById(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
