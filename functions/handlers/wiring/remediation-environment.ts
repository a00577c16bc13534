import { randomBytes } from 'node:crypto';
import type { DocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbRemediationStore } from '../../adapters/dynamodb/remediation-store';
import { DynamoDbResourceStore } from '../../adapters/dynamodb/resource-store';
import { DynamoDbSavingsLedgerStore } from '../../adapters/dynamodb/savings-ledger-store';
import { createKmsApprovalLinkSigner } from '../../adapters/kms/kms-approval-link-signer';
import { createSnsRemediationNotifier } from '../../adapters/notify/sns-remediation-notifier';
import { AwsRemediationExecutor } from '../../adapters/remediation/aws-remediation-executor';
import { ApprovalLinkIssuer } from '../../app/remediation/approval-link';
import type { RemediationStepDependencies } from '../../app/remediation/dependencies';
import { StaticPriceBook } from '../../domain/cost/static-price-book';
import { parseList } from '../../domain/scan/regions';
import type { RemediationEnvironment } from '../../shared/contract/environment';

/** Everything the remediation steps need, from the environment. */
export function remediationStepDependencies(
  environment: RemediationEnvironment,
  documentClient: DocumentClient,
): RemediationStepDependencies {
  return {
    store: new DynamoDbRemediationStore(documentClient, environment.TABLE_NAME),
    resources: new DynamoDbResourceStore(documentClient, environment.TABLE_NAME),
    executor: new AwsRemediationExecutor({
      externalId: environment.REMEDIATION_EXTERNAL_ID,
      ...(environment.AWS_MAX_ATTEMPTS ? { maxAttempts: Number(environment.AWS_MAX_ATTEMPTS) } : {}),
    }),
    notifier: createSnsRemediationNotifier(environment.EMAIL_TOPIC_ARN, environment.DASHBOARD_URL),
    // Verification re-evaluates the finding's rule; list prices are enough to tell compliant from not.
    prices: new StaticPriceBook(),
    ledger: new DynamoDbSavingsLedgerStore(documentClient, environment.TABLE_NAME),
    optedInAccounts: new Set(parseList(environment.OPTED_IN_ACCOUNTS)),
    now: () => new Date(),
    approvalLinks: new ApprovalLinkIssuer({
      signer: createKmsApprovalLinkSigner(environment.APPROVAL_LINK_KEY_ID),
      dashboardUrl: environment.DASHBOARD_URL,
      newNonce: () => randomBytes(16).toString('base64url'),
    }),
  };
}
