/**
 * First step of the scheduler's state machine: fixes the tick's instant and lists the (account,
 * region) scopes that have resources on a schedule, for the Map to fan out.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { planTickScopes } from '../app/schedules/plan-tick-scopes';
import { readEnvironment, type ScheduleEnvironment } from '../shared/contract/environment';
import type { SchedulePlanOutput } from '../shared/contract/schedule-state-machine';
import { logger } from '../shared/powertools';
import { SCHEDULE_ENVIRONMENT_NAMES, scheduleDependencies } from './wiring/schedule-environment';

/** EventBridge Scheduler passes the slot it serves: a late run still decides as of that slot. */
const PlanEventSchema = z.looseObject({ scheduledTime: z.iso.datetime({ offset: true }).optional() });

const dependencies = scheduleDependencies(readEnvironment<ScheduleEnvironment>(SCHEDULE_ENVIRONMENT_NAMES));

const lambdaHandler = async (event: unknown): Promise<SchedulePlanOutput> => {
  const input = PlanEventSchema.parse(event ?? {});
  const at = new Date(input.scheduledTime ?? Date.now()).toISOString();
  const scopes = await planTickScopes(dependencies.resources, dependencies.schedules);
  logger.info('schedule tick planned', { at, scopes: scopes.length });
  return { at, scopes };
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
