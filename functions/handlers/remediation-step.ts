/**
 * Every task of the remediation state machine: `{ step, remediationId, itemId? }` in, a small result
 * out. The steps themselves (and what each records) are in functions/app/remediation/steps.ts.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { runStep } from '../app/remediation/run-step';
import { type RemediationEnvironment, readEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { remediationStepDependencies } from './wiring/remediation-environment';

const dependencies = remediationStepDependencies(
  {
    ...readEnvironment<RemediationEnvironment>([
      'TABLE_NAME',
      'REMEDIATION_EXTERNAL_ID',
      'EMAIL_TOPIC_ARN',
      'DASHBOARD_URL',
      'APPROVAL_LINK_KEY_ID',
      'OPTED_IN_ACCOUNTS',
    ]),
    ...(process.env.AWS_MAX_ATTEMPTS ? { AWS_MAX_ATTEMPTS: process.env.AWS_MAX_ATTEMPTS } : {}),
  },
  createDocumentClient(),
);

const lambdaHandler = async (event: unknown) => {
  const result = await runStep(dependencies, event);
  logger.info('remediation step done', { step: (event as { step?: unknown }).step, result });
  return result;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
