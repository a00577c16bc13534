/**
 * The member remediation role's contract, in one place: the CDK construct builds the role's policy
 * from it, the hub's executors assume the role by its name, and the sandbox enforces the same action
 * list and tag condition, so what the tests prove is what the deployed policy says.
 *
 * Issue 12 (scheduling) adds EC2/RDS start/stop and `kms:CreateGrant` here, not in the construct.
 */

/** Name of the write role in every member account; separate from the read-only scan role. */
export const MEMBER_REMEDIATION_ROLE_NAME = 'HostMasterRemediationRole';

/** Name of the hub role the remediation executors run as: it may assume only the member remediation role. */
export const HUB_REMEDIATION_ROLE_NAME = 'HostMasterHubRemediationRole';

/** CDK context key of the remediation role's own ExternalId (never the scan role's). */
export const REMEDIATION_EXTERNAL_ID_CONTEXT = 'hostmaster:remediationExternalId';

/** The opt-in tag: the role acts only on resources that carry it with this value. */
export const REMEDIATION_TAG = { key: 'hostmaster:remediation', value: 'allow' } as const;

/**
 * Write actions the role may call, each allowed only when the resource it acts on carries
 * {@link REMEDIATION_TAG} (`aws:ResourceTag/hostmaster:remediation = allow`).
 */
export const TAGGED_WRITE_ACTIONS = [
  'ec2:StopInstances',
  'ec2:StartInstances',
  'ec2:DeleteVolume',
  'ec2:ModifyVolume',
  'ec2:ReleaseAddress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:DeleteSnapshot',
  'ec2:CreateSnapshot',
  'rds:StopDBInstance',
  'rds:StartDBInstance',
  'rds:CreateDBSnapshot',
] as const;

/**
 * Writes to what has no tag to condition on, allowed only in accounts opted in as a whole (context
 * `hostmaster:remediationAccounts`, the same list on hub and members): the per-region EBS
 * encryption-by-default setting has no ARN and no tags, and S3 general purpose buckets honour
 * `aws:ResourceTag` only once their owner enabled ABAC on each bucket (PutBucketAbac; off by
 * default), so a tag condition would refuse nearly every bucket. `s3:PutBucketPublicAccessBlock`
 * also authorizes DeletePublicAccessBlock (the undo of a bucket that had no block).
 */
export const ACCOUNT_WRITE_ACTIONS = [
  'ec2:EnableEbsEncryptionByDefault',
  'ec2:DisableEbsEncryptionByDefault',
  's3:PutBucketPublicAccessBlock',
] as const;

/** Resource types the role reaches only through {@link ACCOUNT_WRITE_ACTIONS}: opted in with their account. */
export const ACCOUNT_OPT_IN_RESOURCE_TYPES = ['ec2:ebs-encryption-default', 's3:bucket'] as const;

/**
 * Writes that create a resource (a backup snapshot, a volume restored by undo): allowed only when the
 * request tags the new resource with {@link REMEDIATION_TAG} (`aws:RequestTag`), so whatever the role
 * creates it may later act on, and nothing else.
 */
export const CREATE_WRITE_ACTIONS = [
  'ec2:CreateSnapshot',
  'ec2:CreateVolume',
  'rds:CreateDBSnapshot',
] as const;

/** `ec2:CreateTags`, allowed only as part of those creations (`ec2:CreateAction`). */
export const CREATE_TAG_ACTIONS = ['CreateSnapshot', 'CreateVolume'] as const;

/** Reads the executors make for pre-flight and verification (no resource-level permissions exist for them). */
export const REMEDIATION_READ_ACTIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeVolumes',
  'ec2:DescribeSnapshots',
  'ec2:DescribeAddresses',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceAttribute',
  'ec2:DescribeLaunchTemplates',
  'ec2:DescribeLaunchTemplateVersions',
  'kms:DescribeKey',
  'rds:DescribeDBInstances',
  'rds:DescribeDBSnapshots',
  'ec2:GetEbsEncryptionByDefault',
  's3:ListAllMyBuckets',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketPolicyStatus',
  's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning',
  's3:GetBucketTagging',
] as const;

export type RemediationWriteAction =
  | (typeof TAGGED_WRITE_ACTIONS)[number]
  | (typeof CREATE_WRITE_ACTIONS)[number]
  | (typeof ACCOUNT_WRITE_ACTIONS)[number];

/** Names of the remediation state machine's task states (the local runner maps handlers by them). */
export const REMEDIATION_STATES = {
  check: 'CheckItem',
  decide: 'DecideApproval',
  approval: 'AwaitApproval',
  expire: 'ExpireRequest',
  backup: 'BackupItem',
  backupStatus: 'CheckBackup',
  act: 'ActOnItem',
  verify: 'VerifyItem',
  itemFailed: 'RecordItemFailure',
  finish: 'FinishRequest',
  failRequest: 'RecordRequestFailure',
} as const;

/** The Wait state between a pending backup and its next check (the local runner shortens it). */
export const REMEDIATION_BACKUP_WAIT_STATE = 'WaitForBackup';

/**
 * How long an item waits for its backup (an EBS or DB snapshot) to become usable, counted from the
 * backup call. Step Functions does the waiting (a Wait state between single checks, free of Lambda
 * time); past this the item fails with nothing changed and the snapshot is left to finish. The first
 * snapshot of a large volume or a DB snapshot can take hours; a day bounds a stuck one.
 */
export const BACKUP_DEADLINE_HOURS = 24;

/** What the state machine is started with. */
export interface RemediationExecutionInput {
  readonly remediationId: string;
  /** Ids of the request's items (`0`, `1`, ...); the per-item states take one each. */
  readonly itemIds: readonly string[];
}

/** Every remediation step Lambda takes `{ step, remediationId, itemId? }` and returns a small result. */
export type RemediationStepName =
  | 'check'
  | 'decide'
  | 'request-approval'
  | 'expire'
  | 'backup'
  | 'backup-status'
  | 'act'
  | 'verify'
  | 'item-failed'
  | 'finish'
  | 'request-failed';

/** The error the approval step fails with when a person rejects the request (SendTaskFailure). */
export const REMEDIATION_REJECTED_ERROR = 'RemediationRejected';
