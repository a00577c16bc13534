/**
 * The domain model shared by collectors, stores, analyzers, the API and the dashboard.
 *
 * Schemas are the single source: types are inferred from them, and stores parse items back through
 * them instead of casting. Attribute shapes are typed per resource type (a discriminated union on
 * `type`), so rules narrow with `resource.type === 'ec2:instance'` and get typed attributes.
 */
import { z } from 'zod';

/** 12-digit AWS account id. */
export const AccountIdSchema = z.string().regex(/^\d{12}$/, 'an AWS account id has 12 digits');
export type AccountId = z.infer<typeof AccountIdSchema>;

/** Region name such as `eu-west-1`, or `global` for global services (IAM, S3 listing, account summary). */
export const RegionSchema = z
  .string()
  .regex(/^(global|[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d)$/, 'not a region name');
export const GLOBAL_REGION = 'global';

const isoDate = z.iso.datetime({ offset: true });
const tags = z.record(z.string(), z.string());

const SecurityGroupRuleSchema = z.object({
  /** `-1` means all protocols. */
  protocol: z.string(),
  fromPort: z.number().int().optional(),
  toPort: z.number().int().optional(),
  ipv4Ranges: z.array(z.string()),
  ipv6Ranges: z.array(z.string()),
  sourceGroupIds: z.array(z.string()),
  prefixListIds: z.array(z.string()),
});
export type SecurityGroupRule = z.infer<typeof SecurityGroupRuleSchema>;

const StatusCheckSchema = z.enum(['ok', 'impaired', 'initializing', 'insufficient-data', 'not-applicable']);

export const InstanceAttributesSchema = z.object({
  instanceType: z.string(),
  launchTime: isoDate,
  availabilityZone: z.string(),
  imageId: z.string(),
  platform: z.string().optional(),
  architecture: z.string().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  privateIpAddress: z.string().optional(),
  publicIpAddress: z.string().optional(),
  securityGroupIds: z.array(z.string()),
  volumeIds: z.array(z.string()),
  /** IMDSv2 enforced (`HttpTokens: required`). */
  imdsV2Required: z.boolean(),
  iamInstanceProfileArn: z.string().optional(),
  /** Why the instance last changed state, as EC2 reports it (`StateTransitionReason`). */
  stateReason: z.string().optional(),
  /** From DescribeInstanceStatus; absent when the instance is not running. */
  statusChecks: z.object({ system: StatusCheckSchema, instance: StatusCheckSchema }).optional(),
  /** `ebs` or `instance-store`: an instance-store-backed instance cannot be stopped. @default 'ebs' */
  rootDeviceType: z.enum(['ebs', 'instance-store']).optional(),
  /** Launched with hibernation enabled (`HibernationOptions.Configured`), so a stop may hibernate it. */
  hibernationEnabled: z.boolean().optional(),
});

export const VolumeAttributesSchema = z.object({
  volumeType: z.string(),
  sizeGiB: z.number(),
  iops: z.number().optional(),
  throughputMiBps: z.number().optional(),
  encrypted: z.boolean(),
  /** The KMS key of an encrypted volume: an instance starts only if its role may use the key. */
  kmsKeyId: z.string().optional(),
  availabilityZone: z.string(),
  createTime: isoDate,
  snapshotId: z.string().optional(),
  attachments: z.array(
    z.object({ instanceId: z.string(), device: z.string(), deleteOnTermination: z.boolean() }),
  ),
});

export const SnapshotAttributesSchema = z.object({
  volumeId: z.string().optional(),
  volumeSizeGiB: z.number(),
  encrypted: z.boolean(),
  /** The KMS key of an encrypted snapshot (the source volume's). */
  kmsKeyId: z.string().optional(),
  startTime: isoDate,
  description: z.string().optional(),
  /** Restorable by everyone (`createVolumePermission` group `all`). */
  public: z.boolean(),
  storageTier: z.string().optional(),
});

export const ElasticIpAttributesSchema = z.object({
  publicIp: z.string(),
  allocationId: z.string(),
  domain: z.string(),
  associationId: z.string().optional(),
  instanceId: z.string().optional(),
  networkInterfaceId: z.string().optional(),
});

export const ImageAttributesSchema = z.object({
  creationDate: isoDate,
  public: z.boolean(),
  architecture: z.string().optional(),
  snapshotIds: z.array(z.string()),
});

export const VpcAttributesSchema = z.object({ cidrBlock: z.string(), isDefault: z.boolean() });

export const SubnetAttributesSchema = z.object({
  vpcId: z.string(),
  cidrBlock: z.string(),
  availabilityZone: z.string(),
  availableIpAddressCount: z.number().int(),
  mapPublicIpOnLaunch: z.boolean(),
});

export const SecurityGroupAttributesSchema = z.object({
  groupId: z.string(),
  vpcId: z.string().optional(),
  description: z.string(),
  isDefault: z.boolean(),
  ingress: z.array(SecurityGroupRuleSchema),
  egress: z.array(SecurityGroupRuleSchema),
});

export const NatGatewayAttributesSchema = z.object({
  vpcId: z.string(),
  subnetId: z.string(),
  connectivityType: z.string(),
  publicIps: z.array(z.string()),
  createTime: isoDate,
});

export const LoadBalancerAttributesSchema = z.object({
  kind: z.enum(['application', 'network', 'gateway', 'classic']),
  scheme: z.string(),
  dnsName: z.string(),
  vpcId: z.string().optional(),
  createdTime: isoDate,
  securityGroupIds: z.array(z.string()),
  /** ALB/NLB: the target groups that route to it. */
  targetGroupArns: z.array(z.string()),
  /** Classic: registered instances and their health (DescribeInstanceHealth). */
  instances: z.array(z.object({ instanceId: z.string(), state: z.string() })),
});

export const TargetGroupAttributesSchema = z.object({
  protocol: z.string().optional(),
  port: z.number().int().optional(),
  targetType: z.string(),
  loadBalancerArns: z.array(z.string()),
  targets: z.array(
    z.object({
      id: z.string(),
      port: z.number().int().optional(),
      /** healthy | unhealthy | initial | draining | unused | unavailable */
      health: z.string(),
      reason: z.string().optional(),
    }),
  ),
});

export const DbInstanceAttributesSchema = z.object({
  engine: z.string(),
  engineVersion: z.string(),
  instanceClass: z.string(),
  storageType: z.string(),
  allocatedStorageGiB: z.number(),
  storageEncrypted: z.boolean(),
  publiclyAccessible: z.boolean(),
  multiAz: z.boolean(),
  backupRetentionDays: z.number().int(),
  latestRestorableTime: isoDate.optional(),
  availabilityZone: z.string().optional(),
  createTime: isoDate.optional(),
  deletionProtection: z.boolean(),
  dbiResourceId: z.string(),
  securityGroupIds: z.array(z.string()),
  /** The Aurora cluster this instance is a member of (the cluster is what starts and stops). */
  dbClusterIdentifier: z.string().optional(),
  /** The instance this one is a read replica of (`ReadReplicaSourceDBInstanceIdentifier`). */
  readReplicaSource: z.string().optional(),
  /** Its own read replicas (`ReadReplicaDBInstanceIdentifiers`); RDS stops neither side of a replication. */
  readReplicas: z.array(z.string()).optional(),
});

/** An Aurora DB cluster (`DescribeDBClusters`); its members are `rds:db-instance` resources. */
export const DbClusterAttributesSchema = z.object({
  engine: z.string(),
  engineVersion: z.string(),
  /** DB instance identifiers of the members, the writer first. */
  members: z.array(z.object({ dbInstanceIdentifier: z.string(), writer: z.boolean() })),
  storageEncrypted: z.boolean(),
  multiAz: z.boolean(),
  backupRetentionDays: z.number().int(),
  deletionProtection: z.boolean(),
  createTime: isoDate.optional(),
  dbClusterResourceId: z.string(),
});

/** An EC2 Auto Scaling group (`DescribeAutoScalingGroups`). */
export const AutoScalingGroupAttributesSchema = z.object({
  minSize: z.number().int().nonnegative(),
  maxSize: z.number().int().nonnegative(),
  desiredCapacity: z.number().int().nonnegative(),
  /** Instance ids in the group with their lifecycle state (`InService`, `Pending`, ...). */
  instances: z.array(z.object({ instanceId: z.string(), lifecycleState: z.string() })),
  availabilityZones: z.array(z.string()),
  createTime: isoDate.optional(),
});

export const DbSnapshotAttributesSchema = z.object({
  dbInstanceIdentifier: z.string(),
  snapshotType: z.string(),
  engine: z.string(),
  encrypted: z.boolean(),
  /** Restorable by everyone (`restore` attribute contains `all`). */
  public: z.boolean(),
  allocatedStorageGiB: z.number(),
  createTime: isoDate.optional(),
});

export const BucketAttributesSchema = z.object({
  creationDate: isoDate,
  /** Null when the bucket has no public access block at all. */
  publicAccessBlock: z
    .object({
      blockPublicAcls: z.boolean(),
      ignorePublicAcls: z.boolean(),
      blockPublicPolicy: z.boolean(),
      restrictPublicBuckets: z.boolean(),
    })
    .nullable(),
  /** Null when the bucket has no policy. */
  policyIsPublic: z.boolean().nullable(),
  /** SSE algorithm (`AES256`, `aws:kms`, ...) or null when none is configured. */
  defaultEncryption: z.string().nullable(),
  versioning: z.enum(['Enabled', 'Suspended', 'Disabled']),
});

export const IamUserAttributesSchema = z.object({
  userId: z.string().optional(),
  createDate: isoDate,
  /** Has a console password (login profile). */
  passwordEnabled: z.boolean(),
  passwordLastUsed: isoDate.optional(),
  mfaActive: z.boolean(),
  accessKeys: z.array(
    z.object({
      /** Slot 1 or 2 in the credential report; the key id is not in it. */
      id: z.string(),
      active: z.boolean(),
      lastRotated: isoDate,
      lastUsed: isoDate.optional(),
    }),
  ),
});

/** Account-wide settings read once per account (`iam:GetAccountSummary`, credential report root row). */
export const AccountSummaryAttributesSchema = z.object({
  rootMfaEnabled: z.boolean(),
  rootAccessKeysPresent: z.boolean(),
});

/** Per-region EC2 account settings (`GetEbsEncryptionByDefault`). */
export const EbsEncryptionDefaultAttributesSchema = z.object({ enabled: z.boolean() });

export const TrailAttributesSchema = z.object({
  homeRegion: z.string(),
  isMultiRegion: z.boolean(),
  isLogging: z.boolean(),
  s3BucketName: z.string().optional(),
  logFileValidationEnabled: z.boolean(),
});

const base = {
  /** Stable id: the ARN. */
  id: z.string().min(1),
  accountId: AccountIdSchema,
  region: RegionSchema,
  name: z.string(),
  /** Lifecycle state as AWS reports it (`running`, `available`, `in-use`, ...); `active` where AWS has none. */
  state: z.string(),
  tags,
};

export const ResourceDataSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('ec2:instance'), attributes: InstanceAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:volume'), attributes: VolumeAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:snapshot'), attributes: SnapshotAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:elastic-ip'), attributes: ElasticIpAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:image'), attributes: ImageAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:vpc'), attributes: VpcAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:subnet'), attributes: SubnetAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:security-group'), attributes: SecurityGroupAttributesSchema }),
  z.object({ ...base, type: z.literal('ec2:nat-gateway'), attributes: NatGatewayAttributesSchema }),
  z.object({
    ...base,
    type: z.literal('ec2:ebs-encryption-default'),
    attributes: EbsEncryptionDefaultAttributesSchema,
  }),
  z.object({ ...base, type: z.literal('elb:load-balancer'), attributes: LoadBalancerAttributesSchema }),
  z.object({ ...base, type: z.literal('elb:target-group'), attributes: TargetGroupAttributesSchema }),
  z.object({ ...base, type: z.literal('rds:db-instance'), attributes: DbInstanceAttributesSchema }),
  z.object({ ...base, type: z.literal('rds:db-snapshot'), attributes: DbSnapshotAttributesSchema }),
  z.object({ ...base, type: z.literal('rds:db-cluster'), attributes: DbClusterAttributesSchema }),
  z.object({
    ...base,
    type: z.literal('autoscaling:group'),
    attributes: AutoScalingGroupAttributesSchema,
  }),
  z.object({ ...base, type: z.literal('s3:bucket'), attributes: BucketAttributesSchema }),
  z.object({ ...base, type: z.literal('iam:user'), attributes: IamUserAttributesSchema }),
  z.object({ ...base, type: z.literal('iam:account-summary'), attributes: AccountSummaryAttributesSchema }),
  z.object({ ...base, type: z.literal('cloudtrail:trail'), attributes: TrailAttributesSchema }),
]);

