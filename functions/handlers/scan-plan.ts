/**
 * First step of the scan state machine: discovers the accounts and their enabled regions and returns
 * one job per (account, region) plus one `global` job per account, for the Map state to fan out.
 */
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { planRecordedScan } from '../app/scan/scan-lifecycle';
import { readEnvironment, type ScanEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { SCAN_ENVIRONMENT_NAMES, scanDependencies } from './wiring/scan-environment';

/** The schedule (or the API's startScan) may name the scan; otherwise one is made up. */
const PlanEventSchema = z.looseObject({
  scanId: z.string().min(1).optional(),
  trigger: z.string().optional(),
  requestedBy: z.string().optional(),
});

const dependencies = scanDependencies({
  ...readEnvironment<ScanEnvironment>(SCAN_ENVIRONMENT_NAMES),
  MANAGEMENT_ACCOUNT_ID: process.env.MANAGEMENT_ACCOUNT_ID ?? '',
});

const lambdaHandler = async (event: unknown) => {
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
  logger.info('scan planned', { scanId, jobs: plan.jobs.length });
  return plan;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
