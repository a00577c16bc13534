/**
 * Alert recipients as SNS subscriptions: email on the email topic, SMS on the SMS topic. SNS keeps
 * them (and their confirmation state); this only relays, so the dashboard and the AWS console never
 * disagree about who is subscribed.
 */
import {
  NotFoundException,
  paginateListSubscriptionsByTopic,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { SubscriptionDirectory } from '../../domain/alerts/ports';
import type { Subscription, SubscriptionRequest } from '../../domain/alerts/subscriptions';
import { ConflictError } from '../../shared/errors';
import type { SnsTopics } from './sns-notifier';

/** What SNS lists in place of an ARN until an email recipient confirms. */
const PENDING = 'PendingConfirmation';

export const pendingSubscriptionId = (protocol: string, endpoint: string) =>
  `pending:${protocol}:${endpoint}`;

export class SnsSubscriptionDirectory implements SubscriptionDirectory {
  constructor(
    private readonly client: SNSClient,
    private readonly topics: SnsTopics,
  ) {}

  async list(): Promise<readonly Subscription[]> {
    const subscriptions: Subscription[] = [];
    for (const [topicArn, protocol] of [
      [this.topics.emailTopicArn, 'email'],
      [this.topics.smsTopicArn, 'sms'],
    ] as const) {
      for await (const page of paginateListSubscriptionsByTopic(
        { client: this.client },
        { TopicArn: topicArn },
      )) {
        for (const s of page.Subscriptions ?? []) {
          if (s.Protocol !== protocol || !s.Endpoint || !s.SubscriptionArn) continue;
          const pending = s.SubscriptionArn === PENDING;
          subscriptions.push({
            id: pending ? pendingSubscriptionId(protocol, s.Endpoint) : s.SubscriptionArn,
            protocol,
            endpoint: s.Endpoint,
            status: pending ? 'pending-confirmation' : 'confirmed',
          });
        }
      }
    }
    return subscriptions;
  }

  async subscribe(request: SubscriptionRequest): Promise<Subscription> {
    const topicArn = request.protocol === 'email' ? this.topics.emailTopicArn : this.topics.smsTopicArn;
    const { SubscriptionArn } = await this.client.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: request.protocol,
        Endpoint: request.endpoint,
      }),
    );
    // SNS answers `pending confirmation` for email (the recipient gets a confirmation link) and the
    // ARN for SMS, which is active at once.
    const arn = SubscriptionArn?.startsWith('arn:') ? SubscriptionArn : undefined;
    return {
      id: arn ?? pendingSubscriptionId(request.protocol, request.endpoint),
      protocol: request.protocol,
      endpoint: request.endpoint,
      status: arn ? 'confirmed' : 'pending-confirmation',
    };
  }

  async unsubscribe(id: string): Promise<boolean> {
    if (id.startsWith('pending:')) {
      throw new ConflictError(
        'A subscription awaiting confirmation cannot be removed; SNS deletes it if it is not confirmed within 3 days',
      );
    }
    // Only subscriptions of HostMaster's own topics: an id is not a licence to touch other topics.
    const ours = [this.topics.emailTopicArn, this.topics.smsTopicArn].some((arn) => id.startsWith(`${arn}:`));
    if (!ours) return false;
    try {
      await this.client.send(new UnsubscribeCommand({ SubscriptionArn: id }));
      return true;
    } catch (error) {
      if (error instanceof NotFoundException || (error as Error).name === 'NotFoundException') return false;
      throw error;
    }
  }
}
