/**
 * The configuration a deployment runs with, read once from the API function's environment (set by
 * lib/constructs/api.ts from the CDK context, or by the local runtime), for `GET /settings`.
 */
import { registeredAccounts } from '../../adapters/discovery/accounts';
import { DEFAULT_ALERT_POLICY } from '../../domain/alerts/policy';
import { DEFAULT_RULE_SETTINGS } from '../../domain/rules/rule';
import type { DeploymentSettings } from '../../shared/contract/api';
import {
  readEnvironment,
  SETTINGS_ENVIRONMENT_NAMES,
  type SettingsEnvironment,
} from '../../shared/contract/environment';

export type { DeploymentSettings };

/** A settings variable that cannot be what the deployment meant. */
export class InvalidSettingError extends Error {
  override readonly name = 'InvalidSettingError';
  constructor(variable: string, value: string, expected: string) {
    super(`${variable}="${value}" is not valid: expected ${expected}`);
  }
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** Reads the settings variables, failing fast on a missing or malformed one. */
export function readDeploymentSettings(source: NodeJS.ProcessEnv = process.env): DeploymentSettings {
  const environment = {
    ...readEnvironment<SettingsEnvironment>(SETTINGS_ENVIRONMENT_NAMES, source),
    ALERT_QUIET_HOURS: source.ALERT_QUIET_HOURS ?? '',
    SMS_MONTHLY_BUDGET_USD: source.SMS_MONTHLY_BUDGET_USD ?? '',
  };
  const concurrency = Number(environment.SCAN_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidSettingError('SCAN_CONCURRENCY', environment.SCAN_CONCURRENCY, 'a positive integer');
  }
  const budget = environment.SMS_MONTHLY_BUDGET_USD.trim();
  const smsMonthlyBudgetUsd = budget === '' ? DEFAULT_ALERT_POLICY.smsBudget.monthlyUsd : Number(budget);
  if (!Number.isFinite(smsMonthlyBudgetUsd) || smsMonthlyBudgetUsd < 0) {
    throw new InvalidSettingError('SMS_MONTHLY_BUDGET_USD', budget, 'a non-negative amount in USD');
  }
  return {
    accounts: {
      source: environment.ACCOUNT_SOURCE,
      managementAccountId: environment.MANAGEMENT_ACCOUNT_ID.trim() || null,
      // Ids only: an `id:name` entry's name reaches the page through GET /accounts.
      memberAccounts: registeredAccounts(environment.MEMBER_ACCOUNTS).map((a) => a.accountId),
      memberOrganizationalUnits: list(environment.MEMBER_ORGANIZATIONAL_UNITS),
      memberStackRegions: list(environment.MEMBER_REGIONS),
    },
    regions: { allow: list(environment.REGIONS_ALLOW), deny: list(environment.REGIONS_DENY) },
    scan: { rate: environment.SCAN_RATE, concurrency },
    costs: { refreshRate: environment.COST_REFRESH_RATE, tagKeys: list(environment.COST_TAG_KEYS) },
    alerts: {
      quietHours: environment.ALERT_QUIET_HOURS.trim() || null,
      smsMonthlyBudgetUsd,
      smsBudgetIsDefault: budget === '',
    },
    digests: {
      daily: environment.DAILY_DIGEST_SCHEDULE,
      weekly: environment.WEEKLY_DIGEST_SCHEDULE,
      timeZone: environment.DIGEST_TIME_ZONE,
    },
    rules: { requiredTags: [...DEFAULT_RULE_SETTINGS.requiredTags], requiredTagsSource: 'built-in' },
  };
}
