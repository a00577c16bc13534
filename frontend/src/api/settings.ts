/** `GET /settings` (admin): the configuration the deployment runs with. */
import type { ApiClient } from './client';
import type { DeploymentSettings, ResponseBody } from './types';

export type { DeploymentSettings };

export function getSettings(api: ApiClient, signal?: AbortSignal): Promise<ResponseBody<'getSettings'>> {
  return api.call<ResponseBody<'getSettings'>>('GET', '/settings', signal ? { signal } : {});
}
