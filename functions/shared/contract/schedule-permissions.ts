/**
 * What the scheduler (issue 12) needs of the member remediation role (issue 11,
 * `HostMasterRemediationRole`): one list, so the role's policy is built from it and cannot drift from
 * what the executors call. The scheduler reuses that role and its ExternalId; it has none of its own.
 */

/** The tag by which a resource opts in to HostMaster's changes (remediations and schedules). */
export const REMEDIATION_OPT_IN_TAG = 'hostmaster:remediation';

/** Name of the member role schedules act through (built by the remediation work). */
export const REMEDIATION_ROLE_NAME = 'HostMasterRemediationRole';

export interface SchedulePermission {
  readonly actions: readonly string[];
  /** Why the scheduler calls them. */
  readonly why: string;
  /**
   * Restrict to resources that opted in by tag (`aws:ResourceTag/hostmaster:remediation = allow`).
   * Describe calls cannot be restricted by tag (they take no resource), so they are not.
   */
  readonly optInTagCondition: boolean;
  /** A `kms:ViaService` condition: the key may be used only by EC2 on the instance's behalf. */
  readonly viaService?: 'ec2';
}

export const SCHEDULE_PERMISSIONS: readonly SchedulePermission[] = [
  {
    actions: [
      'ec2:DescribeInstances',
      'ec2:DescribeVolumes',
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'autoscaling:DescribeAutoScalingGroups',
      'kms:DescribeKey',
    ],
    why: 'observe the live state of scheduled resources and check their volumes’ keys before a start',
    optInTagCondition: false,
  },
  {
    actions: ['ec2:StartInstances', 'ec2:StopInstances'],
    why: 'start and stop (or hibernate) scheduled EC2 instances',
    optInTagCondition: true,
  },
  {
    actions: ['rds:StartDBInstance', 'rds:StopDBInstance'],
    why: 'start and stop scheduled RDS DB instances (and stop again after RDS’s seven-day automatic start)',
    optInTagCondition: true,
  },
  {
    actions: ['rds:StartDBCluster', 'rds:StopDBCluster'],
    why: 'start and stop scheduled Aurora DB clusters with their members (and stop again after the seven-day automatic start)',
    optInTagCondition: true,
  },
  {
    actions: [
      'autoscaling:UpdateAutoScalingGroup',
      'autoscaling:CreateOrUpdateTags',
      'autoscaling:DeleteTags',
    ],
    why: 'scale scheduled Auto Scaling groups to 0 and back, keeping their sizes in the hostmaster:schedule-saved tag',
    optInTagCondition: true,
  },
  {
    // Instance Scheduler on AWS #139, #504: without it, a start of an instance whose EBS volumes use a
    // customer-managed key is accepted and then fails into `stopped` with Client.InternalError.
    actions: ['kms:CreateGrant'],
    why: 'let EC2 attach encrypted volumes when it starts an instance on HostMaster’s behalf',
    optInTagCondition: false,
    viaService: 'ec2',
  },
];

/** Every IAM action the scheduler calls, sorted. */
export const SCHEDULE_ACTIONS: readonly string[] = [
  ...new Set(SCHEDULE_PERMISSIONS.flatMap((p) => p.actions)),
].sort();
