import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { RemediationNotifier } from '../../domain/remediation/ports';

/**
 * Remediation news goes to the alerts email topic (never SMS: nothing here must wake someone), with a
 * link to the request on the dashboard.
 */
export class SnsRemediationNotifier implements RemediationNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly emailTopicArn: string,
    private readonly dashboardUrl: string,
  ) {}

  async notify(message: {
    readonly subject: string;
    readonly body: string;
    readonly remediationId: string;
  }): Promise<void> {
    // The dashboard routes by the fragment (frontend/src/app/routes.ts); the Remediation page lists the request.
    const link = `${this.dashboardUrl.replace(/\/$/, '')}/#/remediation`;
    await this.client.send(
      new PublishCommand({
        TopicArn: this.emailTopicArn,
        // SNS email subjects are at most 100 characters.
        Subject: message.subject.slice(0, 100),
        Message: `${message.body}\n\n${link}`,
      }),
    );
  }
}

/** The notifier with its own client, configured from the environment like every SDK client. */
export function createSnsRemediationNotifier(
  emailTopicArn: string,
  dashboardUrl: string,
): SnsRemediationNotifier {
  return new SnsRemediationNotifier(new SNSClient({}), emailTopicArn, dashboardUrl);
}
