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

export type {
  ApiCall,
  Remediation,
  RemediationDetail,
  RemediationItem,
  RemediationStatus,
  Step,
  StoredRemediationSettings,
};
