import { createDocumentClient, type DocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbScanRecordStore } from '../../adapters/dynamodb/scan-record-store';
import type { ScanRecordDependencies } from '../../app/scan/scan-lifecycle';
import { SCAN_TIMEOUT_MINUTES } from '../../shared/contract/state-machine';

/** The scan records (plan, reports, claim) every scan step uses; the Analyze step ends the scan. */
export function scanRecordDependencies(
  tableName: string,
  documentClient: DocumentClient = createDocumentClient(),
): ScanRecordDependencies {
  return {
    scanRecords: new DynamoDbScanRecordStore(documentClient, tableName),
    timeoutMinutes: SCAN_TIMEOUT_MINUTES,
  };
}
