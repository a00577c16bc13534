/** `GET /settings` (admin): the configuration the deployment runs with. */
import type { ApiClient } from './client';

export interface DeploymentSettings {
  readonly accounts: {
    readonly source: string;
    readonly managementAccountId: string | null;
    readonly memberAccounts: readonly string[];
    readonly memberOrganizationalUnits: readonly string[];
    readonly memberStackRegions: readonly string[];
  };
  readonly regions: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly scan: { readonly rate: string; readonly concurrency: number };
  readonly costs: { readonly refreshRate: string; readonly tagKeys: readonly string[] };
  readonly alerts: {
    readonly quietHours: string | null;
    readonly smsMonthlyBudgetUsd: number;
    readonly smsBudgetIsDefault: boolean;
  };
  readonly digests: { readonly daily: string; readonly weekly: string; readonly timeZone: string };
  readonly rules: { readonly requiredTags: readonly string[]; readonly requiredTagsSource: string };
}

export function getSettings(api: ApiClient, signal?: AbortSignal): Promise<DeploymentSettings> {
  return api.call<DeploymentSettings>('GET', '/settings', signal ? { signal } : {});
}
