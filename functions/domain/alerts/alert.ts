/**
 * Alerts: something a person should know about now (an instance that crashed, a load balancer with
 * no healthy target), kept as one record per condition (`dedupeKey`) so that repeats update it
 * instead of notifying again. A condition that clears resolves the alert; if it comes back, the same
 * record reopens as a new episode and the previous one moves to `episodes`.
 */
import { z } from 'zod';
import { IdentitySchema } from '../identity/actor';
import { AccountIdSchema, RegionSchema, SeveritySchema } from '../model';

const isoDate = z.iso.datetime({ offset: true });

export const AlertSourceSchema = z.enum(['event', 'check', 'cost-anomaly', 'security-finding']);
export type AlertSource = z.infer<typeof AlertSourceSchema>;
export const AlertStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;
export const ChannelSchema = z.enum(['sms', 'email']);
export type Channel = z.infer<typeof ChannelSchema>;
export const NoticeKindSchema = z.enum(['opened', 'resolved']);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

/** Why a notice was not sent (yet) on a channel. */
export const HoldReasonSchema = z.enum([
  'quiet-hours',
  'rate-limit-resource',
  'rate-limit-overall',
  'sms-budget',
]);
export type HoldReason = z.infer<typeof HoldReasonSchema>;

/**
 * What really happened to a notice on a channel (issue 10: a notice was recorded as sent when nobody
 * was subscribed): `sent` to `recipients` people, `held` and why (quiet hours, rate limit, SMS
 * budget), `no-recipients` (nobody is subscribed to the channel, so nothing was published), or
 * `failed` (SNS refused the publish; the notice is owed and retried).
 */
export const NotificationStatusSchema = z.enum(['sent', 'held', 'no-recipients', 'failed']);
export type NotificationStatus = z.infer<typeof NotificationStatusSchema>;

/** One decision about one channel: what was sent and to how many, or why not. */
export const NotificationSchema = z.object({
  at: isoDate,
  channel: ChannelSchema,
  kind: NoticeKindSchema,
  status: NotificationStatusSchema,
  reason: HoldReasonSchema.optional(),
  /** Confirmed subscribers of the channel when it was sent; absent where it was not known. */
  recipients: z.number().int().nonnegative().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const EpisodeSchema = z.object({
  since: isoDate,
  resolvedAt: isoDate,
  occurrences: z.number().int().positive(),
});

export const AlertSchema = z.object({
  /** `al-` + 16 hex digits of the dedupe key's hash: stable for the condition's lifetime. */
  id: z.string(),
  /** What makes two signals the same condition, e.g. `ec2-state|<instance arn>`. */
  dedupeKey: z.string(),
  source: AlertSourceSchema,
  severity: SeveritySchema,
  title: z.string(),
  /** One more line for people: the reason AWS gave, the evidence of a check. */
  detail: z.string().optional(),
  resourceId: z.string(),
  resourceName: z.string(),
  resourceType: z.string(),
  accountId: AccountIdSchema,
  region: RegionSchema,
  status: AlertStatusSchema,
  /** When the current episode started (the condition was first observed). */
  since: isoDate,
  lastSeen: isoDate,
  /** Signals received in the current episode. */
  occurrences: z.number().int().positive(),
  /** The person who acknowledged it, as shown (verified email, else username). */
  acknowledgedBy: z.string().optional(),
  /** Their Cognito identity, which `acknowledgedBy` only names. */
  acknowledgedByIdentity: IdentitySchema.optional(),
  acknowledgedAt: isoDate.optional(),
  resolvedAt: isoDate.optional(),
  /** `condition cleared`, or the person who resolved it. */
  resolvedBy: z.string().optional(),
  /** The Cognito identity of the person who resolved it; absent when the condition cleared. */
  resolvedByIdentity: IdentitySchema.optional(),
  /** Channels the current episode's opening notice reached: its resolution goes to the same ones. */
  openedVia: z.array(ChannelSchema),
  /** A notice that was held (quiet hours, rate limit) and is still owed. */
  pendingNotice: NoticeKindSchema.optional(),
  /** Latest channel decisions, newest last (bounded). */
  notifications: z.array(NotificationSchema),
  /** Earlier episodes of the same condition, newest last (bounded). */
  episodes: z.array(EpisodeSchema),
  /** Incremented on every write; stores write conditionally on it (optimistic locking). */
  version: z.number().int().nonnegative(),
  /** When the record last changed (status, occurrences, notices). */
  updatedAt: isoDate,
});
export type Alert = z.infer<typeof AlertSchema>;

/** What a signal says about the affected resource. */
export interface AlertResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

/** A condition observed now: opens an alert, or counts as a repeat of the open one. */
export interface RaiseSignal {
  readonly kind: 'raise';
  readonly dedupeKey: string;
  readonly source: AlertSource;
  readonly severity: Alert['severity'];
  readonly title: string;
  readonly detail?: string;
  readonly resource: AlertResource;
  readonly accountId: string;
  readonly region: string;
  /** When the condition was observed (the event's time, the check's run). */
  readonly at: string;
}

/** The condition is gone: resolves the open alert, if any. */
export interface ClearSignal {
  readonly kind: 'clear';
  readonly dedupeKey: string;
  readonly at: string;
  readonly reason: string;
}

export type AlertSignal = RaiseSignal | ClearSignal;

/** How many notifications and episodes a record keeps. */
export const MAX_NOTIFICATIONS = 50;
export const MAX_EPISODES = 20;

/**
 * The alert id of a dedupe key: 64-bit FNV-1a in two lanes. Pure TypeScript so the domain stays free
 * of platform modules; stores keep the dedupe key in the item and refuse a mismatch.
 */
export function alertIdFor(dedupeKey: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < dedupeKey.length; i++) {
    const c = dedupeKey.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `al-${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

/** Open or acknowledged: the condition is still there. */
export const isActive = (alert: Alert): boolean => alert.status !== 'resolved';