/** What a collector produces: a resource as AWS describes it now, without HostMaster's bookkeeping. */
export type ResourceData = z.infer<typeof ResourceDataSchema>;
export type ResourceType = ResourceData['type'];
export const RESOURCE_TYPES = ResourceDataSchema.options.map((o) => o.shape.type.value) as ResourceType[];
export type ResourceOf<T extends ResourceType> = Extract<Resource, { type: T }>;

/** HostMaster's bookkeeping around a collected resource. */
export const ResourceMetaSchema = z.object({
  firstSeen: isoDate,
  lastSeen: isoDate,
  /** Hash of the collected content (not of bookkeeping): equal hashes mean nothing to write. */
  contentHash: z.string(),
  /** Set when a successful collection of its type, account and region no longer returned it. */
  goneAt: isoDate.optional(),
  /** Epoch seconds after which storage may forget a gone resource (DynamoDB TTL); set with `goneAt`. */
  expiresAt: z.number().int().positive().optional(),
});

export const ResourceSchema = z.intersection(ResourceDataSchema, ResourceMetaSchema);
/** A stored resource: collected data plus bookkeeping. */
export type Resource = ResourceData & z.infer<typeof ResourceMetaSchema>;

export const ScanStatusSchema = z.enum(['succeeded', 'partial', 'failed']);
export type ScanStatus = z.infer<typeof ScanStatusSchema>;

