import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertConfig } from '../config';

export interface AlertsProps {
  /** Recipients subscribed at deploy time (validated by readHubConfig). */
  readonly recipients: AlertConfig;
}

/**
 * Where alerts go: an email topic for everything and an SMS topic for what must wake someone. Both are
 * encrypted with a customer-managed key (so publishers must be granted it explicitly) and refuse any
 * request not made over TLS.
 */
export class Alerts extends Construct {
  readonly key: Key;
  readonly emailTopic: Topic;
  readonly smsTopic: Topic;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts HostMaster alert topics',
      enableKeyRotation: true,
    });
    this.emailTopic = new Topic(this, 'EmailTopic', {
      displayName: 'HostMaster alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.smsTopic = new Topic(this, 'SmsTopic', {
      displayName: 'HostMaster',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.recipients.emails) {
      this.emailTopic.addSubscription(new EmailSubscription(email));
    }
    for (const phoneNumber of props.recipients.phoneNumbers) {
      this.smsTopic.addSubscription(new SmsSubscription(phoneNumber));
    }
  }

  /** Lets a publisher send to both topics (includes use of the topics' key). */
  grantPublish(grantee: IGrantable): void {
    this.emailTopic.grantPublish(grantee);
    this.smsTopic.grantPublish(grantee);
  }
}
