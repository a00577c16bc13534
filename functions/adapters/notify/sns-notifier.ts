/**
 * Publishes alert messages to the hub's SNS topics: one topic for email, one for SMS, so that
 * recipients choose a channel by subscribing to its topic and the SMS spending limit only ever
 * applies to what must wake someone.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { OutboundMessage } from '../../domain/alerts/messages';
import type { Notifier } from '../../domain/alerts/ports';

export interface SnsTopics {
  /** Topic whose subscribers receive email (and the digests). */
  readonly emailTopicArn: string;
  /** Topic whose subscribers receive SMS. */
  readonly smsTopicArn: string;
}

export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topics: SnsTopics,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    if (message.channel === 'sms') {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topics.smsTopicArn,
          Message: message.text,
          // Transactional SMS are delivered with priority (alerts cannot wait for promotional queues).
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
      return;
    }
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topics.emailTopicArn,
        Subject: message.subject,
        Message: message.text,
      }),
    );
  }

  async sendDigest(subject: string, text: string): Promise<void> {
    await this.client.send(
      new PublishCommand({ TopicArn: this.topics.emailTopicArn, Subject: subject, Message: text }),
    );
  }
}
