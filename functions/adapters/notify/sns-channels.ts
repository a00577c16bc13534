/**
 * The SNS side of alerting, on one client: the notifier that publishes to the email and SMS topics and
 * the directory of their subscriptions.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsNotifier, type SnsTopics } from './sns-notifier';
import { SnsSubscriptionDirectory } from './sns-subscriptions';

export function snsChannels(topics: SnsTopics): {
  readonly notifier: SnsNotifier;
  readonly subscriptions: SnsSubscriptionDirectory;
} {
  const client = new SNSClient({});
  return {
    notifier: new SnsNotifier(client, topics),
    subscriptions: new SnsSubscriptionDirectory(client, topics),
  };
}
