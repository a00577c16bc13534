import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { AwsClientPool } from '../aws/client-pool';

/**
 * Cost Explorer in the payer account, opened on first use and kept: elsewhere it answers only the
 * calling account's own costs. Without a payer account id the hub is the payer.
 */
export function payerCostExplorer(
  pool: AwsClientPool,
  payerAccountId: string | undefined,
): () => Promise<CostExplorerClient> {
  let client: CostExplorerClient | undefined;
  return async () => {
    client ??= await pool.accountClient(CostExplorerClient, payerAccountId);
    return client;
  };
}
