import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsRemediationNotifier } from '../../../functions/adapters/notify/sns-remediation-notifier';

const TOPIC = 'arn:aws:sns:us-east-1:999999999999:hostmaster-alerts-email';
const sns = mockClient(SNSClient);

describe('SnsRemediationNotifier', () => {
  beforeEach(() => sns.reset());

  it('emails the alerts topic with a link to the Remediation page as the dashboard routes it', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsRemediationNotifier(new SNSClient({}), TOPIC, 'https://hostmaster.example.com/');

    // Act
    await notifier.notify({
      remediationId: 'rem-1',
      subject: `HostMaster: ${'x'.repeat(120)}`,
      body: 'done.',
    });

    // Assess
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: `HostMaster: ${'x'.repeat(88)}`,
      Message: 'done.\n\nhttps://hostmaster.example.com/#/remediation',
    });
  });
});
