/**
 * A scan as a whole: the (account, region) jobs its plan scheduled, the status each job reported,
 * and whether it finished. A scan whose execution crashed or timed out leaves jobs that never ran;
 * it must say so rather than look complete (issue 10: 2 of 12 jobs ran, all "succeeded").
 */
import { z } from 'zod';
import { AccountIdSchema, RegionSchema, type ScanStatus, ScanStatusSchema } from '../model';

const isoDate = z.iso.datetime({ offset: true });

export const ScanRecordSchema = z.object({
  scanId: z.string().min(1),
  /** When the plan was made. */
  plannedAt: isoDate,
  /** When the execution times out: jobs that have not reported by then never will. */
  deadline: isoDate,
  /** `schedule` or `api`. */
  trigger: z.string().optional(),
  requestedBy: z.string().optional(),
  /** Regions planned per account (`global` included). */
  planned: z.record(AccountIdSchema, z.array(RegionSchema)),
  /** The latest status each job reported, by `<accountId>#<region>`. */
  reported: z.record(z.string(), ScanStatusSchema),
  /** When the last step (the analysis) started: every job had its turn by then. */
  finishedAt: isoDate.optional(),
});
export type ScanRecord = z.infer<typeof ScanRecordSchema>;

/** `running` while jobs may still report; `incomplete` when some never ran; else the worst job status. */
export type ScanProgressStatus = 'running' | 'incomplete' | ScanStatus;

export interface ScanProgress {
  readonly scanId: string;
  readonly status: ScanProgressStatus;
  readonly plannedAt: string;
  readonly deadline: string;
  readonly finishedAt?: string;
  readonly trigger?: string;
  readonly requestedBy?: string;
  readonly plannedJobs: number;
  readonly reportedJobs: number;
  /** Jobs that have not reported: still to come while `running`, never ran when `incomplete`. */
  readonly missing: readonly { readonly accountId: string; readonly region: string }[];
}

export const jobKey = (accountId: string, region: string) => `${accountId}#${region}`;

const RANK: Record<ScanStatus, number> = { succeeded: 0, partial: 1, failed: 2 };

/** Where a scan stands at `now`, optionally narrowed to one account's jobs. */
export function scanProgress(scan: ScanRecord, now: Date, accountId?: string): ScanProgress {
  const planned = Object.entries(scan.planned)
    .filter(([account]) => accountId === undefined || account === accountId)
    .flatMap(([account, regions]) => regions.map((region) => ({ accountId: account, region })));
  const statuses = planned.flatMap((job) => scan.reported[jobKey(job.accountId, job.region)] ?? []);
  const missing = planned.filter((job) => scan.reported[jobKey(job.accountId, job.region)] === undefined);
  const over = scan.finishedAt !== undefined || now.getTime() > Date.parse(scan.deadline);
  const status: ScanProgressStatus =
    missing.length > 0
      ? over
        ? 'incomplete'
        : 'running'
      : statuses.reduce<ScanStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'succeeded');
  return {
    scanId: scan.scanId,
    status,
    plannedAt: scan.plannedAt,
    deadline: scan.deadline,
    ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}),
    ...(scan.trigger ? { trigger: scan.trigger } : {}),
    ...(scan.requestedBy ? { requestedBy: scan.requestedBy } : {}),
    plannedJobs: planned.length,
    reportedJobs: planned.length - missing.length,
    missing,
  };
}

/** The record a plan starts: every job planned, none reported. */
export function plannedScan(input: {
  readonly scanId: string;
  readonly plannedAt: Date;
  readonly timeoutMinutes: number;
  readonly jobs: readonly { readonly accountId: string; readonly region: string }[];
  readonly trigger?: string;
  readonly requestedBy?: string;
}): ScanRecord {
  const planned: Record<string, string[]> = {};
  for (const job of input.jobs) planned[job.accountId] = [...(planned[job.accountId] ?? []), job.region];
  return {
    scanId: input.scanId,
    plannedAt: input.plannedAt.toISOString(),
    deadline: new Date(input.plannedAt.getTime() + input.timeoutMinutes * 60_000).toISOString(),
    ...(input.trigger ? { trigger: input.trigger } : {}),
    ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    planned,
    reported: {},
  };
}

/** `scan-20261123T010203Z-1a2b3c4d`: sortable, unique, and a valid execution name (`[A-Za-z0-9-_]{1,80}`). */
export function newScanId(now: Date, randomHex: string): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `scan-${stamp}-${randomHex}`;
}
