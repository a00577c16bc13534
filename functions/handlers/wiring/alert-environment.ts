/**
 * The alerting functions' dependencies from their environment: stores on the HostMaster table, SNS
 * topics, and the policy (budget, quiet hours) from optional variables. Created once per container.
 */

import {
  DynamoDbAlertStore,
  DynamoDbDeliveryLedgerStore,
  DynamoDbDigestMarkStore,
  DynamoDbExpectedChangeStore,
} from '../../adapters/dynamodb/alert-store';
import { DynamoDbCostStore } from '../../adapters/dynamodb/cost-store';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../adapters/dynamodb/exception-store';
import { DynamoDbFindingStore } from '../../adapters/dynamodb/finding-store';
import { DynamoDbResourceStore } from '../../adapters/dynamodb/resource-store';
import { DynamoDbScanRunStore } from '../../adapters/dynamodb/scan-run-store';
import { DynamoDbUtilizationStore } from '../../adapters/dynamodb/utilization-store';
import { snsChannels } from '../../adapters/notify/sns-channels';
import type { SnsTopics } from '../../adapters/notify/sns-notifier';
import { type AlertLogger, AlertService } from '../../app/alerts/alert-service';
import { StoredCostSummary } from '../../app/alerts/cost-summary';
import { runDigest } from '../../app/alerts/digest';
import {
  type AlertPolicy,
  DEFAULT_ALERT_POLICY,
  type QuietHours,
  type RateLimit,
} from '../../domain/alerts/policy';
import type { DigestKind, SubscriptionDirectory } from '../../domain/alerts/ports';
import { type AlertEnvironment, readEnvironment } from '../../shared/contract/environment';

/** Required variables of every alerting function. */
export const ALERT_ENVIRONMENT_NAMES = [
  'TABLE_NAME',
  'DASHBOARD_URL',
  'EMAIL_TOPIC_ARN',
  'SMS_TOPIC_ARN',
] as const satisfies readonly (keyof AlertEnvironment)[];

/** A variable that does not hold what it should. */
export class InvalidAlertSettingError extends Error {
  override readonly name = 'InvalidAlertSettingError';
  constructor(variable: string, value: string, expected: string) {
    super(`${variable}="${value}" is not valid: expected ${expected}`);
  }
}

/** `22:00-07:00` or `22:00-07:00 Europe/Paris`; empty means no quiet hours. */
export function parseQuietHours(value: string | undefined): QuietHours | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(\S+))?\s*$/.exec(value);
  if (!match) throw new InvalidAlertSettingError('ALERT_QUIET_HOURS', value, 'HH:MM-HH:MM [IANA time zone]');
  const timeZone = match[3] ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    throw new InvalidAlertSettingError('ALERT_QUIET_HOURS', value, 'a known IANA time zone');
  }
  return { start: match[1]!, end: match[2]!, timeZone };
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new InvalidAlertSettingError(name, value, 'a non-negative number');
  return parsed;
}

/** `2/10`: at most 2 per resource and 10 in total per hour. */
export function parseRateLimit(name: string, value: string | undefined, fallback: RateLimit): RateLimit {
  if (value === undefined || value.trim() === '') return fallback;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match)
    throw new InvalidAlertSettingError(name, value, '<per resource per hour>/<per hour>, e.g. 2/10');
  return { perResourcePerHour: Number(match[1]), perHour: Number(match[2]) };
}

export function alertPolicyFrom(environment: AlertEnvironment): AlertPolicy {
  const quietHours = parseQuietHours(environment.ALERT_QUIET_HOURS);
  return {
    ...DEFAULT_ALERT_POLICY,
    dashboardUrl: environment.DASHBOARD_URL,
    sms: parseRateLimit('ALERT_SMS_LIMITS', environment.ALERT_SMS_LIMITS, DEFAULT_ALERT_POLICY.sms),
    email: parseRateLimit('ALERT_EMAIL_LIMITS', environment.ALERT_EMAIL_LIMITS, DEFAULT_ALERT_POLICY.email),
    smsBudget: {
      monthlyUsd: positiveNumber(
        'SMS_MONTHLY_BUDGET_USD',
        environment.SMS_MONTHLY_BUDGET_USD,
        DEFAULT_ALERT_POLICY.smsBudget.monthlyUsd,
      ),
      pricePerMessageUsd: positiveNumber(
        'SMS_PRICE_USD',
        environment.SMS_PRICE_USD,
        DEFAULT_ALERT_POLICY.smsBudget.pricePerMessageUsd,
      ),
    },
    ...(quietHours ? { quietHours } : {}),
  };
}

/**
 * DASHBOARD_URL as links need it: an absolute http(s) address, since a relative link in an email or
 * SMS leads nowhere. Empty is accepted only where nothing is sent (`required: false`, the API).
 */
export function checkDashboardUrl(value: string, required: boolean): string {
  if (value === '' && !required) return value;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new InvalidAlertSettingError('DASHBOARD_URL', value, 'an absolute http(s) URL of the dashboard');
  return value;
}

