/**
 * Alert recipients are SNS subscriptions: email to the email topic, SMS to the SMS topic. SNS is the
 * source of truth (confirmation state included); HostMaster only validates and relays.
 */
import { z } from 'zod';

/** E.164: `+`, country code, subscriber number; at most 15 digits, no leading zero. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const SubscriptionRequestSchema = z.discriminatedUnion('protocol', [
  z.object({ protocol: z.literal('email'), endpoint: z.email('must be an email address') }),
  z.object({
    protocol: z.literal('sms'),
    endpoint: z.string().regex(E164_PATTERN, 'must be a phone number in E.164 format, e.g. +14155550100'),
  }),
]);
export type SubscriptionRequest = z.infer<typeof SubscriptionRequestSchema>;

export interface Subscription {
  /** The SNS subscription ARN, or `pending:<protocol>:<endpoint>` while SNS awaits confirmation. */
  readonly id: string;
  readonly protocol: 'email' | 'sms';
  readonly endpoint: string;
  /** Email subscriptions stay pending until the recipient follows SNS's confirmation link. */
  readonly status: 'confirmed' | 'pending-confirmation';
}
