/**
 * One iteration of the scan state machine's Map: scans one (account, region) or one account's
 * `global` scope and records its ScanRun. Known failures are returned in the run; unexpected ones
 * throw so the state machine retries the job.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runReportedScanJob } from '../app/scan/scan-lifecycle';
import { ScanJobSchema } from '../domain/scan/job';
import { readEnvironment, type ScanEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { SCAN_ENVIRONMENT_NAMES, scanDependencies } from './wiring/scan-environment';

const dependencies = scanDependencies({
  ...readEnvironment<ScanEnvironment>(SCAN_ENVIRONMENT_NAMES),
  MANAGEMENT_ACCOUNT_ID: process.env.MANAGEMENT_ACCOUNT_ID ?? '',
});

const lambdaHandler = async (event: unknown) =>
  runReportedScanJob(ScanJobSchema.parse(event), {
    ...dependencies.job,
    scanRecords: dependencies.records.scanRecords,
    logger,
  });

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
