/**
 * First step of the scan state machine: discovers the accounts and their enabled regions, writes one
 * job per (account, region) plus one `global` job per account to S3 for the Distributed Map to read,
 * and returns where (the jobs never travel in the state, whose payload is limited to 256 KB).
 */
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { planRecordedScan } from '../app/scan/scan-lifecycle';
import { readEnvironment, type ScanPlanEnvironment } from '../shared/contract/environment';
import type { ScanPlanOutput } from '../shared/contract/state-machine';
import { logger } from '../shared/powertools';
import { SCAN_PLAN_ENVIRONMENT_NAMES, scanPlanDependencies } from './wiring/scan-environment';

/** The schedule (or the API's startScan) may name the scan; otherwise one is made up. */
const PlanEventSchema = z.looseObject({
  scanId: z.string().min(1).optional(),
  trigger: z.string().optional(),
  requestedBy: z.string().optional(),
});

const dependencies = scanPlanDependencies({
  ...readEnvironment<ScanPlanEnvironment>(SCAN_PLAN_ENVIRONMENT_NAMES),
  MANAGEMENT_ACCOUNT_ID: process.env.MANAGEMENT_ACCOUNT_ID ?? '',
});

const lambdaHandler = async (event: unknown): Promise<ScanPlanOutput> => {
  const input = PlanEventSchema.parse(event ?? {});
  const scanId = input.scanId ?? `${new Date().toISOString()}-${randomUUID().slice(0, 8)}`;
  const plan = await planRecordedScan(
    {
      scanId,
      ...(input.trigger ? { trigger: input.trigger } : {}),
      ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    },
    { ...dependencies.plan, ...dependencies.records, logger },
  );
  const jobs = await dependencies.jobObjects.write(scanId, plan.jobs);
  logger.info('scan planned', { scanId, jobs: plan.jobs.length, object: jobs.key });
  return { scanId, jobCount: plan.jobs.length, jobs };
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
