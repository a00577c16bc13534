import {
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../../functions/adapters/notify/sns-notifier';
import { SnsSubscriptionDirectory } from '../../../functions/adapters/notify/sns-subscriptions';
import { SubscriptionRequestSchema } from '../../../functions/domain/alerts/subscriptions';
import { ConflictError } from '../../../functions/shared/errors';

const sns = mockClient(SNSClient);
const topics = {
  emailTopicArn: 'arn:aws:sns:us-east-1:123456789012:hostmaster-email',
  smsTopicArn: 'arn:aws:sns:us-east-1:123456789012:hostmaster-sms',
};
const client = new SNSClient({ region: 'us-east-1' });

afterEach(() => sns.reset());

describe('SnsNotifier', () => {
  it('publishes SMS to the SMS topic as transactional, without a subject', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    // Act
    await new SnsNotifier(client, topics).send({
      channel: 'sms',
      kind: 'opened',
      alertId: 'al-1',
      resourceId: 'r',
      text: 'HostMaster CRITICAL: x',
    });
    // Assess
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: topics.smsTopicArn,
      Message: 'HostMaster CRITICAL: x',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBeUndefined();
  });

  it('publishes email and digests to the email topic with their subject', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier(client, topics);
    // Act
    await notifier.send({
      channel: 'email',
      kind: 'resolved',
      alertId: 'al-1',
      resourceId: 'r',
      subject: 'S',
      text: 'T',
    });
    await notifier.sendDigest('Digest', 'Body');
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(sns).toHaveReceivedNthCommandWith(PublishCommand, 1, {
      TopicArn: topics.emailTopicArn,
      Subject: 'S',
      Message: 'T',
    });
    expect(sns).toHaveReceivedNthCommandWith(PublishCommand, 2, {
      TopicArn: topics.emailTopicArn,
      Subject: 'Digest',
      Message: 'Body',
    });
  });
});

describe('SnsSubscriptionDirectory', () => {
  it('lists both topics, email still pending confirmation', async () => {
    // Prepare
    sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: topics.emailTopicArn })
      .resolvesOnce({
        Subscriptions: [
          {
            Protocol: 'email',
            Endpoint: 'ops@example.com',
            SubscriptionArn: 'PendingConfirmation',
            TopicArn: topics.emailTopicArn,
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Subscriptions: [
          {
            Protocol: 'email',
            Endpoint: 'lead@example.com',
            SubscriptionArn: `${topics.emailTopicArn}:abc`,
            TopicArn: topics.emailTopicArn,
          },
        ],
      });
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: topics.smsTopicArn }).resolves({
      Subscriptions: [
        {
          Protocol: 'sms',
          Endpoint: '+14155550100',
          SubscriptionArn: `${topics.smsTopicArn}:def`,
          TopicArn: topics.smsTopicArn,
        },
      ],
    });
    // Act
    const list = await new SnsSubscriptionDirectory(client, topics).list();
    // Assess
    expect(list).toEqual([
      {
        id: 'pending:email:ops@example.com',
        protocol: 'email',
        endpoint: 'ops@example.com',
        status: 'pending-confirmation',
      },
      {
        id: `${topics.emailTopicArn}:abc`,
        protocol: 'email',
        endpoint: 'lead@example.com',
        status: 'confirmed',
      },
      { id: `${topics.smsTopicArn}:def`, protocol: 'sms', endpoint: '+14155550100', status: 'confirmed' },
    ]);
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, {
      TopicArn: topics.emailTopicArn,
      NextToken: 'page-2',
    });
  });

  it('subscribes email to the email topic (pending) and SMS to the SMS topic (active)', async () => {
    // Prepare
    sns.on(SubscribeCommand, { Protocol: 'email' }).resolves({ SubscriptionArn: 'pending confirmation' });
    sns.on(SubscribeCommand, { Protocol: 'sms' }).resolves({ SubscriptionArn: `${topics.smsTopicArn}:new` });
    const directory = new SnsSubscriptionDirectory(client, topics);
    // Act
    const email = await directory.subscribe({ protocol: 'email', endpoint: 'ops@example.com' });
    const sms = await directory.subscribe({ protocol: 'sms', endpoint: '+442071838750' });
    // Assess
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: topics.emailTopicArn,
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: topics.smsTopicArn,
      Protocol: 'sms',
      Endpoint: '+442071838750',
    });
    expect(email).toMatchObject({ status: 'pending-confirmation', id: 'pending:email:ops@example.com' });
    expect(sms).toMatchObject({ status: 'confirmed', id: `${topics.smsTopicArn}:new` });
  });

  it('unsubscribes only subscriptions of its own topics and reports unknown ones', async () => {
    // Prepare
    sns.on(UnsubscribeCommand, { SubscriptionArn: `${topics.smsTopicArn}:def` }).resolves({});
    sns
      .on(UnsubscribeCommand, { SubscriptionArn: `${topics.smsTopicArn}:gone` })
      .rejects(new NotFoundException({ message: 'Subscription does not exist', $metadata: {} }));
    const directory = new SnsSubscriptionDirectory(client, topics);
    // Act
    const removed = await directory.unsubscribe(`${topics.smsTopicArn}:def`);
    const gone = await directory.unsubscribe(`${topics.smsTopicArn}:gone`);
    const foreign = await directory.unsubscribe('arn:aws:sns:us-east-1:123456789012:other-topic:xyz');
    // Assess
    expect([removed, gone, foreign]).toEqual([true, false, false]);
    expect(sns).toHaveReceivedCommandTimes(UnsubscribeCommand, 2);
    await expect(directory.unsubscribe('pending:email:ops@example.com')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('SubscriptionRequestSchema', () => {
  it('accepts E.164 phone numbers and email addresses only', () => {
    expect(SubscriptionRequestSchema.safeParse({ protocol: 'sms', endpoint: '+14155550100' }).success).toBe(
      true,
    );
    expect(SubscriptionRequestSchema.safeParse({ protocol: 'sms', endpoint: '4155550100' }).success).toBe(
      false,
    );
    expect(SubscriptionRequestSchema.safeParse({ protocol: 'sms', endpoint: '+0155550100' }).success).toBe(
      false,
    );
    expect(SubscriptionRequestSchema.safeParse({ protocol: 'email', endpoint: 'not-an-email' }).success).toBe(
      false,
    );
    expect(SubscriptionRequestSchema.safeParse({ protocol: 'https', endpoint: 'https://x' }).success).toBe(
      false,
    );
  });
});