/** One collection of one (account, region): what ran, what it found, what failed and why. */
export const ScanRunSchema = z.object({
  scanId: z.string(),
  accountId: AccountIdSchema,
  /** The account's name when the plan knew it (Organizations or the registered list). */
  accountName: z.string().min(1).optional(),
  region: RegionSchema,
  startedAt: isoDate,
  finishedAt: isoDate,
  durationMs: z.number().nonnegative(),
  status: ScanStatusSchema,
  /** Resources returned per type by collectors that succeeded. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  changes: z.object({
    added: z.number().int(),
    updated: z.number().int(),
    gone: z.number().int(),
    unchanged: z.number().int(),
  }),
  apiCalls: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  /** One entry per collector (or the whole job) that failed: never silent. */
  errors: z.array(z.object({ collector: z.string(), code: z.string(), message: z.string() })),
  /** Types whose every collector succeeded (so their absence means gone); absent on older runs. */
  collectedTypes: z.array(z.string()).optional(),
});
export type ScanRun = z.infer<typeof ScanRunSchema>;

/**
 * Severities from the most to the least urgent: the one order every sort, count and column uses. The
 * dashboard cannot bundle this module (zod), so it declares its list typed as `typeof SEVERITY_ORDER`,
 * which makes any drift in names or order a compile error.
 */
