import { SubscriptionRequestSchema } from '../../domain/alerts/subscriptions';
import { alertingOf } from './alerting';
import type { Operation } from './operation';
import { parseInput } from './parse';

/**
 * `POST /subscriptions` `{ protocol: 'email' | 'sms', endpoint }`: subscribes a recipient. Email
 * waits for the recipient to confirm SNS's message; SMS numbers must be E.164 and are active at once.
 */
export const createSubscription: Operation = async (request, dependencies) => {
  const subscription = parseInput(SubscriptionRequestSchema, request.body);
  return { statusCode: 201, body: await alertingOf(dependencies).subscriptions.subscribe(subscription) };
};
