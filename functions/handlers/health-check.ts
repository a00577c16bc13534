/**
 * Scheduled (EventBridge Scheduler, every few minutes): runs the reliability checks over the stored
 * inventory, feeds their findings into the alert lifecycle and sends notices held until now.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { alertDependencies, readAlertEnvironment } from '../adapters/alerts/alert-environment';
import { runHealthCheck } from '../adapters/alerts/health-check';
import { StaticPriceBook } from '../adapters/pricing/static-price-book';
import { logger } from '../shared/powertools';

const dependencies = alertDependencies(readAlertEnvironment(), logger);
const prices = new StaticPriceBook();

const lambdaHandler = async () => {
  const result = await runHealthCheck({ ...dependencies, prices, now: new Date() });
  logger.info('health check completed', { ...result });
  return result;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
