/**
 * What the alert routes need: the alerting service, the SNS recipients and the digest builder. The
 * API has them when its function carries the alert environment (EMAIL_TOPIC_ARN, SMS_TOPIC_ARN,
 * DASHBOARD_URL); without it these routes answer 500 and log why.
 */
import type { AlertService } from '../../adapters/alerts/alert-service';
import type { Digest } from '../../domain/alerts/digest';
import type { DigestKind, SubscriptionDirectory } from '../../domain/alerts/ports';
import type { ApiDependencies } from './operation';

export interface AlertingDependencies {
  readonly service: Pick<AlertService, 'list' | 'get' | 'acknowledge' | 'resolve'>;
  readonly subscriptions: SubscriptionDirectory;
  /** Builds the next digest of `kind` without sending it. */
  previewDigest(kind: DigestKind): Promise<Digest>;
}

/** The API function was deployed without the alert environment. */
export class AlertingNotConfiguredError extends Error {
  override readonly name = 'AlertingNotConfiguredError';
  constructor() {
    super('The API has no alerting dependencies: set EMAIL_TOPIC_ARN, SMS_TOPIC_ARN and DASHBOARD_URL');
  }
}

export function alertingOf(dependencies: ApiDependencies): AlertingDependencies {
  if (!dependencies.alerting) throw new AlertingNotConfiguredError();
  return dependencies.alerting;
}
