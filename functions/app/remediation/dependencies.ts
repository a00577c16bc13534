import type { FindingStore, ResourceStore } from '../../domain/ports';
import type { PriceBook } from '../../domain/pricing';
import type {
  ApprovalSignal,
  RemediationExecutor,
  RemediationNotifier,
  RemediationStore,
  RemediationWorkflowStarter,
  SavingsLedgerStore,
} from '../../domain/remediation/ports';
import type { Remediation } from '../../domain/remediation/remediation';

/** What an administrator configures; every field has a default in `DEFAULT_REMEDIATION_SETTINGS`. */
export interface RemediationSettings {
  /** Action ids people may request; others answer 403. @default every registered action */
  readonly allowedActions?: readonly string[];
  /** The approver of a request must be another person than its requester. @default true */
  readonly requireDistinctApprover: boolean;
  /** Items of one bulk request. @default 1000 */
  readonly maxItems: number;
}

export const DEFAULT_REMEDIATION_SETTINGS: RemediationSettings = {
  requireDistinctApprover: true,
  maxItems: 1000,
};

/** Everything the API's remediation operations use. */
export interface RemediationApiDependencies {
  readonly store: RemediationStore;
  readonly resources: ResourceStore;
  readonly findings: FindingStore;
  readonly starter: RemediationWorkflowStarter;
  readonly signal: ApprovalSignal;
  readonly settings: RemediationSettings;
  /**
   * Accounts opted in as a whole (`hostmaster:remediationAccounts`), for the preview's pre-flight.
   * @default none: the preview refuses account-level settings and buckets, as the workflow would there
   */
  readonly optedInAccounts?: ReadonlySet<string>;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Everything the workflow's steps use. */
export interface RemediationStepDependencies {
  readonly store: RemediationStore;
  readonly resources: ResourceStore;
  readonly executor: RemediationExecutor;
  readonly notifier: RemediationNotifier;
  readonly prices: PriceBook;
  /** Verified fixes with an expected saving open an entry; undos close it. */
  readonly ledger: SavingsLedgerStore;
  /** Accounts opted in as a whole (`hostmaster:remediationAccounts`), for the pre-flight opt-in check. */
  readonly optedInAccounts: ReadonlySet<string>;
  readonly now: () => Date;
  /**
   * Makes the signed, single-use link the approval email carries (see approval-link.ts).
   * @default none: the email sends people to the Remediation page
   */
  readonly approvalLinks?: {
    linkFor(remediation: Pick<Remediation, 'id' | 'approval'>, now: Date): Promise<string>;
  };
}
