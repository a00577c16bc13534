/**
 * One iteration of the scheduler's Map: one tick in one (account, region). Refusals and failed
 * starts are outcomes (logged, recorded in the activity); an unexpected error throws so the state
 * machine retries the scope.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { runScheduleTick } from '../app/schedules/run-tick';
import { AccountIdSchema, RegionSchema } from '../domain/model';
import { readEnvironment, type ScheduleEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { SCHEDULE_ENVIRONMENT_NAMES, scheduleDependencies } from './wiring/schedule-environment';

const TickEventSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  accountId: AccountIdSchema,
  region: RegionSchema,
});

const dependencies = scheduleDependencies(readEnvironment<ScheduleEnvironment>(SCHEDULE_ENVIRONMENT_NAMES));

const lambdaHandler = async (event: unknown) => {
  const input = TickEventSchema.parse(event);
  const result = await runScheduleTick(input, dependencies, new Date(input.at));
  const failed = result.activity.filter((a) => a.outcome === 'failed');
  for (const failure of failed) {
    // Loud on purpose: a start that did not take leaves an instance down in working hours.
    logger.error('scheduled action failed', { ...failure });
  }
  logger.info('schedule tick done', {
    accountId: input.accountId,
    region: input.region,
    scheduled: result.scheduled,
    actions: result.activity.length,
    failed: failed.length,
    skipped: result.skipped.length,
  });
  return {
    accountId: result.accountId,
    region: result.region,
    scheduled: result.scheduled,
    actions: result.activity.length,
    failed: failed.length,
  };
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
