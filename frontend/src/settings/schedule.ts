/**
 * EventBridge Scheduler expressions in words, for the settings page. Only the shapes HostMaster's
 * defaults and common edits use are put in words; anything else is shown as written.
 */

const DAYS: Readonly<Record<string, string>> = {
  MON: 'Mondays',
  TUE: 'Tuesdays',
  WED: 'Wednesdays',
  THU: 'Thursdays',
  FRI: 'Fridays',
  SAT: 'Saturdays',
  SUN: 'Sundays',
};

const pad = (value: string) => value.padStart(2, '0');

/** `rate(15 minutes)` → `Every 15 minutes`; `cron(0 8 ? * MON *)` → `Mondays at 08:00`; else undefined. */
export function describeSchedule(expression: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const [, count, unit] = rate;
    return count === '1' ? `Every ${unit!.replace(/s$/, '')}` : `Every ${count} ${unit}`;
  }
  const cron = /^cron\((\d{1,2}) (\d{1,2}) (\S+) \* (\S+) \*\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const [, minute, hour, dayOfMonth, dayOfWeek] = cron;
  const time = `${pad(hour!)}:${pad(minute!)}`;
  if (dayOfMonth === '*' && dayOfWeek === '?') return `Daily at ${time}`;
  const day = DAYS[dayOfWeek ?? ''];
  if (dayOfMonth === '?' && day) return `${day} at ${time}`;
  return undefined;
}
