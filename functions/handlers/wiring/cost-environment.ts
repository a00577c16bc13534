import { AwsClientPool } from '../../adapters/aws/client-pool';
import { payerCostExplorer } from '../../adapters/cost/payer-cost-explorer';
import { type CostRefreshDependencies, refreshCosts } from '../../adapters/cost/refresh-costs';
import { DynamoDbCostStore } from '../../adapters/dynamodb/cost-store';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { parseList } from '../../domain/scan/regions';
import type { CostRefreshEnvironment } from '../../shared/contract/environment';

/** The names the cost refresh function reads with `readEnvironment`. */
export const COST_REFRESH_ENVIRONMENT_NAMES = [
  'TABLE_NAME',
  'MEMBER_ROLE_NAME',
  'EXTERNAL_ID',
  'MANAGEMENT_ACCOUNT_ID',
  'COST_TAG_KEYS',
] as const satisfies readonly (keyof CostRefreshEnvironment)[];

/** Thrown when COST_HISTORY_MONTHS is not a whole number of months Cost Explorer can serve. */
export class InvalidHistoryMonthsError extends Error {
  override readonly name = 'InvalidHistoryMonthsError';
  constructor(value: string) {
    super(`COST_HISTORY_MONTHS must be a whole number from 1 to 12, not '${value}'`);
  }
}

/**
 * The cost refresh as the deployed (and local) function runs it: Cost Explorer is read in the payer
 * account through its member role (or with the hub's own credentials when the hub is the payer).
 */
export function createCostRefresh(
  environment: CostRefreshEnvironment,
  options: { readonly logger?: CostRefreshDependencies['logger'] } = {},
): (now: Date) => ReturnType<typeof refreshCosts> {
  const months = environment.COST_HISTORY_MONTHS ?? '3';
  if (!/^\d+$/.test(months) || Number(months) < 1 || Number(months) > 12) {
    throw new InvalidHistoryMonthsError(months);
  }
  const pool = new AwsClientPool({
    memberRoleName: environment.MEMBER_ROLE_NAME,
    externalId: environment.EXTERNAL_ID,
    sessionName: 'hostmaster-cost',
  });
  const store = new DynamoDbCostStore(createDocumentClient(), environment.TABLE_NAME);
  const costExplorer = payerCostExplorer(pool, environment.MANAGEMENT_ACCOUNT_ID);
  return async (now) =>
    refreshCosts({
      costExplorer: await costExplorer(),
      store,
      tagKeys: parseList(environment.COST_TAG_KEYS),
      historyMonths: Number(months),
      now: () => now,
      logger: options.logger,
    });
}
