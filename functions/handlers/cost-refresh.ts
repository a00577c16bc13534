/**
 * Scheduled a few times a day: fetches from Cost Explorer (payer account) the days the cost store
 * lacks plus the open days, and the month's forecast; records the requests it paid for.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { type CostRefreshEnvironment, readEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { COST_REFRESH_ENVIRONMENT_NAMES, createCostRefresh } from './wiring/cost-environment';

const refresh = createCostRefresh(
  {
    ...readEnvironment<CostRefreshEnvironment>(COST_REFRESH_ENVIRONMENT_NAMES),
    COST_HISTORY_MONTHS: process.env.COST_HISTORY_MONTHS,
  },
  { logger },
);

export const handler = middy(() => refresh(new Date())).use(injectLambdaContext(logger, { resetKeys: true }));
