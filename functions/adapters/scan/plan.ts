import type { Logger } from '@aws-lambda-powertools/logger';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GLOBAL_REGION } from '../../domain/model';
import type { ScanJob, ScanPlan } from '../../domain/scan/job';
import { selectRegions } from '../../domain/scan/regions';
import { mapBounded } from '../../shared/map-bounded';
import type { OpenScope } from '../aws/client-pool';
import { describeError } from '../aws/errors';
import type { DiscoveredAccount } from '../discovery/accounts';
import { listEnabledRegions } from '../discovery/regions';

export interface PlanDependencies {
  /** The accounts to scan (Organizations or the registered list). */
  listAccounts(): Promise<readonly DiscoveredAccount[]>;
  /** Clients in an account's home region, for DescribeRegions. */
  openScope(accountId: string, region: string): Promise<OpenScope>;
  /** Region used to ask an account which regions it has enabled. */
  readonly homeRegion: string;
  readonly regionsAllow: readonly string[];
  readonly regionsDeny: readonly string[];
  /** @default no logging */
  readonly logger?: Pick<Logger, 'warn'>;
  /** Accounts discovered at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * Discovers what to scan: for each account, its enabled regions (narrowed by the allow and deny
 * lists) plus one `global` job for IAM and account-level collectors. An account whose discovery
 * fails (its role cannot be assumed, DescribeRegions is denied) still gets jobs: the `global` one and
 * the allow-listed regions (or the home region when there is no allow list), whose ScanRuns then
 * record why the account could not be scanned.
 */
export async function planScan(scanId: string, deps: PlanDependencies): Promise<ScanPlan> {
  const accounts = await deps.listAccounts();
  const jobsPerAccount = await mapBounded(accounts, deps.concurrency ?? 8, async ({ accountId, name }) => {
    const job = (region: string): ScanJob => ({ scanId, accountId, accountName: name ?? null, region });
    try {
      const scope = await deps.openScope(accountId, deps.homeRegion);
      const enabled = await listEnabledRegions(scope.clients.get(EC2Client));
      const regions = selectRegions(enabled, deps.regionsAllow, deps.regionsDeny);
      // The global job first: the IAM credential report has to be generated before it can be read,
      // and that wait should overlap the regional jobs instead of trailing them.
      return [GLOBAL_REGION, ...regions].map(job);
    } catch (error) {
      // The jobs meet the same failure and record it in their ScanRuns (the Map passes only
      // scanId, accountId and region to a job, so the error itself cannot travel with it).
      deps.logger?.warn('account discovery failed', { accountId, error: describeError(error) });
      const candidates = deps.regionsAllow.length > 0 ? deps.regionsAllow : [deps.homeRegion];
      const guessed = selectRegions(candidates, [], deps.regionsDeny);
      return [GLOBAL_REGION, ...guessed].map(job);
    }
  });
  return { scanId, jobs: jobsPerAccount.flat() };
}
