/**
 * What has been sent lately, which rate limits and the SMS budget are judged against. Stores keep
 * the last hour of deliveries and a per-month SMS count; `decide` only reads it and returns what it
 * adds.
 */
import type { Channel } from './alert';

export interface Delivery {
  readonly at: string;
  readonly channel: Channel;
  readonly resourceId: string;
  readonly alertId: string;
}

export interface DeliveryLedger {
  /** Deliveries in the hour before now (older ones may be present; they are ignored). */
  readonly recent: readonly Delivery[];
  /** SMS sent in the current calendar month (UTC). */
  readonly smsThisMonth: number;
}

export const EMPTY_LEDGER: DeliveryLedger = { recent: [], smsThisMonth: 0 };

export const HOUR_MS = 3_600_000;

/** `YYYY-MM` of a time, in UTC: the month the SMS budget counts in. */
export const monthOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 7);

/** The ledger after `added` deliveries, as seen at `now`. */
export function withDeliveries(
  ledger: DeliveryLedger,
  added: readonly Delivery[],
  now: Date,
): DeliveryLedger {
  const month = monthOf(now);
  const sms = added.filter((d) => d.channel === 'sms' && monthOf(d.at) === month).length;
  return { recent: [...ledger.recent, ...added], smsThisMonth: ledger.smsThisMonth + sms };
}

/** Deliveries on `channel` within the hour before `now`, overall and about one resource. */
export function countRecent(
  ledger: DeliveryLedger,
  channel: Channel,
  resourceId: string,
  now: Date,
): { overall: number; resource: number } {
  const from = now.getTime() - HOUR_MS;
  let overall = 0;
  let resource = 0;
  for (const d of ledger.recent) {
    if (d.channel !== channel) continue;
    const at = Date.parse(d.at);
    if (at <= from || at > now.getTime()) continue;
    overall++;
    if (d.resourceId === resourceId) resource++;
  }
  return { overall, resource };
}
