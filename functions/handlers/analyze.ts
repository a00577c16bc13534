/**
 * The Analyze step: runs every rule over the stored inventory and utilization and writes the finding
 * changes. The scan state machine calls it after its Map; the utilization refresh runs it in-process.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { runAnalysis } from '../app/analysis/run-analysis';
import { type AnalysisEnvironment, readEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { analysisDependencies } from './wiring/analysis-environment';

const dependencies = analysisDependencies(
  { ...readEnvironment<AnalysisEnvironment>(['TABLE_NAME']), PRICE_SOURCE: process.env.PRICE_SOURCE },
  createDocumentClient(),
);

const lambdaHandler = async () => runAnalysis({ ...dependencies, now: () => new Date(), logger });

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
