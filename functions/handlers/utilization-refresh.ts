/**
 * Scheduled daily: reads 14 days of hourly CloudWatch metrics for the inventory in every member
 * account (batched GetMetricData), stores their summaries, then runs the Analyze step over them.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { readEnvironment, type UtilizationRefreshEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import {
  createUtilizationRefresh,
  UTILIZATION_REFRESH_ENVIRONMENT_NAMES,
} from './wiring/utilization-environment';

const refresh = createUtilizationRefresh(
  {
    ...readEnvironment<UtilizationRefreshEnvironment>(UTILIZATION_REFRESH_ENVIRONMENT_NAMES),
    PRICE_SOURCE: process.env.PRICE_SOURCE,
  },
  { logger },
);

export const handler = middy(() => refresh(new Date())).use(injectLambdaContext(logger, { resetKeys: true }));
