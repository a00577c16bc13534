/** Health and alert endpoints: alerts, their actions, subscriptions, the digest and the overview. */
import type { ApiClient } from './client';
import { queryString } from './client';
import type { AccountHealth, Alert, AlertStatus, Severity, Subscription } from './types';

export interface AlertQuery {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly account?: string;
  readonly resource?: string;
}

export interface NewSubscription {
  readonly protocol: 'email' | 'sms';
  readonly endpoint: string;
}

/** `GET /digest/preview`: what the next digest would say. */
export interface DigestPreview {
  readonly kind?: string;
  readonly from?: string;
  readonly to?: string;
  readonly subject: string;
  readonly text: string;
  readonly empty?: boolean;
}

export async function listAlerts(
  api: ApiClient,
  query: AlertQuery,
  signal?: AbortSignal,
): Promise<readonly Alert[]> {
  return (
    await api.call<{ readonly items: readonly Alert[] }>('GET', `/alerts${queryString({ ...query })}`, {
      signal,
    })
  ).items;
}

export async function listResourceAlerts(api: ApiClient, resourceId: string, signal?: AbortSignal) {
  return (
    await api.call<{ readonly items: readonly Alert[] }>(
      'GET',
      `/resources/${encodeURIComponent(resourceId)}/alerts`,
      {
        signal,
      },
    )
  ).items;
}

export function acknowledgeAlert(api: ApiClient, id: string): Promise<Alert> {
  return api.call('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`);
}

export function resolveAlert(api: ApiClient, id: string): Promise<Alert> {
  return api.call('POST', `/alerts/${encodeURIComponent(id)}/resolve`);
}

export async function listSubscriptions(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly Subscription[]> {
  return (await api.call<{ readonly items: readonly Subscription[] }>('GET', '/subscriptions', { signal }))
    .items;
}

export function createSubscription(api: ApiClient, subscription: NewSubscription): Promise<Subscription> {
  return api.call('POST', '/subscriptions', { body: subscription });
}

export function deleteSubscription(api: ApiClient, id: string): Promise<void> {
  return api.call('DELETE', `/subscriptions/${encodeURIComponent(id)}`);
}

export function getDigestPreview(api: ApiClient, signal?: AbortSignal): Promise<DigestPreview> {
  return api.call('GET', '/digest/preview', { signal });
}

export async function getHealthOverview(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly AccountHealth[]> {
  return (await api.call<{ readonly items: readonly AccountHealth[] }>('GET', '/health/overview', { signal }))
    .items;
}
