import { AwsClientPool } from '../../adapters/aws/client-pool';
import { COLLECTORS } from '../../adapters/collectors';
import {
  type DiscoveredAccount,
  organizationAccountLister,
  registeredAccounts,
} from '../../adapters/discovery/accounts';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../adapters/dynamodb/resource-store';
import { DynamoDbScanRunStore } from '../../adapters/dynamodb/scan-run-store';
import { type S3ScanJobObjects, scanJobObjects } from '../../adapters/s3/scan-job-objects';
import type { PlanDependencies } from '../../adapters/scan/plan';
import type { ScanJobDependencies } from '../../app/scan/run-job';
import type { ScanRecordDependencies } from '../../app/scan/scan-lifecycle';
import { parseList } from '../../domain/scan/regions';
import type { ScanEnvironment, ScanPlanEnvironment } from '../../shared/contract/environment';
import { scanRecordDependencies } from './scan-records';

/** The names the scan functions read with `readEnvironment`. */
export const SCAN_ENVIRONMENT_NAMES = [
  'TABLE_NAME',
  'MEMBER_ROLE_NAME',
  'EXTERNAL_ID',
  'ACCOUNT_SOURCE',
  'MEMBER_ACCOUNTS',
  'REGIONS_ALLOW',
  'REGIONS_DENY',
] as const satisfies readonly (keyof ScanEnvironment)[];

/** The plan function also names the bucket it writes the jobs to. */
export const SCAN_PLAN_ENVIRONMENT_NAMES = [
  ...SCAN_ENVIRONMENT_NAMES,
  'SCAN_BUCKET_NAME',
] as const satisfies readonly (keyof ScanPlanEnvironment)[];

/** Thrown when ACCOUNT_SOURCE is neither `organizations` nor `registered`. */
export class InvalidAccountSourceError extends Error {
  override readonly name = 'InvalidAccountSourceError';
  constructor(value: string) {
    super(`ACCOUNT_SOURCE must be 'organizations' or 'registered', not '${value}'`);
  }
}

/** How the deployed (and local) scan functions discover accounts. */
export function accountLister(
  environment: ScanEnvironment,
  pool: AwsClientPool,
): () => Promise<readonly DiscoveredAccount[]> {
  if (environment.ACCOUNT_SOURCE === 'registered') {
    const accounts = registeredAccounts(environment.MEMBER_ACCOUNTS);
    return async () => accounts;
  }
  if (environment.ACCOUNT_SOURCE !== 'organizations')
    throw new InvalidAccountSourceError(environment.ACCOUNT_SOURCE);
  return organizationAccountLister(pool, environment.MANAGEMENT_ACCOUNT_ID);
}

/** Everything the scan handlers need, built once per container from the environment. */
export function scanDependencies(environment: ScanEnvironment): {
  readonly pool: AwsClientPool;
  readonly plan: PlanDependencies;
  readonly job: ScanJobDependencies;
  readonly records: ScanRecordDependencies;
} {
  const pool = new AwsClientPool({
    memberRoleName: environment.MEMBER_ROLE_NAME,
    externalId: environment.EXTERNAL_ID,
  });
  const documentClient = createDocumentClient();
  const openScope = (accountId: string, region: string) => pool.openScope(accountId, region);
  return {
    pool,
    plan: {
      listAccounts: accountLister(environment, pool),
      openScope,
      homeRegion: pool.homeRegion,
      regionsAllow: parseList(environment.REGIONS_ALLOW),
      regionsDeny: parseList(environment.REGIONS_DENY),
    },
    job: {
      collectors: COLLECTORS,
      resources: new DynamoDbResourceStore(documentClient, environment.TABLE_NAME),
      scanRuns: new DynamoDbScanRunStore(documentClient, environment.TABLE_NAME),
      openScope,
    },
    records: scanRecordDependencies(environment.TABLE_NAME, documentClient),
  };
}

/** The scan dependencies plus where the plan writes its jobs for the Distributed Map. */
export function scanPlanDependencies(environment: ScanPlanEnvironment): ReturnType<
  typeof scanDependencies
> & {
  readonly jobObjects: S3ScanJobObjects;
} {
  const dependencies = scanDependencies(environment);
  return {
    ...dependencies,
    jobObjects: scanJobObjects(dependencies.pool, environment.SCAN_BUCKET_NAME),
  };
}
