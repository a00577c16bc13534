/**
 * The alerting service: looks up what a signal needs, asks the pure lifecycle (`decide`) what to do,
 * stores the alert (conditionally on the version it read) and only then publishes. A concurrent
 * writer makes the write fail, and the signal is decided again on fresh state, so one condition is
 * never announced twice.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type Alert,
  type AlertSignal,
  alertIdFor,
  type Channel,
  isActive,
  type Notification,
} from '../../domain/alerts/alert';
import {
  acknowledge,
  type Decision,
  decide,
  flushPending,
  resolveByPerson,
} from '../../domain/alerts/decide';
import type { ExpectedChange } from '../../domain/alerts/expected-change';
import { type Delivery, EMPTY_LEDGER } from '../../domain/alerts/ledger';
import type { AlertPolicy } from '../../domain/alerts/policy';
import {
  AlertConflictError,
  type AlertQuery,
  type AlertStore,
  type DeliveryLedgerStore,
  type ExpectedChangeStore,
  type Notifier,
  type SubscriptionDirectory,
} from '../../domain/alerts/ports';
import type { EventBridgeEvent, KnownResource } from '../../domain/events';
import { resourceIdsOf, signalsForEvent } from '../../domain/events';
import type { Actor } from '../../domain/identity/actor';
import type { ResourceStore } from '../../domain/ports';
import { NotFoundError } from '../../shared/errors';

/** The few logger methods the service uses: Powertools' Logger, or a silent stand-in. */
export type AlertLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface AlertServiceDependencies {
  readonly alerts: AlertStore;
  readonly ledger: DeliveryLedgerStore;
  readonly expected: ExpectedChangeStore;
  /** Inventory, to name the resource an event is about. */
  readonly resources: Pick<ResourceStore, 'get'>;
  readonly notifier: Notifier;
  readonly policy: AlertPolicy;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** @default no logging */
  readonly logger?: AlertLogger;
  /** Times a signal is decided again after a concurrent write. @default 8 */
  readonly maxConflictRetries?: number;
  /**
   * The channels' recipients (SNS subscriptions): a notice is recorded as sent to N confirmed
   * recipients, or as `no-recipients` and not published. @default unknown: recorded as sent
   */
  readonly subscriptions?: Pick<SubscriptionDirectory, 'list'>;
  /** How long a recipient count is reused. @default 60 000 ms */
  readonly recipientsTtlMs?: number;
}

export interface ApplyOutcome {
  opened: number;
  repeated: number;
  resolved: number;
  unchanged: number;
  messagesSent: number;
  messagesFailed: number;
}

const emptyOutcome = (): ApplyOutcome => ({
  opened: 0,
  repeated: 0,
  resolved: 0,
  unchanged: 0,
  messagesSent: 0,
  messagesFailed: 0,
});

