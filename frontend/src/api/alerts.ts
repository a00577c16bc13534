/** Health and alert endpoints: alerts, their actions, subscriptions, the digest and the overview. */
import type { ApiClient } from './client';
import { queryString } from './client';
import type { AccountHealth, Alert, AlertStatus, ResponseBody, Severity, Subscription } from './types';

/** Filters of `GET /alerts`, named as the API reads them. */
export interface AlertQuery {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly accountId?: string;
  readonly resourceId?: string;
}

export interface NewSubscription {
  readonly protocol: 'email' | 'sms';
  readonly endpoint: string;
}

export async function listAlerts(
  api: ApiClient,
  query: AlertQuery,
  signal?: AbortSignal,
): Promise<readonly Alert[]> {
  return (
    await api.call<ResponseBody<'listAlerts'>>('GET', `/alerts${queryString({ ...query })}`, {
      signal,
    })
  ).items;
}

export async function listResourceAlerts(api: ApiClient, resourceId: string, signal?: AbortSignal) {
  return (
    await api.call<ResponseBody<'listResourceAlerts'>>(
      'GET',
      `/resources/${encodeURIComponent(resourceId)}/alerts`,
      {
        signal,
      },
    )
  ).items;
}

export function acknowledgeAlert(api: ApiClient, id: string): Promise<ResponseBody<'acknowledgeAlert'>> {
  return api.call('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`);
}

export function resolveAlert(api: ApiClient, id: string): Promise<ResponseBody<'resolveAlert'>> {
  return api.call('POST', `/alerts/${encodeURIComponent(id)}/resolve`);
}

export async function listSubscriptions(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly Subscription[]> {
  return (await api.call<ResponseBody<'listSubscriptions'>>('GET', '/subscriptions', { signal })).items;
}

export function createSubscription(
  api: ApiClient,
  subscription: NewSubscription,
): Promise<ResponseBody<'createSubscription'>> {
  return api.call('POST', '/subscriptions', { body: subscription });
}

export function deleteSubscription(api: ApiClient, id: string): Promise<ResponseBody<'deleteSubscription'>> {
  return api.call('DELETE', `/subscriptions/${encodeURIComponent(id)}`);
}

export function getDigestPreview(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<ResponseBody<'previewDigest'>> {
  return api.call('GET', '/digest/preview', { signal });
}

export async function getHealthOverview(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<readonly AccountHealth[]> {
  return (await api.call<ResponseBody<'getHealthOverview'>>('GET', '/health/overview', { signal })).items;
}
