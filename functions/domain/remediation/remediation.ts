/**
 * A remediation request and its items. One request applies one action to one or many findings (a
 * bulk request is the same thing with more items); each item keeps its own plan, its own steps and
 * its own result, so one item's failure never half-does or hides another.
 */
import { z } from 'zod';
import { AccountIdSchema, RegionSchema, ResourceDataSchema } from '../model';

const isoDate = z.iso.datetime({ offset: true });

/** One exact API call, as it would be sent (SDK input shape, PascalCase members). */
export const ApiCallSchema = z.object({
  service: z.enum(['ec2', 'rds', 's3']),
  /** SDK command name without `Command`: `DeleteVolume`, `StopInstances`, ... */
  action: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  /**
   * Output members kept as the item's backup record (`{ snapshotId: 'SnapshotId' }`), for undo; a
   * dotted path reaches a nested member (`DBSnapshot.DBSnapshotIdentifier`).
   */
  capture: z.record(z.string(), z.string()).optional(),
  /** Whether the API takes `DryRun` (EC2 does): the dry-run step then sends it for real with `DryRun: true`. */
  dryRunnable: z.boolean().optional(),
});
export type ApiCall = z.infer<typeof ApiCallSchema>;

export const RemediationStatusSchema = z.enum([
  'requested',
  'awaiting-approval',
  'running',
  'succeeded',
  'failed',
  'undone',
  'expired',
  'refused',
  'rejected',
]);
export type RemediationStatus = z.infer<typeof RemediationStatusSchema>;

export const ItemStatusSchema = z.enum([
  /** Waiting for its pre-flight check. */
  'pending',
  /** Passed pre-flight and dry-run; waiting for approval or its turn. */
  'ready',
  /** Pre-flight or dry-run said no: nothing was changed. */
  'refused',
  'running',
  'succeeded',
  /** Something failed after the dry-run: see the steps for what was done and what was not. */
  'failed',
  /** The request expired or was rejected before this item ran: nothing was changed. */
  'skipped',
  'undone',
]);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

export const StepNameSchema = z.enum([
  'request',
  'preflight',
  'dry-run',
  'approval',
  'backup',
  'act',
  'verify',
  'notify',
]);
export type StepName = z.infer<typeof StepNameSchema>;

/** One audited step of an item (or of the whole request, for approval and notification). */
export const StepSchema = z.object({
  name: StepNameSchema,
  status: z.enum(['succeeded', 'failed', 'skipped']),
  at: isoDate,
  /** What happened, for a person. */
  detail: z.string(),
  /** The calls made (or, for the dry-run, that would be made). */
  calls: z.array(ApiCallSchema).optional(),
  /** Pre-flight checks and their verdicts. */
  checks: z.array(z.object({ id: z.string(), passed: z.boolean(), detail: z.string() })).optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const RemediationItemSchema = z.object({
  remediationId: z.string(),
  /** `0`, `1`, ...: the position in the request. */
  itemId: z.string(),
  findingId: z.string(),
  ruleId: z.string(),
  resourceId: z.string(),
  resourceType: z.string(),
  resourceName: z.string().optional(),
  accountId: AccountIdSchema,
  region: RegionSchema,
  status: ItemStatusSchema,
  /** The resource as pre-flight described it just before the change: what undo restores. */
  before: ResourceDataSchema.optional(),
  /** The plan shown in the preview; re-planned from the live resource at pre-flight. */
  backupCalls: z.array(ApiCallSchema),
  actCalls: z.array(ApiCallSchema),
  /** Values captured from the backup calls (the snapshot id, the released address, ...). */
  backup: z.record(z.string(), z.string()).optional(),
  /** When the backup calls were sent: the workflow waits for the backup from then, up to its deadline. */
  backupRequestedAt: isoDate.optional(),
  /** Calls that undo this item, known once the backup is taken; absent when not undoable. */
  undoCalls: z.array(ApiCallSchema).optional(),
  expectedMonthlySavingsUsd: z.number().nonnegative().optional(),
  steps: z.array(StepSchema),
  error: z.string().optional(),
  updatedAt: isoDate,
});
export type RemediationItem = z.infer<typeof RemediationItemSchema>;

export const ApprovalSchema = z.object({
  required: z.boolean(),
  /** When required: the request expires unapproved at this time. */
  expiresAt: isoDate.optional(),
  decision: z.enum(['approved', 'rejected']).optional(),
  decidedBy: z.string().optional(),
  decidedAt: isoDate.optional(),
  reason: z.string().optional(),
  /** Where the decision was made: absent means the dashboard's request page. */
  via: z.enum(['dashboard', 'emailed-link']).optional(),
});

export const RemediationSchema = z.object({
  id: z.string(),
  actionId: z.string(),
  /** `fix` applies the action; `undo` reverses the items of an earlier request (`undoOf`). */
  kind: z.enum(['fix', 'undo']),
  undoOf: z.string().optional(),
  status: RemediationStatusSchema,
  destructive: z.boolean(),
  requestedBy: z.string(),
  requestedAt: isoDate,
  reason: z.string(),
  approval: ApprovalSchema,
  counts: z.object({
    items: z.number().int().nonnegative(),
    succeeded: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
  expectedMonthlySavingsUsd: z.number().nonnegative(),
  /** Set once any item's undo has been requested. */
  undoneBy: z.string().optional(),
  updatedAt: isoDate,
  finishedAt: isoDate.optional(),
  /** Why the request as a whole failed or was refused, for a person. */
  summary: z.string().optional(),
});
export type Remediation = z.infer<typeof RemediationSchema>;

/** A request with its items, as the API returns it. */
export interface RemediationDetail {
  readonly remediation: Remediation;
  readonly items: readonly RemediationItem[];
}

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: ReadonlySet<RemediationStatus> = new Set([
  'succeeded',
  'failed',
  'undone',
  'expired',
  'refused',
  'rejected',
]);
