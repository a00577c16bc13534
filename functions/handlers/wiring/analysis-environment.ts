import { DynamoDbCostStore } from '../../adapters/dynamodb/cost-store';
import type { DocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../adapters/dynamodb/exception-store';
import { DynamoDbFindingStore } from '../../adapters/dynamodb/finding-store';
import { DynamoDbPostureStore } from '../../adapters/dynamodb/posture-store';
import { DynamoDbResourceStore } from '../../adapters/dynamodb/resource-store';
import { DynamoDbSavingsLedgerStore } from '../../adapters/dynamodb/savings-ledger-store';
import { DynamoDbScanRunStore } from '../../adapters/dynamodb/scan-run-store';
import { DynamoDbUtilizationStore } from '../../adapters/dynamodb/utilization-store';
import { priceBookFor } from '../../adapters/pricing/price-book-for';
import type { AnalysisDependencies } from '../../app/analysis/run-analysis';
import { scannedAccountIds } from '../../app/analysis/scanned-accounts';
import type { AnalysisEnvironment } from '../../shared/contract/environment';

/** Everything the Analyze step needs except the clock, from the environment. */
export function analysisDependencies(
  environment: AnalysisEnvironment,
  documentClient: DocumentClient,
): Omit<AnalysisDependencies, 'now'> {
  const table = environment.TABLE_NAME;
  const scanRuns = new DynamoDbScanRunStore(documentClient, table);
  return {
    resources: new DynamoDbResourceStore(documentClient, table),
    accountIds: () => scannedAccountIds(scanRuns),
    utilization: new DynamoDbUtilizationStore(documentClient, table),
    findings: new DynamoDbFindingStore(documentClient, table),
    posture: new DynamoDbPostureStore(documentClient, table),
    exceptions: new DynamoDbExceptionStore(documentClient, table),
    costs: new DynamoDbCostStore(documentClient, table),
    ledger: {
      store: new DynamoDbSavingsLedgerStore(documentClient, table),
      lastCollected: () => scanRuns.lastCollected(),
    },
    ...priceBookFor(environment.PRICE_SOURCE),
  };
}
