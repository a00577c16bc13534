import type { Inventory } from '../inventory';
import type {
  FindingCategory,
  FrameworkReference,
  Resource,
  ResourceOf,
  ResourceType,
  Severity,
} from '../model';
import type { PriceBook } from '../pricing';
import type { UtilizationLookup } from '../utilization';

/**
 * A rule's answer for one resource. "insufficient-data" is a verdict of its own: a cost rule without
 * two weeks of metrics or without a price says so instead of reporting "no saving".
 */
export type Verdict =
  | { readonly kind: 'compliant' }
  | { readonly kind: 'not-applicable' }
  | { readonly kind: 'insufficient-data'; readonly reason: string }
  | {
      readonly kind: 'non-compliant';
      /** Facts behind the verdict, shown to a person. */
      readonly evidence: Readonly<Record<string, unknown>>;
      /** Estimated monthly saving in USD, for cost rules. */
      readonly monthlySavingsUsd?: number;
      /** Overrides the rule's title for this resource, e.g. "Port 22 open to 0.0.0.0/0". */
      readonly title?: string;
      /** Overrides the rule's severity for this resource. */
      readonly severity?: Severity;
    };

export const compliant: Verdict = { kind: 'compliant' };
export const notApplicable: Verdict = { kind: 'not-applicable' };
export function insufficientData(reason: string): Verdict {
  return { kind: 'insufficient-data', reason };
}

/** A tag key and the values that count as a match (both compared case-insensitively). */
export interface TagMatcher {
  readonly key: string;
  readonly values: readonly string[];
}

/** Configuration rules read; every field has a default in `DEFAULT_RULE_SETTINGS`. */
export interface RuleSettings {
  /** Tag keys every taggable resource must carry. @default ['owner', 'environment'] */
  readonly requiredTags: readonly string[];
  /**
   * Tags that mark a resource as production (stricter availability rules apply).
   * @default [{ key: 'environment', values: ['production', 'prod'] }]
   */
  readonly productionTags?: readonly TagMatcher[];
  /**
   * Tags that mark a resource as holding critical data (versioning and backups are required).
   * @default [{ key: 'data-classification', values: ['critical'] }, { key: 'critical', values: ['true'] }]
   */
  readonly criticalDataTags?: readonly TagMatcher[];
  /** Per-rule numeric thresholds, keyed by rule id then threshold name; rules document their own defaults. */
  readonly thresholds: Readonly<Record<string, Readonly<Record<string, number>> | undefined>>;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { requiredTags: ['owner', 'environment'], thresholds: {} };

/** Everything a rule may consult besides the resource: passed in, never read from the environment. */
export interface RuleContext {
  readonly now: Date;
  readonly inventory: Inventory;
  readonly utilization: UtilizationLookup;
  readonly prices: PriceBook;
  readonly settings: RuleSettings;
}

export interface Rule<T extends ResourceType = ResourceType> {
  /** Stable kebab-case id; part of every finding id, so never renamed. */
  readonly id: string;
  readonly title: string;
  readonly category: FindingCategory;
  readonly severity: Severity;
  /** Why this matters, in a sentence or two. */
  readonly rationale: string;
  /** What to do about it. */
  readonly remediation: string;
  readonly references: readonly FrameworkReference[];
  readonly appliesTo: readonly T[];
  evaluate(resource: ResourceOf<T>, context: RuleContext): Verdict;
}

/** Declares a rule with `evaluate` typed by the resource types it applies to. */
export function defineRule<T extends ResourceType>(rule: Rule<T>): Rule {
  return rule as unknown as Rule;
}

/** Reads a threshold from settings, falling back to the rule's default. */
export function threshold(context: RuleContext, ruleId: string, name: string, fallback: number): number {
  return context.settings.thresholds[ruleId]?.[name] ?? fallback;
}

export type { Resource };
