/**
 * What the alert routes need: the alerting service, the SNS recipients and the digest builder. The
 * API Lambda always has them (alerts live in the HostMaster table); a test or tool that builds the
 * API without them gets an empty alert store: no alert exists, and subscribing fails.
 */
import type { AlertService } from '../../app/alerts/alert-service';
import { buildDigest, type Digest } from '../../domain/alerts/digest';
import type { DigestKind, SubscriptionDirectory } from '../../domain/alerts/ports';
import { NotFoundError } from '../../shared/errors';
import type { ApiDependencies } from './operation';

export interface AlertingDependencies {
  readonly service: Pick<AlertService, 'list' | 'get' | 'acknowledge' | 'resolve'>;
  readonly subscriptions: SubscriptionDirectory;
  /** Builds the next digest of `kind` without sending it. */
  previewDigest(kind: DigestKind): Promise<Digest>;
}

/** Subscribing through an API built without a subscription directory. */
export class AlertingNotConfiguredError extends Error {
  override readonly name = 'AlertingNotConfiguredError';
  constructor() {
    super('This API was built without alert subscriptions');
  }
}

const missing = (id: string) => Promise.reject(new NotFoundError('Alert', id));

const NO_ALERTING: AlertingDependencies = {
  service: { list: async () => [], get: missing, acknowledge: missing, resolve: missing },
  subscriptions: {
    list: async () => [],
    subscribe: () => Promise.reject(new AlertingNotConfiguredError()),
    unsubscribe: async () => false,
  },
  previewDigest: async (kind) =>
    buildDigest({ kind, now: new Date(), alerts: [], findings: [], dashboardUrl: '' }),
};

export function alertingOf(dependencies: ApiDependencies): AlertingDependencies {
  return dependencies.alerting ?? NO_ALERTING;
}
