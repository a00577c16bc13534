/**
 * Who hears about what, how often: routing by severity, rate limits per channel, the monthly SMS
 * budget and quiet hours. Everything here is configuration; `decide` applies it.
 */
import type { Severity } from '../model';
import type { Channel } from './alert';

/** At most `perResourcePerHour` notices about one resource and `perHour` in total, per channel. */
export interface RateLimit {
  readonly perResourcePerHour: number;
  readonly perHour: number;
}

/** Local time window ("22:00" to "07:00") in which non-critical notices wait. */
export interface QuietHours {
  /** `HH:MM`, inclusive. */
  readonly start: string;
  /** `HH:MM`, exclusive; earlier than `start` means the window crosses midnight. */
  readonly end: string;
  /** IANA time zone the times are in. @default 'UTC' */
  readonly timeZone?: string;
}

export interface SmsBudget {
  /**
   * Monthly SMS spend allowed. AWS accounts start with a $1.00 SMS spending limit; past it SNS stops
   * sending SMS silently, so HostMaster stops first and says so. @default 1
   */
  readonly monthlyUsd: number;
  /** Price of one SMS segment to the recipients' country (US transactional: $0.00581 + carrier fee). @default 0.00645 */
  readonly pricePerMessageUsd: number;
}

export interface AlertPolicy {
  /** Base URL of the dashboard, for links in messages (no trailing slash needed). */
  readonly dashboardUrl: string;
  /** Severities sent by SMS as well as email. @default ['critical'] */
  readonly smsSeverities: readonly Severity[];
  /** @default { perResourcePerHour: 2, perHour: 10 } */
  readonly sms: RateLimit;
  /** @default { perResourcePerHour: 4, perHour: 60 } */
  readonly email: RateLimit;
  readonly smsBudget: SmsBudget;
  /** Non-critical notices are held during these hours and sent after, if still relevant. @default none */
  readonly quietHours?: QuietHours;
}

export const DEFAULT_ALERT_POLICY: Omit<AlertPolicy, 'dashboardUrl'> = {
  smsSeverities: ['critical'],
  sms: { perResourcePerHour: 2, perHour: 10 },
  email: { perResourcePerHour: 4, perHour: 60 },
  smsBudget: { monthlyUsd: 1, pricePerMessageUsd: 0.00645 },
};

/** Channels an opening notice of this severity goes to, before limits. */
export function channelsFor(severity: Severity, policy: AlertPolicy): Channel[] {
  return policy.smsSeverities.includes(severity) ? ['sms', 'email'] : ['email'];
}

const minutesOf = (hhmm: string): number => {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new RangeError(`Quiet hours must be HH:MM, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** Minutes since local midnight of `now` in `timeZone`. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** Whether `now` falls inside the quiet hours (none configured: never). */
export function inQuietHours(now: Date, quietHours: QuietHours | undefined): boolean {
  if (!quietHours) return false;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const at = localMinutes(now, quietHours.timeZone ?? 'UTC');
  if (start === end) return false;
  return start < end ? at >= start && at < end : at >= start || at < end;
}
