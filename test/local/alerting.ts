/**
 * Health alerting in the local HostMaster: the SNS topics in the sandbox, the health-event handler
 * subscribed to the sandbox's events (as the hub bus rule invokes it in AWS), and timers standing in
 * for the health-check and digest schedules. Alerts land in the sandbox's outbox
 * (`GET /_sandbox/outbox`); crash an instance with `POST /_sandbox/instances/<id>/crash`.
 */
import type { Sandbox } from '../sandbox/server';
import { type LambdaHandler, lambdaContext } from './lambda-context';

/** The demo on-call recipients: alerts are published only to channels somebody is subscribed to. */
export const DEMO_RECIPIENTS = { email: 'oncall@hostmaster.local', sms: '+15555550100' } as const;

/**
 * The SNS topics of the local functions, created in the sandbox's hub account, each with a confirmed
 * demo recipient (as if the on-call engineer had clicked SNS's confirmation link), so the local
 * HostMaster pages somebody and its outbox shows what they would receive. DASHBOARD_URL is set once
 * the dashboard listens (see `startLocal`).
 */
export function localAlertEnvironment(
  sandbox: Sandbox,
  hubAccountId: string,
  region: string,
): Record<string, string> {
  const topic = (name: string) => sandbox.sns.createTopic(`arn:aws:sns:${region}:${hubAccountId}:${name}`);
  const email = topic('hostmaster-alerts-email');
  const sms = topic('hostmaster-alerts-sms');
  sandbox.sns.subscribe(email, 'email', DEMO_RECIPIENTS.email, hubAccountId);
  sandbox.sns.confirm(email, DEMO_RECIPIENTS.email);
  sandbox.sns.subscribe(sms, 'sms', DEMO_RECIPIENTS.sms, hubAccountId);
  return { EMAIL_TOPIC_ARN: email, SMS_TOPIC_ARN: sms };
}

export interface LocalAlertingOptions {
  readonly sandbox: Sandbox;
  /** @default 5 */
  readonly healthCheckIntervalMinutes?: number;
  /** @default 1440 (daily) */
  readonly digestIntervalMinutes?: number;
  readonly log: (line: string) => void;
}

/** Starts forwarding events and the timers; the environment must already be set (see above). */
export interface LocalAlerting {
  /** Runs the health checks now, as the next tick of their schedule would. */
  checkNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalAlerting(options: LocalAlertingOptions): Promise<LocalAlerting> {
  const healthEvent = (await import('../../functions/handlers/health-event')).handler as LambdaHandler;
  const healthCheck = (await import('../../functions/handlers/health-check')).handler as LambdaHandler;
  const digest = (await import('../../functions/handlers/digest')).handler as LambdaHandler;
  const failed = (what: string) => (error: unknown) => console.error(`${what} failed`, error);
  const unsubscribe = options.sandbox.onEvent((event) =>
    healthEvent(event, lambdaContext('health-event')).then(() => undefined, failed('health event')),
  );
  const every = (minutes: number, run: () => Promise<unknown>) => {
    const timer = setInterval(() => void run(), minutes * 60_000);
    timer.unref();
    return timer;
  };
  const timers = [
    every(options.healthCheckIntervalMinutes ?? 5, () =>
      healthCheck({}, lambdaContext('health-check')).catch(failed('health check')),
    ),
    every(options.digestIntervalMinutes ?? 1440, () =>
      digest({ kind: 'daily' }, lambdaContext('digest')).catch(failed('digest')),
    ),
  ];
  options.log(
    `Alerts: sandbox events go to the health-event handler; health checks every ${options.healthCheckIntervalMinutes ?? 5} min; SNS outbox at ${options.sandbox.endpoint}/_sandbox/outbox`,
  );
  return {
    checkNow: () =>
      healthCheck({}, lambdaContext('health-check')).then(() => undefined, failed('health check')),
    async stop() {
      unsubscribe();
      for (const timer of timers) clearInterval(timer);
    },
  };
}
