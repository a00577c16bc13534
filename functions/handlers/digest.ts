/**
 * Scheduled daily and weekly (EventBridge Scheduler with input `{"kind":"daily"}` or
 * `{"kind":"weekly"}`): emails what changed since the previous digest of that kind.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { runDigest } from '../app/alerts/digest';
import { logger } from '../shared/powertools';
import { alertDependencies, readAlertEnvironment } from './wiring/alert-environment';

const environment = readAlertEnvironment();
const dependencies = alertDependencies(environment, logger);

const DigestEventSchema = z.object({ kind: z.enum(['daily', 'weekly']).default('daily') });

const lambdaHandler = async (event: unknown) => {
  const { kind } = DigestEventSchema.parse(event ?? {});
  const { digest, sent } = await runDigest(kind, {
    ...dependencies,
    dashboardUrl: environment.DASHBOARD_URL,
    now: new Date(),
  });
  const summary = {
    kind,
    sent,
    from: digest.from,
    to: digest.to,
    openedAlerts: digest.openedAlerts.length,
    resolvedAlerts: digest.resolvedAlerts.length,
    openAlerts: digest.openAlerts.length,
    newFindings: digest.newFindings.length,
    resolvedFindings: digest.resolvedFindings.length,
    expiringExceptions: digest.expiringExceptions.length,
  };
  logger.info('digest run', summary);
  return summary;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
