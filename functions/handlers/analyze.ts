/**
 * The Analyze step: runs every rule over the stored inventory and utilization, one scanned account at
 * a time (see app/analysis/run-analysis), and writes the finding changes and posture snapshots. The
 * scan state machine calls it after its Map; the utilization refresh runs it in-process.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { runAnalysis } from '../app/analysis/run-analysis';
import { finishRecordedScan } from '../app/scan/scan-lifecycle';
import { type AnalysisEnvironment, readEnvironment } from '../shared/contract/environment';
import { logger } from '../shared/powertools';
import { analysisDependencies } from './wiring/analysis-environment';
import { scanRecordDependencies } from './wiring/scan-records';

const dependencies = analysisDependencies(
  { ...readEnvironment<AnalysisEnvironment>(['TABLE_NAME']), PRICE_SOURCE: process.env.PRICE_SOURCE },
  createDocumentClient(),
);

const records = scanRecordDependencies(readEnvironment<AnalysisEnvironment>(['TABLE_NAME']).TABLE_NAME);

/** The scan state machine passes the scan it ends; a scheduled analysis passes none. */
const AnalyzeEventSchema = z.looseObject({ scanId: z.string().min(1).optional() });

const lambdaHandler = async (event: unknown) => {
  const { scanId } = AnalyzeEventSchema.parse(event ?? {});
  if (scanId !== undefined) await finishRecordedScan(scanId, records);
  return runAnalysis({ ...dependencies, now: () => new Date(), logger });
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { resetKeys: true }));
