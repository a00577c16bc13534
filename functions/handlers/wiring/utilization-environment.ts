import type { Logger } from '@aws-lambda-powertools/logger';
import { AwsClientPool } from '../../adapters/aws/client-pool';
import {
  refreshUtilization,
  type UtilizationRefreshResult,
} from '../../adapters/cloudwatch/refresh-utilization';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { loadInventory } from '../../app/analysis/load-inventory';
import { type AnalysisSummary, runAnalysis } from '../../app/analysis/run-analysis';
import type { UtilizationRefreshEnvironment } from '../../shared/contract/environment';
import { analysisDependencies } from './analysis-environment';

/** The names the utilization refresh function reads with `readEnvironment`. */
export const UTILIZATION_REFRESH_ENVIRONMENT_NAMES = [
  'TABLE_NAME',
  'MEMBER_ROLE_NAME',
  'EXTERNAL_ID',
] as const satisfies readonly (keyof UtilizationRefreshEnvironment)[];

/**
 * The daily utilization refresh as the deployed (and local) function runs it: GetMetricData in every
 * member account through the member role, then the Analyze step over the fresh summaries.
 */
export function createUtilizationRefresh(
  environment: UtilizationRefreshEnvironment,
  options: { readonly logger?: Pick<Logger, 'info' | 'warn'> } = {},
): (now: Date) => Promise<{ utilization: UtilizationRefreshResult; analysis: AnalysisSummary }> {
  const pool = new AwsClientPool({
    memberRoleName: environment.MEMBER_ROLE_NAME,
    externalId: environment.EXTERNAL_ID,
    sessionName: 'hostmaster-utilization',
  });
  const analysis = analysisDependencies(environment, createDocumentClient());
  return async (now) => {
    const utilization = await refreshUtilization({
      resources: () => loadInventory(analysis.resources),
      openScope: (accountId, region) => pool.openScope(accountId, region),
      store: analysis.utilization,
      now: () => now,
      logger: options.logger,
    });
    return {
      utilization,
      analysis: await runAnalysis({ ...analysis, now: () => now, logger: options.logger }),
    };
  };
}
