import { useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import { type AppliedSuggestion, applySuggestion, previewSuggestion } from '../api/schedules';
import { useAsync } from '../app/use-async';
import { ErrorMessage, Loading } from '../components/messages';
import { formatUsd } from '../format';
import { WeekCalendar } from './week-calendar';

/** Zones offered first: the rule's own (UTC) and the browser's. Any IANA zone can be typed. */
function zoneChoices(): string[] {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set(['UTC', local].filter(Boolean))];
}

/**
 * The off-hours suggestion as a schedule: preview (week, hours, saving) in the chosen time zone, then
 * apply in one click: the schedule is created (or reused) and the instance assigned to it.
 */
export function SuggestionPanel({
  api,
  findingId,
  canOperate,
}: {
  api: ApiClient;
  findingId: string;
  canOperate: boolean;
}) {
  const [timeZone, setTimeZone] = useState('UTC');
  const [applied, setApplied] = useState<AppliedSuggestion>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const preview = useAsync(
    (signal) => previewSuggestion(api, findingId, timeZone, signal),
    [api, findingId, timeZone],
  );
  const data = preview.data;
  const apply = () => {
    setBusy(true);
    setError(undefined);
    applySuggestion(api, findingId, timeZone).then(
      (result) => {
        setApplied(result);
        setBusy(false);
      },
      (e: unknown) => {
        setError(describeError(e));
        setBusy(false);
      },
    );
  };
  return (
    <div className="suggestion-panel">
      <h3>Run it on a schedule</h3>
      <label className="field-inline">
        Time zone{' '}
        <select
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          disabled={applied !== undefined}
        >
          {zoneChoices().map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      {preview.status === 'error' && <ErrorMessage error={preview.error} onRetry={preview.reload} />}
      {!data && preview.status === 'loading' && <Loading>Preparing the preview…</Loading>}
      {data && (
        <>
          <p className="suggestion-summary">
            <strong>{data.schedule.name}</strong>: runs {data.hoursRunningPerWeek} h a week, stopped{' '}
            {data.hoursStoppedPerMonth} h a month
            {data.monthlySavingsUsd !== undefined && (
              <>
                {' '}
                — saves <strong>{formatUsd(data.monthlySavingsUsd)}</strong> a month at{' '}
                {formatUsd(data.hourlyUsd ?? 0)}/h
              </>
            )}
            .
          </p>
          <WeekCalendar
            days={data.week}
            timeZone={data.schedule.timeZone}
            label={`Preview of ${data.schedule.name}`}
          />
          {data.currentSchedule && (
            <p className="message message-info">
              Its tag already names the schedule <code>{data.currentSchedule}</code>; applying assigns it to
              this one instead.
            </p>
          )}
          {!data.optedIn && (
            <p className="message message-info">
              The instance is not tagged <code>hostmaster:remediation=allow</code>: HostMaster will stop it
              only if its account is opted in.
            </p>
          )}
          {applied ? (
            <p className="message message-success" role="status">
              Applied: <strong>{applied.assignment.schedule}</strong> {applied.created ? 'created and ' : ''}
              assigned to {data.resource.name}. <a href="#/schedules">See it on the Schedules page</a>.
            </p>
          ) : canOperate ? (
            <button type="button" className="button-primary" onClick={apply} disabled={busy}>
              {busy ? 'Applying…' : 'Apply this schedule'}
            </button>
          ) : (
            <p className="muted">Operators and admins can apply it.</p>
          )}
          {error && <p className="message message-error">{error}</p>}
        </>
      )}
    </div>
  );
}