/**
 * Reads the required variables (failing fast) and the optional ones. The functions that send
 * (`dashboardUrlRequired`, the default) need an absolute DASHBOARD_URL.
 */
export function readAlertEnvironment(
  source: NodeJS.ProcessEnv = process.env,
  options: { readonly dashboardUrlRequired?: boolean } = {},
): AlertEnvironment {
  const required = readEnvironment<AlertEnvironment>(ALERT_ENVIRONMENT_NAMES, source);
  checkDashboardUrl(required.DASHBOARD_URL, options.dashboardUrlRequired ?? true);
  return {
    ...required,
    ALERT_TOPIC_ARN: source.ALERT_TOPIC_ARN ?? required.EMAIL_TOPIC_ARN,
    ...(source.ALERT_QUIET_HOURS === undefined ? {} : { ALERT_QUIET_HOURS: source.ALERT_QUIET_HOURS }),
    ...(source.SMS_MONTHLY_BUDGET_USD === undefined
      ? {}
      : { SMS_MONTHLY_BUDGET_USD: source.SMS_MONTHLY_BUDGET_USD }),
    ...(source.SMS_PRICE_USD === undefined ? {} : { SMS_PRICE_USD: source.SMS_PRICE_USD }),
    ...(source.ALERT_SMS_LIMITS === undefined ? {} : { ALERT_SMS_LIMITS: source.ALERT_SMS_LIMITS }),
    ...(source.ALERT_EMAIL_LIMITS === undefined ? {} : { ALERT_EMAIL_LIMITS: source.ALERT_EMAIL_LIMITS }),
  };
}

export function alertDependencies(environment: AlertEnvironment, logger?: AlertLogger) {
  const documentClient = createDocumentClient();
  const table = environment.TABLE_NAME;
  const topics: SnsTopics = {
    emailTopicArn: environment.EMAIL_TOPIC_ARN,
    smsTopicArn: environment.SMS_TOPIC_ARN,
  };
  const { notifier, subscriptions } = snsChannels(topics);
  const policy = alertPolicyFrom(environment);
  const alerts = new DynamoDbAlertStore(documentClient, table);
  const service = new AlertService({
    alerts,
    ledger: new DynamoDbDeliveryLedgerStore(documentClient, table),
    expected: new DynamoDbExpectedChangeStore(documentClient, table),
    resources: new DynamoDbResourceStore(documentClient, table),
    notifier,
    policy,
    subscriptions,
    ...(logger ? { logger } : {}),
  });
  return {
    service,
    alerts,
    notifier,
    policy,
    subscriptions,
    resources: new DynamoDbResourceStore(documentClient, table),
    scanRuns: new DynamoDbScanRunStore(documentClient, table),
    findings: new DynamoDbFindingStore(documentClient, table),
    marks: new DynamoDbDigestMarkStore(documentClient, table),
    utilization: new DynamoDbUtilizationStore(documentClient, table),
    cost: new StoredCostSummary(new DynamoDbCostStore(documentClient, table)),
    exceptions: new DynamoDbExceptionStore(documentClient, table),
  };
}

/** Subscription routes of an API deployed without the SNS topics: every call fails (a logged 500). */
export class SubscriptionsNotConfiguredError extends Error {
  override readonly name = 'SubscriptionsNotConfiguredError';
  constructor() {
    super('Alert subscriptions need EMAIL_TOPIC_ARN and SMS_TOPIC_ARN in the API function environment');
  }
}

const UNCONFIGURED_SUBSCRIPTIONS: SubscriptionDirectory = {
  list: () => Promise.reject(new SubscriptionsNotConfiguredError()),
  subscribe: () => Promise.reject(new SubscriptionsNotConfiguredError()),
  unsubscribe: () => Promise.reject(new SubscriptionsNotConfiguredError()),
};

/**
 * The API's view of alerting. Alerts live in the HostMaster table, so listing, acknowledging and
 * resolving need only TABLE_NAME (the API never publishes: people's actions send nothing);
 * subscriptions need the topics (EMAIL_TOPIC_ARN, SMS_TOPIC_ARN) and links DASHBOARD_URL.
 */
export function apiAlertingFromEnvironment(tableName: string, source: NodeJS.ProcessEnv = process.env) {
  const topicsConfigured = source.EMAIL_TOPIC_ARN !== undefined && source.SMS_TOPIC_ARN !== undefined;
  const environment = readAlertEnvironment(
    { EMAIL_TOPIC_ARN: '', SMS_TOPIC_ARN: '', DASHBOARD_URL: '', ...source, TABLE_NAME: tableName },
    { dashboardUrlRequired: false },
  );
  const dependencies = alertDependencies(environment);
  return {
    service: dependencies.service,
    subscriptions: topicsConfigured ? dependencies.subscriptions : UNCONFIGURED_SUBSCRIPTIONS,
    previewDigest: async (kind: DigestKind) =>
      (
        await runDigest(
          kind,
          { ...dependencies, dashboardUrl: environment.DASHBOARD_URL, now: new Date() },
          true,
        )
      ).digest,
  };
}
