import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertEnvironment } from '../../functions/shared/contract/environment';
import type { AlertConfig } from '../config';

export interface AlertsProps {
  /** Recipients subscribed at deploy time and the delivery policy (validated by readHubConfig). */
  readonly recipients: AlertConfig;
}

/**
 * Where alerts go: an email topic for everything and an SMS topic for what must wake someone. Both are
 * encrypted with a customer-managed key (so publishers must be granted it explicitly) and refuse any
 * request not made over TLS. The construct also writes down the environment every alerting function
 * reads, so the health, digest and API functions cannot disagree about it.
 */
export class Alerts extends Construct {
  readonly key: Key;
  readonly emailTopic: Topic;
  readonly smsTopic: Topic;
  private readonly recipients: AlertConfig;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.recipients = props.recipients;
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

  /**
   * Lets a publisher send to both topics (includes use of the topics' key) and count their
   * subscribers, so an alert records "sent to N" or "no recipients" rather than a bare "sent".
   */
  grantPublish(grantee: IGrantable): void {
    this.emailTopic.grantPublish(grantee);
    this.smsTopic.grantPublish(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'CountAlertRecipients',
        effect: Effect.ALLOW,
        actions: ['sns:ListSubscriptionsByTopic'],
        resources: [this.emailTopic.topicArn, this.smsTopic.topicArn],
      }),
    );
  }

  /**
   * Lets the API list, add and remove recipients of both topics. Unsubscribe names a subscription
   * (`<topic arn>:<id>`), so it is also allowed on the subscriptions of these two topics, and only those.
   */
  grantManageSubscriptions(grantee: IGrantable): void {
    const topics = [this.emailTopic.topicArn, this.smsTopic.topicArn];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ManageAlertSubscriptions',
        effect: Effect.ALLOW,
        actions: ['sns:ListSubscriptionsByTopic', 'sns:Subscribe'],
        resources: topics,
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'RemoveAlertSubscriptions',
        effect: Effect.ALLOW,
        actions: ['sns:Unsubscribe'],
        resources: [...topics, ...topics.map((topic) => `${topic}:*`)],
      }),
    );
  }

  /**
   * What an alerting function reads (AlertEnvironment): the table, both topics, the dashboard link
   * and the optional delivery policy from context.
   */
  functionEnvironment(tableName: string, dashboardUrl: string): AlertEnvironment {
    return {
      TABLE_NAME: tableName,
      DASHBOARD_URL: dashboardUrl,
      ALERT_TOPIC_ARN: this.emailTopic.topicArn,
      EMAIL_TOPIC_ARN: this.emailTopic.topicArn,
      SMS_TOPIC_ARN: this.smsTopic.topicArn,
      ...(this.recipients.quietHours ? { ALERT_QUIET_HOURS: this.recipients.quietHours } : {}),
      ...(this.recipients.smsMonthlyBudgetUsd
        ? { SMS_MONTHLY_BUDGET_USD: this.recipients.smsMonthlyBudgetUsd }
        : {}),
    };
  }
}
