/**
 * Response bodies of the schedule operations (part of the response contract in `api.ts`): schedules
 * with their week and savings, suggestions, overrides and a resource's schedule.
 */

export type DesiredState = 'running' | 'stopped';

export interface Period {
  readonly weekdays?: readonly string[];
  readonly monthDays?: readonly number[];
  readonly begin?: string;
  readonly end?: string;
}

export interface Schedule {
  readonly name: string;
  readonly description: string;
  readonly timeZone: string;
  readonly periods: readonly Period[];
  readonly holidays?: {
    readonly behaviour: 'stopped' | 'as-weekday';
    readonly weekday?: string;
    readonly dates: readonly string[];
  };
  readonly enforcement: 'enforced' | 'respect-manual';
  readonly hibernate: boolean;
  readonly createdBy?: string;
  readonly updatedAt?: string;
}

export interface CalendarDay {
  readonly date: string;
  readonly weekday: string;
  readonly holiday: boolean;
  readonly running: readonly { readonly begin: string; readonly end: string }[];
}

export interface Transition {
  readonly at: string;
  readonly state: DesiredState;
}

export interface ScheduledResourceView {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  readonly state: string;
  readonly schedule: string;
  readonly source: 'tag' | 'assignment';
  readonly next: readonly Transition[];
}

export interface Override {
  readonly id: string;
  readonly target:
    | { readonly kind: 'resource'; readonly resourceId: string }
    | { readonly kind: 'schedule'; readonly schedule: string };
  readonly state: DesiredState;
  readonly from: string;
  readonly until: string;
  readonly by: string;
  readonly reason: string;
  readonly active?: boolean;
}

export interface ScheduleActivity {
  readonly at: string;
  readonly resourceId: string;
  readonly schedule: string;
  readonly action: 'start' | 'stop';
  readonly outcome: 'succeeded' | 'failed';
  readonly reason: string;
  readonly error?: string;
}

export interface ScheduleView {
  readonly schedule: Schedule;
  readonly week: readonly CalendarDay[];
  readonly next: readonly Transition[];
  readonly resources: readonly ScheduledResourceView[];
  readonly overrides: readonly Override[];
  readonly estimated: {
    readonly hoursRunningPerWeek: number;
    readonly hoursStoppedPerMonth: number;
    readonly monthlySavingsUsd: number;
    readonly unpriced: readonly string[];
  };
  readonly realized: { readonly since: string; readonly hoursStopped: number; readonly savedUsd: number };
}

export interface ScheduleList {
  readonly schedules: readonly ScheduleView[];
  readonly unknownSchedules: readonly ScheduledResourceView[];
  readonly activity: readonly ScheduleActivity[];
  readonly asOf: string;
}

export interface SuggestionPreview {
  readonly finding: { readonly id: string; readonly title: string; readonly monthlySavingsUsd?: number };
  readonly resource: { readonly id: string; readonly name: string; readonly state: string };
  readonly schedule: Schedule;
  readonly week: readonly CalendarDay[];
  readonly hoursRunningPerWeek: number;
  readonly hoursStoppedPerMonth: number;
  readonly hourlyUsd?: number;
  readonly monthlySavingsUsd?: number;
  readonly currentSchedule?: string;
  readonly optedIn: boolean;
}

export interface AppliedSuggestion extends SuggestionPreview {
  readonly created: boolean;
  readonly assignment: ScheduleAssignment;
}

export interface ResourceSchedule {
  readonly resourceId: string;
  readonly schedulable: boolean;
  readonly membership:
    | { readonly kind: 'scheduled'; readonly schedule: string; readonly source: 'tag' | 'assignment' }
    | { readonly kind: 'ignored' }
    | { readonly kind: 'none' };
  readonly schedule: Schedule | null;
  readonly desired: { readonly state: DesiredState; readonly reason: { readonly kind: string } } | null;
  readonly next: readonly Transition[];
  readonly override: Override | null;
  readonly activity: readonly ScheduleActivity[];
}

export interface ScheduleAssignment {
  readonly resourceId: string;
  readonly schedule: string;
  readonly by: string;
  readonly at: string;
}
