import { useState } from 'react';
import { describeError } from '../api/errors';
import {
  endOverride,
  listSchedules,
  type ScheduleActivity,
  type ScheduleView,
  type Transition,
} from '../api/schedules';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { FullTime, TimeText } from '../components/time-text';
import { stateTone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { ResourceLink } from '../findings/resource-link';
import { formatUsd, plural } from '../format';
import { WeekCalendar } from './week-calendar';

/** Schedules: each one's week, its resources with their next start and stop, overrides, savings and activity. */
export default function SchedulesPage({ api, groups, accountNames, now }: PageProps) {
  const canOperate = groupAllows(groups, 'operator');
  const list = useAsync((signal) => listSchedules(api, signal), [api]);
  return (
    <main className="page page-schedules">
      <PageHeading>Schedules</PageHeading>
      <p className="muted">
        Resources follow a schedule by the tag <code>hostmaster:schedule=&lt;name&gt;</code> (
        <code>ignore</code> opts out) or by an assignment made here. HostMaster starts and stops only
        resources tagged <code>hostmaster:remediation=allow</code> or in opted-in accounts.
      </p>
      {list.status === 'error' && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Loading>Loading schedules…</Loading>}
      {list.data && list.data.schedules.length === 0 && (
        <p className="message message-info">
          No schedules yet. Apply one from an off-hours suggestion on the <a href="#/cost">Cost</a> page.
        </p>
      )}
      {list.data?.schedules.map((view) => (
        <ScheduleCard
          key={view.schedule.name}
          view={view}
          canOperate={canOperate}
          api={api}
          onChange={list.reload}
          accountNames={accountNames}
          now={now}
        />
      ))}
      {list.data && list.data.unknownSchedules.length > 0 && (
        <section className="panel" aria-labelledby="unknown-heading">
          <h2 id="unknown-heading">Tagged with a schedule that does not exist</h2>
          <ul>
            {list.data.unknownSchedules.map((r) => (
              <li key={r.id}>
                <ResourceLink id={r.id} name={r.name} type={r.type} /> → <code>{r.schedule}</code> (left
                alone)
              </li>
            ))}
          </ul>
        </section>
      )}
      {list.data && <ActivityPanel activity={list.data.activity} now={now} />}
    </main>
  );
}

function NextChanges({ next, now }: { next: readonly Transition[]; now: number }) {
  if (next.length === 0) return <span className="muted">none within 8 days</span>;
  return (
    <>
      {next.map((t) => (
        <span key={t.at} className="next-change">
          {t.state === 'running' ? 'start' : 'stop'} <TimeText iso={t.at} now={now} />
        </span>
      ))}
    </>
  );
}

function ScheduleCard({
  view,
  canOperate,
  api,
  onChange,
  accountNames,
  now,
}: {
  view: ScheduleView;
  canOperate: boolean;
  api: PageProps['api'];
  onChange: () => void;
  accountNames: ReadonlyMap<string, string>;
  now: number;
}) {
  const { schedule } = view;
  const [error, setError] = useState<string>();
  const headingId = `schedule-${schedule.name}`;
  return (
    <section className="panel schedule-card" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>{schedule.name}</h2>
        <span className="muted">
          {schedule.timeZone} · {schedule.enforcement === 'enforced' ? 'enforced' : 'respects manual starts'}
          {schedule.hibernate ? ' · hibernates' : ''}
        </span>
      </div>
      {schedule.description && <p>{schedule.description}</p>}
      <dl className="schedule-facts">
        <div>
          <dt>Runs</dt>
          <dd>{view.estimated.hoursRunningPerWeek} h a week</dd>
        </div>
        <div>
          <dt>Estimated saving</dt>
          <dd>
            {formatUsd(view.estimated.monthlySavingsUsd)} a month ({view.estimated.hoursStoppedPerMonth} h
            stopped per resource)
          </dd>
        </div>
        <div>
          <dt>Realized</dt>
          <dd>
            {formatUsd(view.realized.savedUsd)} over {view.realized.hoursStopped} h stopped since{' '}
            <FullTime iso={view.realized.since} now={now} />
          </dd>
        </div>
        <div>
          <dt>Next</dt>
          <dd>
            <NextChanges next={view.next} now={now} />
          </dd>
        </div>
        {schedule.holidays && schedule.holidays.dates.length > 0 && (
          <div>
            <dt>Holidays</dt>
            <dd>
              {plural(schedule.holidays.dates.length, 'date')},{' '}
              {schedule.holidays.behaviour === 'stopped'
                ? 'stay stopped'
                : `run as ${schedule.holidays.weekday ?? 'mon'}`}
            </dd>
          </div>
        )}
      </dl>
      <WeekCalendar days={view.week} timeZone={schedule.timeZone} label={`Week of ${schedule.name}`} />
      <h3>Resources ({view.resources.length})</h3>
      {view.resources.length === 0 ? (
        <p className="muted">No resource follows this schedule yet.</p>
      ) : (
        <div className="schedule-table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Account</th>
                <th scope="col">State</th>
                <th scope="col">By</th>
                <th scope="col">Next start / stop</th>
              </tr>
            </thead>
            <tbody>
              {view.resources.map((r) => (
                <tr key={r.id}>
                  <td>
                    <ResourceLink id={r.id} name={r.name} type={r.type} />
                  </td>
                  <td>
                    <AccountLabel id={r.accountId} names={accountNames} /> · {r.region}
                  </td>
                  <td>
                    <Badge tone={stateTone(r.state)}>{r.state}</Badge>
                  </td>
                  <td>{r.source}</td>
                  <td>
                    <NextChanges next={r.next} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.overrides.length > 0 && (
        <>
          <h3>Overrides</h3>
          <ul className="override-list">
            {view.overrides.map((o) => (
              <li key={o.id}>
                Keep{' '}
                {o.target.kind === 'resource' ? <ResourceLink id={o.target.resourceId} /> : 'every resource'}{' '}
                {o.state} until <FullTime iso={o.until} now={now} /> — {o.by}: “{o.reason}”
                {o.active === false ? ' (not started yet)' : ''}
                {canOperate && (
                  <button
                    type="button"
                    className="button-small"
                    onClick={() =>
                      endOverride(api, o.id).then(onChange, (e: unknown) => setError(describeError(e)))
                    }
                  >
                    End now
                  </button>
                )}
              </li>
            ))}
          </ul>
          {error && <p className="message message-error">{error}</p>}
        </>
      )}
    </section>
  );
}

function ActivityPanel({ activity, now }: { activity: readonly ScheduleActivity[]; now: number }) {
  return (
    <section className="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent starts and stops</h2>
      {activity.length === 0 ? (
        <p className="muted">The scheduler has not started or stopped anything yet.</p>
      ) : (
        <div className="schedule-table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Resource</th>
                <th scope="col">Action</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {activity.map((a) => (
                <tr key={`${a.at}-${a.resourceId}-${a.action}`}>
                  <td>
                    <TimeText iso={a.at} now={now} />
                  </td>
                  <td>
                    <ResourceLink id={a.resourceId} />
                  </td>
                  <td>
                    <Badge tone={a.outcome === 'succeeded' ? 'good' : 'bad'}>
                      {a.action} {a.outcome}
                    </Badge>
                  </td>
                  <td>
                    {a.reason}
                    {a.error && <div className="message-error">{a.error}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
