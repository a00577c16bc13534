/**
 * Holiday dates from an iCal (RFC 5545) calendar: the all-day VEVENTs' DTSTART (and, for events of
 * several days, every day up to the exclusive DTEND). Public holiday feeds are published this way.
 * Recurring (RRULE) and timed events are refused with the line that has them, rather than guessed.
 */
import { nextDate } from './zoned-time';

export type IcalResult = { ok: true; dates: string[] } | { ok: false; reason: string };

const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})$/;

/** Lines with RFC 5545 folding undone (a line starting with a space or tab continues the previous one). */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += raw.slice(1);
    } else if (raw.trim() !== '') {
      lines.push(raw.trim());
    }
  }
  return lines;
}

function dateOf(value: string): string | undefined {
  const m = DATE_VALUE.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso ? iso : undefined;
}

export function parseIcalHolidays(text: string): IcalResult {
  const lines = unfold(text);
  if (!lines.some((l) => l.toUpperCase() === 'BEGIN:VCALENDAR')) {
    return { ok: false, reason: 'is not an iCal calendar (no BEGIN:VCALENDAR)' };
  }
  const dates = new Set<string>();
  let inEvent = false;
  let start: string | undefined;
  let end: string | undefined;
  for (const [index, line] of lines.entries()) {
    const upper = line.toUpperCase();
    const name = upper.split(/[;:]/, 1)[0];
    const value = line.slice(line.indexOf(':') + 1);
    if (upper === 'BEGIN:VEVENT') {
      inEvent = true;
      start = undefined;
      end = undefined;
    } else if (upper === 'END:VEVENT') {
      if (!start) return { ok: false, reason: `event ending on line ${index + 1} has no DTSTART` };
      dates.add(start);
      if (end) {
        for (let d = nextDate(start); d < end; d = nextDate(d)) dates.add(d);
      }
      inEvent = false;
    } else if (inEvent && name === 'RRULE') {
      return {
        ok: false,
        reason: `line ${index + 1}: recurring events (RRULE) are not supported; list each date`,
      };
    } else if (inEvent && (name === 'DTSTART' || name === 'DTEND')) {
      const date = dateOf(value);
      if (!date) {
        return {
          ok: false,
          reason: `line ${index + 1}: only all-day events (a date YYYYMMDD) are supported`,
        };
      }
      if (name === 'DTSTART') start = date;
      else end = date;
    }
  }
  if (inEvent) return { ok: false, reason: 'the last event has no END:VEVENT' };
  return { ok: true, dates: [...dates].sort() };
}
