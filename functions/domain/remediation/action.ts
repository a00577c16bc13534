/**
 * The contract every remediation action fulfils, one action a file, registered in `registry.ts`.
 * Everything here is pure: an action says which calls it would make for a resource; executors in
 * functions/adapters/remediation make them.
 */
import type { Inventory } from '../inventory';
import type { ResourceOf, ResourceType } from '../model';
import type { ApiCall } from './remediation';

/** The calls of one item: a backup first (may be empty), then the change itself. */
export interface ActionPlan {
  readonly backup: readonly ApiCall[];
  readonly act: readonly ApiCall[];
  /** One sentence for the preview: what will change. */
  readonly summary: string;
  /**
   * Facts kept with the item (and in the audit log) before anything changes: the exact rule revoked,
   * the address released, ... Undo reads them with the values the backup calls captured.
   */
  readonly record?: Readonly<Record<string, string>>;
}

/** How an item is undone, from the resource as it was and the values its backup captured. */
export type UndoSpec<T extends ResourceType> =
  | {
      readonly undoable: true;
      readonly description: string;
      plan(before: ResourceOf<T>, backup: Readonly<Record<string, string>>): readonly ApiCall[];
    }
  | { readonly undoable: false; readonly why: string };

/** A pre-flight check's verdict; any failed check refuses the item before anything is called. */
export interface PreflightCheck {
  readonly id: string;
  readonly passed: boolean;
  readonly detail: string;
}

/**
 * A live read pre-flight needs beyond the resource itself, made through the member remediation role
 * just before the item runs (`impact.ts` decides which, from the resource and the action's effect).
 */
export type PreflightRead =
  | { readonly kind: 'instance-protection'; readonly instanceId: string }
  | { readonly kind: 'snapshot-references'; readonly snapshotId: string }
  | { readonly kind: 'kms-key'; readonly keyId: string };

/** What the live reads found; a read that was not needed is absent. */
export interface PreflightFacts {
  /** DescribeInstanceAttribute `disableApiStop` and `disableApiTermination`. */
  readonly instanceProtection?: { readonly stop: boolean; readonly termination: boolean };
  /**
   * What would break if the snapshot went: the account's own AMIs (DescribeImages, Owners self) and
   * launch template versions (DescribeLaunchTemplateVersions) whose block device mappings name it,
   * each as a readable label (`ami-1 (web-2026-01)`, `lt-1 (web) version 3`).
   */
  readonly snapshotReferences?: {
    readonly images: readonly string[];
    readonly launchTemplateVersions: readonly string[];
  };
  /**
   * The KMS key that encrypts the volume or snapshot, as DescribeKey shows it to the remediation role;
   * `AccessDenied` when the key policy refuses the role even that.
   */
  readonly kmsKey?: {
    readonly keyId: string;
    readonly state: string;
    /** `CUSTOMER` (the customer manages its policy and grants) or `AWS` (`aws/ebs`). */
    readonly manager?: string;
  };
}

/** What pre-flight knows about an item: the live resource (re-described now) and the stored inventory. */
export interface PreflightContext {
  readonly inventory: Inventory;
  /**
   * The live reads `impact.ts` asked for; a check whose read is missing refuses.
   * @default undefined: a preview from the inventory, whose checks that need a live read say they run with the item
   */
  readonly facts?: PreflightFacts;
  /**
   * Accounts opted in as a whole (`hostmaster:remediationAccounts`): what has no tag to opt in with
   * (an account-level setting, a bucket) may be changed only there. @default none
   */
  readonly optedInAccounts?: ReadonlySet<string>;
}

/**
 * What an action does to its resource, so pre-flight checks the protections that matter: stop
 * protection for a stop, termination or deletion protection and references for a deletion.
 */
export type ActionEffect = 'stop' | 'delete' | 'change';

export interface RemediationAction<T extends ResourceType = ResourceType> {
  /** Stable kebab-case id, stored in every request. */
  readonly id: string;
  readonly title: string;
  /** Rule ids whose findings this action fixes. */
  readonly fixes: readonly string[];
  readonly resourceType: T;
  /** Destructive actions need a person's approval (and a backup where one is possible). */
  readonly destructive: boolean;
  /** What the change does to the resource. @default 'change' */
  readonly effect?: ActionEffect;
  /** What the backup step keeps, or why there is none. */
  readonly backupDescription: string;
  /** What verification expects after the change, besides the finding's rule passing. */
  readonly verifyDescription: string;
  readonly undo: UndoSpec<T>;
  /** The exact calls for this resource. */
  plan(resource: ResourceOf<T>, request: PlanRequest): ActionPlan;
  /** Checks specific to this action (the common ones live in `preflight.ts`). */
  preflight?(resource: ResourceOf<T>, context: PreflightContext): readonly PreflightCheck[];
  /**
   * Whether the resource as re-collected after the change (undefined: it no longer exists) shows the
   * change took effect; a string says why not.
   */
  verify(after: ResourceOf<T> | undefined, request: PlanRequest): true | string;
}

/** Declares an action with its callbacks typed by its resource type. */
export function defineAction<T extends ResourceType>(action: RemediationAction<T>): RemediationAction {
  return action as unknown as RemediationAction;
}

/** What a plan is for: the request (named on anything created) and the finding's rule. */
export interface PlanRequest {
  readonly remediationId: string;
  readonly ruleId: string;
}
