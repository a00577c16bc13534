import { useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import { createOverride, endOverride, getResourceSchedule } from '../api/schedules';
import { useAsync } from '../app/use-async';
import { FullTime, TimeText } from '../components/time-text';

const HOUR = 3_600_000;

/** The resource's schedule, what it wants now, its next start and stop, and a way to hold it running. */
export function ResourceScheduleCard({
  api,
  id,
  now,
  canOperate,
}: {
  api: ApiClient;
  id: string;
  now: number;
  canOperate: boolean;
}) {
  const info = useAsync((signal) => getResourceSchedule(api, id, signal), [api, id]);
  const [error, setError] = useState<string>();
  const data = info.data;
  if (!data?.schedulable) return null;
  const keepRunning = (hours: number) =>
    createOverride(api, {
      resourceId: id,
      state: 'running',
      until: new Date(Date.now() + hours * HOUR).toISOString(),
      reason: `kept running for ${hours} h from the resource page`,
    }).then(info.reload, (e: unknown) => setError(describeError(e)));
  return (
    <section className="panel" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule</h2>
      {data.membership.kind === 'none' && (
        <p className="muted">
          Not on a schedule. Tag it hostmaster:schedule=&lt;name&gt; or apply a suggestion.
        </p>
      )}
      {data.membership.kind === 'ignored' && <p>Opted out with hostmaster:schedule=ignore.</p>}
      {data.membership.kind === 'scheduled' && (
        <dl className="schedule-facts">
          <div>
            <dt>Schedule</dt>
            <dd>
              <a href="#/schedules">{data.membership.schedule}</a> (by {data.membership.source})
              {!data.schedule && ' — no such schedule: left alone'}
            </dd>
          </div>
          {data.desired && (
            <div>
              <dt>Wants now</dt>
              <dd>
                {data.desired.state} ({data.desired.reason.kind.replace('-', ' ')})
              </dd>
            </div>
          )}
          <div>
            <dt>Next</dt>
            <dd>
              {data.next.length === 0
                ? 'no change within 8 days'
                : data.next.map((t) => (
                    <span key={t.at} className="next-change">
                      {t.state === 'running' ? 'start' : 'stop'} <TimeText iso={t.at} now={now} />
                    </span>
                  ))}
            </dd>
          </div>
          {data.override && (
            <div>
              <dt>Override</dt>
              <dd>
                {data.override.state} until <FullTime iso={data.override.until} now={now} /> —{' '}
                {data.override.by}: “{data.override.reason}”
                {canOperate && (
                  <button
                    type="button"
                    className="button-small"
                    onClick={() =>
                      endOverride(api, data.override!.id).then(info.reload, (e: unknown) =>
                        setError(describeError(e)),
                      )
                    }
                  >
                    End now
                  </button>
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
      {data.schedule && canOperate && !data.override && (
        <p>
          Keep running for{' '}
          {[2, 8, 24].map((h) => (
            <button key={h} type="button" className="button-small" onClick={() => keepRunning(h)}>
              {h} h
            </button>
          ))}
        </p>
      )}
      {error && <p className="message message-error">{error}</p>}
    </section>
  );
}
