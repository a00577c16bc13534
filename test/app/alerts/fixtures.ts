/** In-memory alerting: the service over memory stores and a notifier that records (or fails). */

import {
  MemoryAlertStore,
  MemoryDeliveryLedgerStore,
  MemoryDigestMarkStore,
  MemoryExpectedChangeStore,
} from '../../../functions/adapters/memory/alert-store';
import { MemoryExceptionStore } from '../../../functions/adapters/memory/exception-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { AlertService } from '../../../functions/app/alerts/alert-service';
import type { OutboundMessage } from '../../../functions/domain/alerts/messages';
import { type AlertPolicy, DEFAULT_ALERT_POLICY } from '../../../functions/domain/alerts/policy';
import type { Notifier, SubscriptionDirectory } from '../../../functions/domain/alerts/ports';
import type { Subscription } from '../../../functions/domain/alerts/subscriptions';

export class RecordingNotifier implements Notifier {
  readonly sent: OutboundMessage[] = [];
  readonly digests: { subject: string; text: string }[] = [];
  /** Channels whose next publish fails. */
  failing = new Set<string>();

  async send(message: OutboundMessage): Promise<void> {
    if (this.failing.has(message.channel)) throw new Error(`${message.channel} publish failed`);
    this.sent.push(message);
  }

  async sendDigest(subject: string, text: string): Promise<void> {
    this.digests.push({ subject, text });
  }
}

export function memoryAlerting(
  policy: Partial<AlertPolicy> = {},
  options: { readonly subscriptions?: Pick<SubscriptionDirectory, 'list'> } = {},
) {
  let now = new Date('2026-11-23T12:00:00.000Z');
  const alerts = new MemoryAlertStore();
  const ledger = new MemoryDeliveryLedgerStore();
  const expected = new MemoryExpectedChangeStore();
  const resources = new MemoryResourceStore();
  const notifier = new RecordingNotifier();
  const marks = new MemoryDigestMarkStore();
  const exceptions = new MemoryExceptionStore();
  const service = new AlertService({
    alerts,
    ledger,
    expected,
    resources,
    notifier,
    policy: { ...DEFAULT_ALERT_POLICY, dashboardUrl: 'https://hostmaster.example.com', ...policy },
    clock: () => now,
    ...(options.subscriptions ? { subscriptions: options.subscriptions, recipientsTtlMs: 0 } : {}),
  });
  return {
    service,
    alerts,
    ledger,
    expected,
    resources,
    notifier,
    marks,
    exceptions,
    now: () => now,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
      return now;
    },
  };
}

/** A recipient directory whose subscriptions a test sets. */
export class FixedSubscriptions implements Pick<SubscriptionDirectory, 'list'> {
  subscriptions: Subscription[] = [];

  async list(): Promise<readonly Subscription[]> {
    return this.subscriptions;
  }
}
