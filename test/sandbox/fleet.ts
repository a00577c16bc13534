/**
 * The fleet file: the state of a simulated AWS organization that the sandbox serves.
 *
 * Resources are written in HostMaster's own domain shape (`type`, `name`, `state`, `tags`,
 * `attributes`) with their native id (`i-...`, `vol-...`, bucket name, user name, DB identifier);
 * the sandbox renders them in each service's wire format and composes the ARNs. A scan of a fleet
 * must therefore give back exactly the fleet's resources: that round trip is what the tests check.
 *
 * `fleet.schema.json` beside this file is generated from these schemas (`npm run fleet:schema`) and a
 * test keeps it in sync.
 */
import { z } from 'zod';
import { AccountIdSchema, type ResourceData, ResourceDataSchema } from '../../functions/domain/model';
import { FaultsSchema } from './faults';
import { strictDeep } from './strict-schema';

/** How a resource's CloudWatch metrics behave; the sandbox synthesizes series from it. */
export const UsageProfileSchema = z
  .enum(['idle', 'steady', 'business-hours', 'spiky'])
  .describe('Shape of the synthesized CloudWatch metrics for this resource.');

const fleetResourceExtras = {
  /** Native id: `i-...`, `vol-...`, `snap-...`, bucket name, user name, DB identifier, ... */
  id: z.string().min(1),
  /** Region the resource lives in; `global` for IAM and account-level items. */
  region: z.string(),
  usage: UsageProfileSchema.optional(),
};

/**
 * Instance attributes EC2 reports only through DescribeInstanceAttribute (not DescribeInstances), so
 * they are no part of the scanned domain shape; remediation's pre-flight reads them live.
 */
const instanceFleetExtras = {
  /** Stop protection: StopInstances fails with `OperationNotPermitted`. @default false */
  disableApiStop: z.boolean().optional(),
  /** Termination protection: TerminateInstances fails with `OperationNotPermitted`. @default false */
  disableApiTermination: z.boolean().optional(),
};
type InstanceFleetExtras = { [K in keyof typeof instanceFleetExtras]?: boolean };

type DomainOption = (typeof ResourceDataSchema.options)[number];
/**
 * One resource of the fleet: the domain shape with its native id and, optionally, a usage profile.
 * Distributes over the domain union, so `resource.type === 'ec2:instance'` narrows `attributes`.
 */
export type FleetResource = ResourceData extends infer R
  ? R extends ResourceData
    ? Omit<R, 'id' | 'accountId' | 'region'> & {
        id: string;
        region: string;
        usage?: z.infer<typeof UsageProfileSchema>;
      } & (R extends { type: 'ec2:instance' } ? InstanceFleetExtras : unknown)
    : never
  : never;

/** The fleet resource of one domain type. */
export type FleetResourceOf<T extends ResourceData['type']> = Extract<FleetResource, { type: T }>;

export const FleetResourceSchema = z.discriminatedUnion(
  'type',
  ResourceDataSchema.options.map((o: DomainOption) =>
    o
      .omit({ accountId: true })
      .extend(fleetResourceExtras)
      .extend(o.shape.type.value === 'ec2:instance' ? instanceFleetExtras : {}),
  ) as unknown as [DomainOption, ...DomainOption[]],
) as unknown as z.ZodType<FleetResource>;

/** A planted cost spike: extra spend on one day, for anomaly detection to find. */
export const CostSpikeSchema = z.object({
  /** Days before today (UTC) the spike lands on; 0 is today. */
  daysAgo: z.number().int().min(0).max(400),
  accountId: AccountIdSchema,
  /** Cost Explorer SERVICE value, e.g. `Amazon Elastic Compute Cloud - Compute`. */
  service: z.string().min(1),
  /** Region the spend is attributed to. @default the account's first region */
  region: z.string().optional(),
  /** Extra spend that day, USD. */
  usd: z.number().positive(),
});

/**
 * How the sandbox synthesizes cost history (Cost Explorer) and utilization (CloudWatch) from the
 * fleet's resources and the shipped price table. Every field has a default (see `costs.ts`).
 */