export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export const SeveritySchema = z.enum(SEVERITY_ORDER);
export type Severity = z.infer<typeof SeveritySchema>;

/** Sorts most urgent first: a negative number when `a` is more urgent than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b);
}

/** A zero count for every severity, in `SEVERITY_ORDER`. */
export function zeroPerSeverity(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, informational: 0 };
}
export const FindingCategorySchema = z.enum(['cost', 'security', 'reliability', 'compliance']);
export type FindingCategory = z.infer<typeof FindingCategorySchema>;

/** A framework control a rule evidences, e.g. `{ framework: 'cis-aws-foundations-3.0', control: '5.2' }`. */
export const FrameworkReferenceSchema = z.object({ framework: z.string(), control: z.string() });
export type FrameworkReference = z.infer<typeof FrameworkReferenceSchema>;

export const FindingStatusSchema = z.enum(['open', 'resolved', 'suppressed']);

export const FindingSchema = z.object({
  /** `${ruleId}|${resourceId}`: stable across scans. */
  id: z.string(),
  ruleId: z.string(),
  resourceId: z.string(),
  resourceType: z.string(),
  resourceName: z.string().optional(),
  accountId: AccountIdSchema,
  region: RegionSchema,
  category: FindingCategorySchema,
  severity: SeveritySchema,
  title: z.string(),
  /** Facts behind the verdict, as shown to a person (thresholds, observed values, prices used). */
  evidence: z.record(z.string(), z.unknown()),
  monthlySavingsUsd: z.number().nonnegative().optional(),
  references: z.array(FrameworkReferenceSchema),
  status: FindingStatusSchema,
  suppression: z.object({ reason: z.string(), expiresAt: isoDate, by: z.string() }).optional(),
  firstSeen: isoDate,
  lastSeen: isoDate,
  resolvedAt: isoDate.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** The id a finding keeps for the lifetime of its (rule, resource) pair. */
export function findingId(ruleId: string, resourceId: string): string {
  return `${ruleId}|${resourceId}`;
}
