import type { CalendarDay } from '../api/schedules';

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const DAY_NAMES: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** A week of running hours, one column per local day, midnight at the top; holidays are marked. */
export function WeekCalendar({
  days,
  timeZone,
  label,
}: {
  days: readonly CalendarDay[];
  timeZone: string;
  label: string;
}) {
  return (
    <figure className="week-calendar" aria-label={label}>
      <div className="week-grid">
        {days.map((day) => (
          <div key={day.date} className={day.holiday ? 'week-day holiday' : 'week-day'}>
            <div className="week-day-name">
              {DAY_NAMES[day.weekday] ?? day.weekday} <span className="muted">{day.date.slice(5)}</span>
            </div>
            <div className="week-day-bar" role="img" aria-label={`${day.date}: ${describeDay(day)}`}>
              {day.running.map((r) => (
                <span
                  key={r.begin}
                  className="week-running"
                  style={{
                    top: `${(minutes(r.begin) / 1440) * 100}%`,
                    height: `${((minutes(r.end) - minutes(r.begin)) / 1440) * 100}%`,
                  }}
                  title={`${r.begin}–${r.end}`}
                />
              ))}
            </div>
            <div className="week-day-text">{describeDay(day)}</div>
          </div>
        ))}
      </div>
      <figcaption className="muted">
        Running hours in {timeZone} (local time, midnight at the top).
      </figcaption>
    </figure>
  );
}

function describeDay(day: CalendarDay): string {
  const hours = day.running.map((r) => `${r.begin}–${r.end}`).join(', ');
  if (day.holiday) return hours ? `holiday, ${hours}` : 'holiday, stopped';
  return hours || 'stopped';
}
