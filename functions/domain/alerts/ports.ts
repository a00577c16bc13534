/**
 * Ports of the alerting service. Each has a DynamoDB (or SNS) implementation in functions/adapters
 * and an in-memory one for tests and the CLI.
 */
import type { Alert, AlertStatus } from './alert';
import type { ExpectedChange } from './expected-change';
import type { Delivery, DeliveryLedger } from './ledger';
import type { OutboundMessage } from './messages';
import type { Subscription, SubscriptionRequest } from './subscriptions';

export interface AlertQuery {
  readonly status?: AlertStatus;
  readonly severity?: Alert['severity'];
  readonly accountId?: string;
  readonly resourceId?: string;
  /** Only alerts that changed at or after this time. */
  readonly changedSince?: string;
}

/** Written when an alert was changed by someone else since it was read: read again and decide again. */
export class AlertConflictError extends Error {
  override readonly name = 'AlertConflictError';
  constructor(readonly alertId: string) {
    super(`Alert ${alertId} changed while it was being updated`);
  }
}

export interface AlertStore {
  get(id: string): Promise<Alert | undefined>;
  /**
   * Writes the alert if the stored one still has `version - 1` (or none exists when version is 1);
   * otherwise throws {@link AlertConflictError}.
   */
  put(alert: Alert): Promise<void>;
  /**
   * Counts a repeat of an active alert atomically (occurrences + 1, lastSeen, version + 1), so that a
   * burst of identical events never conflicts. False when the alert is no longer active.
   */
  recordRepeat(id: string, seenAt: string, updatedAt: string): Promise<boolean>;
  /** Alerts matching every given filter, most recently changed first. */
  list(query: AlertQuery): Promise<readonly Alert[]>;
}

/** Recent deliveries, for rate limits and the SMS budget. */
export interface DeliveryLedgerStore {
  /** Deliveries of the hour before `now` and the SMS count of `now`'s month. */
  load(now: Date): Promise<DeliveryLedger>;
  record(deliveries: readonly Delivery[]): Promise<void>;
}

/** State changes HostMaster itself requested (see expected-change.ts). */
export interface ExpectedChangeStore {
  record(change: ExpectedChange): Promise<void>;
  /** The latest recorded request for the resource, if any. */
  find(resourceId: string): Promise<ExpectedChange | undefined>;
}

/** When each digest kind last went out, so the next one says only what changed since. */
export interface DigestMarkStore {
  lastSent(kind: DigestKind): Promise<string | undefined>;
  markSent(kind: DigestKind, at: string): Promise<void>;
}

export type DigestKind = 'daily' | 'weekly';

/** Publishes messages (SNS topics per channel). */
export interface Notifier {
  send(message: OutboundMessage): Promise<void>;
  /** Publishes a digest to the email recipients. */
  sendDigest(subject: string, text: string): Promise<void>;
}

/** Recipient management (SNS subscriptions). */
export interface SubscriptionDirectory {
  list(): Promise<readonly Subscription[]>;
  subscribe(request: SubscriptionRequest): Promise<Subscription>;
  /** False when there is no such subscription. */
  unsubscribe(id: string): Promise<boolean>;
}

/** Month-to-date cost and its forecast, where cost data exists; undefined otherwise. */
export interface CostSummarySource {
  summary(now: Date): Promise<CostSummary | undefined>;
}

/** Month to date as domain/cost `monthToDate` defines it: closed days only, like the dashboard. */
export interface CostSummary {
  readonly monthToDateUsd: number;
  /** Same closed days of the previous month, for the delta. */
  readonly previousMonthToDateUsd?: number;
  /** Closed days counted (0 on the 1st of the month). */
  readonly closedDays?: number;
  /** Last closed day counted (yesterday), absent on the 1st. */
  readonly closedThrough?: string;
  readonly forecastMonthUsd?: number;
  readonly currency: 'USD';
}
