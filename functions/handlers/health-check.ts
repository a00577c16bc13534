/**
 * Scheduled (EventBridge Scheduler, every few minutes): runs the reliability checks over the stored
 * inventory, feeds their findings into the alert lifecycle and sends notices held until now.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runHealthCheck } from '../app/alerts/health-check';
import { StaticPriceBook } from '../domain/cost/static-price-book';
import { logger } from '../shared/powertools';
import { alertDependencies, readAlertEnvironment } from './wiring/alert-environment';

const dependencies = alertDependencies(readAlertEnvironment(), logger);
const prices = new StaticPriceBook();

const lambdaHandler = async () => {
  const result = await runHealthCheck({ ...dependencies, prices, now: new Date() });
  logger.info('health check completed', { ...result });
  return result;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
