/**
 * The API Lambda: one function for every route in `routes.ts`. API Gateway's Cognito authorizer has
 * verified the token; the router checks the caller's group against the route's minimum (and, for a
 * route that changes something, against the user pool now), parses the request and runs the route's
 * operation against stores created once per container.
 */

import { createCognitoUserDirectory } from '../adapters/cognito/user-directory';
import { DynamoDbApprovalLinkNonces } from '../adapters/dynamodb/approval-link-nonces';
import { DynamoDbAuditLog } from '../adapters/dynamodb/audit-log';
import { DynamoDbCostStore } from '../adapters/dynamodb/cost-store';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../adapters/dynamodb/exception-store';
import { DynamoDbFindingStore } from '../adapters/dynamodb/finding-store';
import { DynamoDbPostureStore } from '../adapters/dynamodb/posture-store';
import { DynamoDbRemediationStore } from '../adapters/dynamodb/remediation-store';
import { DynamoDbResourceStore } from '../adapters/dynamodb/resource-store';
import { DynamoDbSavingsLedgerStore } from '../adapters/dynamodb/savings-ledger-store';
import { DynamoDbScanRecordStore } from '../adapters/dynamodb/scan-record-store';
import { DynamoDbScanRunStore } from '../adapters/dynamodb/scan-run-store';
import { DynamoDbScheduleRecordStore, DynamoDbScheduleStore } from '../adapters/dynamodb/schedule-store';
import { createKmsApprovalLinkSigner } from '../adapters/kms/kms-approval-link-signer';
import { createStepFunctionsRemediation } from '../adapters/stepfunctions/step-functions-remediation';
import { createStepFunctionsScanStarter } from '../adapters/stepfunctions/step-functions-scan-starter';
import { parseList } from '../domain/scan/regions';
import { type ApiEnvironment, readEnvironment } from '../shared/contract/environment';
import { createApiHandler } from './api/create-handler';
import { readDeploymentSettings } from './api/deployment-settings';
import { apiAlertingFromEnvironment } from './wiring/alert-environment';

const environment = readEnvironment<ApiEnvironment>([
  'TABLE_NAME',
  'USER_POOL_ID',
  'SCAN_STATE_MACHINE_ARN',
  'REMEDIATION_STATE_MACHINE_ARN',
  'APPROVAL_LINK_KEY_ID',
  'OPTED_IN_ACCOUNTS',
]);
const documentClient = createDocumentClient();

export const handler = createApiHandler({
  resources: new DynamoDbResourceStore(documentClient, environment.TABLE_NAME),
  scanRuns: new DynamoDbScanRunStore(documentClient, environment.TABLE_NAME),
  scans: createStepFunctionsScanStarter(environment.SCAN_STATE_MACHINE_ARN),
  scanRecords: new DynamoDbScanRecordStore(documentClient, environment.TABLE_NAME),
  findings: new DynamoDbFindingStore(documentClient, environment.TABLE_NAME),
  exceptions: new DynamoDbExceptionStore(documentClient, environment.TABLE_NAME),
  posture: new DynamoDbPostureStore(documentClient, environment.TABLE_NAME),
  audit: new DynamoDbAuditLog(documentClient, environment.TABLE_NAME),
  costs: new DynamoDbCostStore(documentClient, environment.TABLE_NAME),
  remediation: {
    store: new DynamoDbRemediationStore(documentClient, environment.TABLE_NAME),
    ledger: new DynamoDbSavingsLedgerStore(documentClient, environment.TABLE_NAME),
    ...createStepFunctionsRemediation(environment.REMEDIATION_STATE_MACHINE_ARN),
    approvalLinks: {
      signer: createKmsApprovalLinkSigner(environment.APPROVAL_LINK_KEY_ID),
      nonces: new DynamoDbApprovalLinkNonces(documentClient, environment.TABLE_NAME),
    },
    optedInAccounts: new Set(parseList(environment.OPTED_IN_ACCOUNTS)),
  },
  alerting: apiAlertingFromEnvironment(environment.TABLE_NAME),
  settings: readDeploymentSettings(),
  directory: createCognitoUserDirectory(environment.USER_POOL_ID),
  schedules: {
    store: new DynamoDbScheduleStore(documentClient, environment.TABLE_NAME),
    records: new DynamoDbScheduleRecordStore(documentClient, environment.TABLE_NAME),
  },
});
