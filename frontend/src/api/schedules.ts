/** Schedule endpoints: schedules with their week and savings, suggestions, overrides, a resource's schedule. */

import type { DesiredState } from '../../../functions/shared/contract/schedules-api';
import type { ApiClient } from './client';
import { queryString } from './client';
import type {
  AppliedSuggestion,
  Override,
  ResourceSchedule,
  ResponseBody,
  ScheduleList,
  SuggestionPreview,
} from './types';

export type {
  AppliedSuggestion,
  CalendarDay,
  DesiredState,
  Override,
  Period,
  ResourceSchedule,
  Schedule,
  ScheduleActivity,
  ScheduledResourceView,
  ScheduleList,
  ScheduleView,
  SuggestionPreview,
  Transition,
} from '../../../functions/shared/contract/schedules-api';

export function listSchedules(api: ApiClient, signal?: AbortSignal): Promise<ScheduleList> {
  return api.call('GET', '/schedules', { signal });
}

export function previewSuggestion(
  api: ApiClient,
  findingId: string,
  timeZone: string,
  signal?: AbortSignal,
): Promise<SuggestionPreview> {
  return api.call(
    'GET',
    `/schedule-suggestions/${encodeURIComponent(findingId)}${queryString({ timeZone })}`,
    { signal },
  );
}

export function applySuggestion(
  api: ApiClient,
  findingId: string,
  timeZone: string,
): Promise<AppliedSuggestion> {
  return api.call('POST', `/schedule-suggestions/${encodeURIComponent(findingId)}/apply`, {
    body: { timeZone },
  });
}

export function getResourceSchedule(
  api: ApiClient,
  resourceId: string,
  signal?: AbortSignal,
): Promise<ResourceSchedule> {
  return api.call('GET', `/resources/${encodeURIComponent(resourceId)}/schedule`, { signal });
}

export function createOverride(
  api: ApiClient,
  override: {
    readonly resourceId: string;
    readonly state: DesiredState;
    readonly until: string;
    readonly reason: string;
  },
): Promise<Override> {
  return api.call('POST', '/schedule-overrides', { body: override });
}

export function endOverride(api: ApiClient, id: string): Promise<ResponseBody<'deleteScheduleOverride'>> {
  return api.call('DELETE', `/schedule-overrides/${encodeURIComponent(id)}`);
}