const SILENT: AlertLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class AlertService {
  private readonly clock: () => Date;
  private readonly logger: AlertLogger;

  constructor(private readonly deps: AlertServiceDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.logger = deps.logger ?? SILENT;
  }

  /** One EventBridge event from the hub bus: classify it and apply its signals. */
  async handleEvent(event: EventBridgeEvent): Promise<ApplyOutcome> {
    const ids = [...new Set(resourceIdsOf(event))];
    const known = new Map<string, KnownResource>();
    const expected = new Map<string, ExpectedChange>();
    await Promise.all(
      ids.map(async (id) => {
        const [resource, change] = await Promise.all([
          this.deps.resources.get(id),
          this.deps.expected.find(id),
        ]);
        if (resource) known.set(id, { name: resource.name, type: resource.type, tags: resource.tags });
        if (change) expected.set(id, change);
      }),
    );
    const signals = signalsForEvent(event, {
      resource: (id) => known.get(id),
      expected: (id) => expected.get(id),
    });
    if (signals.length === 0) {
      this.logger.info('event ignored', { eventId: event.id, detailType: event['detail-type'] });
    }
    return this.apply(signals);
  }

  /** Applies signals in order (a batch's later decisions see the earlier ones' deliveries). */
  async apply(signals: readonly AlertSignal[]): Promise<ApplyOutcome> {
    const outcome = emptyOutcome();
    for (const signal of signals) {
      if (signal.kind === 'raise' && (await this.repeat(signal.dedupeKey, signal.at))) {
        outcome.repeated++;
        continue;
      }
      await this.withRetry(
        alertIdFor(signal.dedupeKey),
        async (alert) => {
          const now = this.clock();
          const sends = needsLedger(alert, signal);
          const ledger = sends ? await this.deps.ledger.load(now) : EMPTY_LEDGER;
          const recipients = sends ? await this.recipients(now) : undefined;
          return decide(
            { ...(alert ? { alert } : {}), ledger, ...(recipients ? { recipients } : {}) },
            signal,
            now,
            this.deps.policy,
          );
        },
        (before, decision) => count(outcome, before, decision),
        outcome,
      );
    }
    return outcome;
  }

  /** Sends notices that were held (quiet hours, rate limits, failed publishes) once allowed. */
  async flushPending(): Promise<ApplyOutcome> {
    const outcome = emptyOutcome();
    const owed = (await this.deps.alerts.list({})).filter((a) => a.pendingNotice !== undefined);
    for (const alert of owed) {
      await this.withRetry(
        alert.id,
        async (current) => {
          const now = this.clock();
          if (!current?.pendingNotice) return undefined;
          const recipients = await this.recipients(now);
          return flushPending(
            {
              alert: current,
              ledger: await this.deps.ledger.load(now),
              ...(recipients ? { recipients } : {}),
            },
            now,
            this.deps.policy,
          );
        },
        () => undefined,
        outcome,
      );
    }
    return outcome;
  }

  /**
   * A raise for an active alert is a repeat whatever else is true (see `decide`): count it with one
   * atomic update instead of a read-decide-write, so a burst of duplicates never conflicts.
   */
  private async repeat(dedupeKey: string, seenAt: string): Promise<boolean> {
    const id = alertIdFor(dedupeKey);
    const alert = await this.deps.alerts.get(id);
    if (!alert || !isActive(alert)) return false;
    return this.deps.alerts.recordRepeat(id, seenAt, this.clock().toISOString());
  }

  async acknowledge(id: string, by: Actor): Promise<Alert> {
    return this.personUpdate(id, (alert) => acknowledge(alert, by, this.clock()));
  }

  async resolve(id: string, by: Actor): Promise<Alert> {
    return this.personUpdate(id, (alert) => resolveByPerson(alert, by, this.clock()));
  }

  async get(id: string): Promise<Alert> {
    const alert = await this.deps.alerts.get(id);
    if (!alert) throw new NotFoundError('Alert', id);
    return alert;
  }

  list(query: AlertQuery): Promise<readonly Alert[]> {
    return this.deps.alerts.list(query);
  }

  private async personUpdate(id: string, change: (alert: Alert) => Alert): Promise<Alert> {
    const attempts = this.deps.maxConflictRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const alert = await this.get(id);
      const next = change(alert);
      if (next === alert) return alert;
      try {
        await this.deps.alerts.put(next);
        this.logger.info('alert updated by a person', { alertId: id, status: next.status });
        return next;
      } catch (error) {
        if (!(error instanceof AlertConflictError) || attempt >= attempts) throw error;
        await backoff(attempt);
      }
    }
  }

  /**
   * Reads the alert, decides, writes conditionally; on a conflict, reads and decides again. Messages
   * go out only after the write succeeded.
   */
  private async withRetry(
    id: string,
    decideOn: (alert: Alert | undefined) => Promise<Decision | undefined>,
    onWritten: (before: Alert | undefined, decision: Decision) => void,
    outcome: ApplyOutcome,
  ): Promise<void> {
    const attempts = this.deps.maxConflictRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const before = await this.deps.alerts.get(id);
      const decision = await decideOn(before);
      if (!decision?.changed || !decision.alert) {
        outcome.unchanged++;
        return;
      }
      try {
        await this.deps.alerts.put(decision.alert);
      } catch (error) {
        if (error instanceof AlertConflictError && attempt < attempts) {
          this.logger.info('alert changed concurrently; deciding again', { alertId: id, attempt });
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      onWritten(before, decision);
      await this.publish(decision, outcome);
      return;
    }
  }

  private recipientCache: { readonly at: number; readonly counts: Record<Channel, number> } | undefined;

  /** Confirmed recipients per channel, reused for a minute; unknown when the directory fails. */
  private async recipients(now: Date): Promise<Record<Channel, number> | undefined> {
    const directory = this.deps.subscriptions;
    if (!directory) return undefined;
    const cached = this.recipientCache;
    if (cached && now.getTime() - cached.at < (this.deps.recipientsTtlMs ?? 60_000)) return cached.counts;
    try {
      const counts: Record<Channel, number> = { sms: 0, email: 0 };
      for (const s of await directory.list()) if (s.status === 'confirmed') counts[s.protocol]++;
      this.recipientCache = { at: now.getTime(), counts };
      return counts;
    } catch (error) {
      this.logger.warn('alert recipients unknown', { error: error as Error });
      return undefined;
    }
  }

  private async publish(decision: Decision, outcome: ApplyOutcome): Promise<void> {
    if (decision.messages.length === 0) return;
    const sent: Delivery[] = [];
    let failed: unknown;
    for (const [i, message] of decision.messages.entries()) {
      try {
        await this.deps.notifier.send(message);
        sent.push(decision.deliveries[i]!);
        outcome.messagesSent++;
      } catch (error) {
        failed = error;
        outcome.messagesFailed++;
        this.logger.error('alert message not published', {
          alertId: message.alertId,
          channel: message.channel,
          error: error as Error,
        });
      }
    }
    await this.deps.ledger.record(sent);
    this.logger.info('alert notified', {
      alertId: decision.alert?.id,
      channels: decision.messages.map((m) => m.channel),
      kind: decision.messages[0]?.kind,
    });
    if (failed !== undefined && decision.alert) {
      const failedChannels = decision.messages
        .map((m) => m.channel)
        .filter((_, i) => !sent.includes(decision.deliveries[i]!));
      await this.owe(decision.alert, failedChannels);
    }
  }

  /**
   * A publish failed: mark the notice as owed so the next flush retries it, on the channels that
   * failed for an opening (the others were told).
   */
  private async owe(alert: Alert, failedChannels: readonly Channel[]): Promise<void> {
    const kind = isActive(alert) ? 'opened' : 'resolved';
    const openedVia =
      kind === 'opened' ? alert.openedVia.filter((c) => !failedChannels.includes(c)) : alert.openedVia;
    // The decision recorded these notices as sent before publishing; say what really happened.
    const at = alert.notifications.at(-1)?.at;
    const notifications = alert.notifications.map(
      (n): Notification =>
        n.at === at && n.status === 'sent' && failedChannels.includes(n.channel)
          ? { ...n, status: 'failed' }
          : n,
    );
    try {
      await this.deps.alerts.put({
        ...alert,
        openedVia,
        notifications,
        pendingNotice: kind,
        version: alert.version + 1,
      });
    } catch (error) {
      this.logger.warn('owed notice not recorded', { alertId: alert.id, error: error as Error });
    }
  }
}

/** Full-jitter backoff between optimistic-locking retries: 5 ms doubling, at most 200 ms. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/** Repeats and clears of nothing never send, so they need no ledger read. */
function needsLedger(alert: Alert | undefined, signal: AlertSignal): boolean {
  if (signal.kind === 'raise') return !(alert && isActive(alert));
  return alert !== undefined && isActive(alert);
}

function count(outcome: ApplyOutcome, before: Alert | undefined, decision: Decision): void {
  const after = decision.alert;
  if (!after) return;
  if (after.status === 'resolved' && before && isActive(before)) outcome.resolved++;
  else if (isActive(after) && before && isActive(before)) outcome.repeated++;
  else if (isActive(after)) outcome.opened++;
}
