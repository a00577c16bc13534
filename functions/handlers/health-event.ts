/**
 * EventBridge target on the hub bus: EC2 state changes, AWS Health and RDS events forwarded by member
 * accounts become alerts within seconds. A malformed event is logged and dropped (retrying it would
 * not help); a store or SNS failure throws so EventBridge retries.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { EventBridgeEventSchema } from '../domain/events';
import { logger } from '../shared/powertools';
import { alertDependencies, readAlertEnvironment } from './wiring/alert-environment';

const { service } = alertDependencies(readAlertEnvironment(), logger);

const lambdaHandler = async (event: unknown) => {
  const parsed = EventBridgeEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.warn('event dropped: not an EventBridge event', { issues: parsed.error.issues.slice(0, 5) });
    return { ignored: true };
  }
  const outcome = await service.handleEvent(parsed.data);
  logger.info('event handled', {
    eventId: parsed.data.id,
    detailType: parsed.data['detail-type'],
    ...outcome,
  });
  return outcome;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
