import { SubscriptionRequestSchema } from '../../domain/alerts/subscriptions';
import { auditActor } from '../../domain/posture/audit-event';
import { alertingOf } from './alerting';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';

/** Audit target of a recipient: one history per address or number, whatever SNS ids it had. */
export const subscriptionTarget = (subscription: { readonly protocol: string; readonly endpoint: string }) =>
  `subscription/${subscription.protocol}:${subscription.endpoint}`;

/**
 * `POST /subscriptions` `{ protocol: 'email' | 'sms', endpoint }`: subscribes a recipient, audited
 * with the caller as actor. Email waits for the recipient to confirm SNS's message; SMS numbers must
 * be E.164 and are active at once.
 */
export const createSubscription: Operation<'createSubscription'> = async (request, dependencies) => {
  const subscription = parseInput(SubscriptionRequestSchema, request.body);
  await dependencies.audit.record({
    at: new Date().toISOString(),
    ...auditActor(actorOf(request.caller)),
    action: 'subscription.created',
    target: subscriptionTarget(subscription),
    detail: { protocol: subscription.protocol, endpoint: subscription.endpoint },
  });
  return { statusCode: 201, body: await alertingOf(dependencies).subscriptions.subscribe(subscription) };
};
