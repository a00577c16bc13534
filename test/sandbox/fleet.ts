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

type DomainOption = (typeof ResourceDataSchema.options)[number];
/** One resource of the fleet: the domain shape with its native id and, optionally, a usage profile. */
export type FleetResource = Omit<ResourceData, 'id' | 'accountId' | 'region'> & {
  id: string;
  region: string;
  usage?: z.infer<typeof UsageProfileSchema>;
};

export const FleetResourceSchema = z.discriminatedUnion(
  'type',
  ResourceDataSchema.options.map((o: DomainOption) =>
    o.omit({ accountId: true }).extend(fleetResourceExtras),
  ) as unknown as [DomainOption, ...DomainOption[]],
) as unknown as z.ZodType<FleetResource>;

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
  resources: z.array(FleetResourceSchema).default([]),
});

export const FleetSchema = z.object({
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
  /** Injected faults (latency, throttling, 5xx, AccessDenied, slow pages): see `faults.ts`. */
  faults: z.record(z.string(), z.unknown()).optional(),
  /** Cost history parameters: see the cost issue. */
  costs: z.record(z.string(), z.unknown()).optional(),
});

export type Fleet = z.infer<typeof FleetSchema>;
export type FleetAccount = z.infer<typeof FleetAccountSchema>;
