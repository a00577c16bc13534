import { z } from 'zod';
import { AccountIdSchema, RegionSchema } from '../model';

/**
 * One unit of scanning (the state machine's `ScanJobInput`): every collector of one (account, region), or of an account's `global` scope.
 */
export const ScanJobSchema = z.object({
  scanId: z.string().min(1),
  accountId: AccountIdSchema,
  region: RegionSchema,
  /**
   * The account's name (Organizations' ListAccounts, or the registered list), carried so that its
   * ScanRuns and the API can show it. The plan always sets it, `null` when unknown, because the
   * state machine's Map selects it by path and a missing path would fail the execution.
   */
  accountName: z.string().min(1).nullable().optional(),
});
export type ScanJob = z.infer<typeof ScanJobSchema>;

/** What scan-plan returns and the state machine's Map iterates over. */
export const ScanPlanSchema = z.object({
  scanId: z.string().min(1),
  jobs: z.array(ScanJobSchema),
});
export type ScanPlan = z.infer<typeof ScanPlanSchema>;
