/**
 * The remediation routes' response bodies, part of the response contract (api.ts): the domain's
 * request and item shapes, and the preview and action catalogue the use cases build. Types only.
 */
import type { Finding, Resource } from '../../domain/model';
import type { StoredRemediationSettings } from '../../domain/remediation/ports';
import type { runPreflight } from '../../domain/remediation/preflight';
import type {
  ApiCall,
  Remediation,
  RemediationDetail,
  RemediationItem,
  RemediationStatus,
  Step,
} from '../../domain/remediation/remediation';
import type {
  CostCrossCheck,
  LedgerStatus,
  LedgerTotals,
  SavingsLedgerEntry,
} from '../../domain/remediation/savings-ledger';

/** What one action does, as the catalogue and the preview describe it. */
export interface ActionSummary {
  readonly id: string;
  readonly title: string;
  readonly fixes: readonly string[];
  readonly resourceType: string;
  readonly destructive: boolean;
  readonly backup: string;
  readonly verify: string;
  readonly undo: string;
  readonly undoable: boolean;
  /** Whether an administrator allows people to request it. */
  readonly allowed: boolean;
}

/** One finding's preview: what would be called, what pre-flight says from the stored inventory, how to undo. */
export interface FixPreview {
  readonly finding: Finding;
  readonly action: ActionSummary;
  readonly resource: Pick<Resource, 'id' | 'name' | 'type' | 'accountId' | 'region' | 'state' | 'tags'>;
  readonly summary: string;
  readonly backupCalls: RemediationItem['backupCalls'];
  readonly actCalls: RemediationItem['actCalls'];
  readonly preflight: ReturnType<typeof runPreflight>;
  readonly expectedMonthlySavingsUsd?: number;
}

/** `GET /remediation/actions`: every action, and whether approvers must differ from requesters. */
export interface ActionCatalogue {
  readonly items: readonly ActionSummary[];
  readonly requireDistinctApprover: boolean;
}

/** One ledger entry with what it realized as of the response's `asOf`. */
export type LedgerEntryView = SavingsLedgerEntry & {
  /** Expected monthly ÷ days a month × days observed in effect. */
  readonly realizedUsd: number;
  /** Days from the act to the last confirmation. */
  readonly heldDays: number;
  /** What the estimate promised over the same period (act to now, or to the end). */
  readonly estimatedToDateUsd: number;
};

/** `GET /remediation/savings`: realized against estimated, in total, per action, and a page of entries. */
export interface SavingsLedgerView {
  readonly currency: 'USD';
  /** The instant the realized figures are computed for. */
  readonly asOf: string;
  /** Days in the average month the proration uses (730 h / 24). */
  readonly daysPerMonth: number;
  /** Over every entry, not just the page. */
  readonly totals: LedgerTotals;
  /** Newest act first. */
  readonly items: readonly LedgerEntryView[];
  readonly nextCursor?: string;
}

export type {
  ApiCall,
  CostCrossCheck,
  LedgerStatus,
  LedgerTotals,
  Remediation,
  RemediationDetail,
  RemediationItem,
  RemediationStatus,
  Step,
  StoredRemediationSettings,
};