export const FleetCostsSchema = z.object({
  /** Seed of the daily noise. @default 1 */
  seed: z.number().int().optional(),
  /** Months of history before the current one Cost Explorer holds. @default 13 */
  historyMonths: z.number().int().min(1).max(14).optional(),
  /** Spend growth per month, percent: a month ago cost this much less. @default 2 */
  monthlyGrowthPercent: z.number().min(-50).max(100).optional(),
  /** Daily noise per (account, service), percent either side. @default 4 */
  noisePercent: z.number().min(0).max(50).optional(),
  /** Planted spikes. @default [] */
  spikes: z.array(CostSpikeSchema).optional(),
  /** Groups (one day × one group) per GetCostAndUsage page. @default 5000 */
  pageSize: z.number().int().min(1).max(100_000).optional(),
  /**
   * CPU percent the `steady` profile runs at, per resource native id (e.g. a planted oversized
   * instance). @default 40–65 %, chosen per resource from its id
   */
  usageLevels: z.record(z.string(), z.number().min(0).max(100)).optional(),
});
export type FleetCosts = z.infer<typeof FleetCostsSchema>;

/**
 * An EC2 launch template with its versions: only what pre-flight reads (the snapshots its block
 * device mappings launch from), served by DescribeLaunchTemplates and DescribeLaunchTemplateVersions.
 */
export const FleetLaunchTemplateSchema = z.object({
  /** `lt-` followed by 17 hex digits. */
  id: z.string().regex(/^lt-[0-9a-f]{17}$/),
  name: z.string().min(1),
  region: z.string(),
  /** @default 1 */
  defaultVersion: z.number().int().min(1).optional(),
  versions: z
    .array(
      z.object({
        versionNumber: z.number().int().min(1),
        /** Snapshots the version's block device mappings launch volumes from. @default [] */
        snapshotIds: z.array(z.string()).default([]),
      }),
    )
    .min(1),
});
export type FleetLaunchTemplate = z.infer<typeof FleetLaunchTemplateSchema>;

export const FleetAccountSchema = z.object({
  id: AccountIdSchema,
  name: z.string().min(1),
  email: z.string().optional(),
  /** Regions enabled (opted in) for this account; others answer as AWS answers for a disabled region. */
  regions: z.array(z.string()).min(1),
  /** ExternalId the member role's trust policy requires. */
  externalId: z.string().min(2),
  /** Name of the member scan role. @default 'HostMasterScanRole' */
  roleName: z.string().default('HostMasterScanRole'),
  /**
   * ExternalId the member remediation role (`HostMasterRemediationRole`) requires. Absent: the account
   * has not deployed the remediation role, so nothing in it can be remediated. @default undefined
   */
  remediationExternalId: z.string().min(2).optional(),
  /**
   * The account is in its member stack's `hostmaster:remediationAccounts` list (opted in as a whole):
   * its remediation role may change any resource in it, tagged or not, and what has no tag to
   * condition on (EBS encryption by default, bucket public access blocks). @default false
   */
  remediationAccountOptIn: z.boolean().optional(),
  resources: z.array(FleetResourceSchema).default([]),
  /**
   * KMS keys by key id (or ARN) whose state is not `Enabled`; a key not listed is enabled and usable.
   * `AccessDenied`: the key exists but its policy refuses HostMaster's role (no `kms:CreateGrant`).
   */
  kmsKeys: z
    .record(z.string(), z.enum(['Enabled', 'Disabled', 'PendingDeletion', 'AccessDenied']))
    .optional(),
  /** EC2 launch templates (not scanned: remediation's pre-flight reads them). @default [] */
  launchTemplates: z.array(FleetLaunchTemplateSchema).optional(),
});

/**
 * Strict at every level: a misspelled or unknown key is an error naming its path, never dropped.
 */
export const FleetSchema = strictDeep(
  z.object({
    $schema: z.string().optional(),
    /** Human description of what this fleet demonstrates. */
    description: z.string().optional(),
    organization: z.object({
      /** The payer / management account (Organizations, Cost Explorer). */
      managementAccountId: AccountIdSchema,
      /** The account HostMaster's hub runs in: its credentials are the ones that call AssumeRole. */
      hubAccountId: AccountIdSchema,
    }),
    /** Every region the partition offers (DescribeRegions with AllRegions). */
    regions: z.array(z.string()).min(1),
    accounts: z.array(FleetAccountSchema).min(1),
    /** Injected faults (latency, throttling, 5xx, AccessDenied, slow pages, empty pages): see `faults.ts`. */
    faults: FaultsSchema.optional(),
    /** Cost history and utilization parameters: see `FleetCostsSchema` and `costs.ts`. */
    costs: FleetCostsSchema.optional(),
  }),
);

export type Fleet = z.infer<typeof FleetSchema>;
export type FleetAccount = z.infer<typeof FleetAccountSchema>;
