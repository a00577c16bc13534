import { Fragment, useState } from 'react';
import { type AlertQuery, acknowledgeAlert, getDigestPreview, listAlerts, resolveAlert } from '../api/alerts';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import type { Alert, AlertStatus, Severity } from '../api/types';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { ActorName } from '../components/actor-name';
import { Badge } from '../components/badge';
import { Field } from '../components/field';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { FullTime, TimeText } from '../components/time-text';
import { SEVERITIES, severityTone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { ResourceLink } from '../findings/resource-link';
import { formatCount, plural } from '../format';
import { notificationText, sortAlerts } from './alerts-data';
import { SubscriptionsPanel } from './subscriptions-panel';

const STATUS_TONE = { open: 'bad', acknowledged: 'warn', resolved: 'good' } as const;

export default function AlertsPage({ api, groups, accountNames, accountIds: knownAccounts, now }: PageProps) {
  const canOperate = groupAllows(groups, 'operator');
  const isAdmin = groupAllows(groups, 'admin');
  const [query, setQuery] = useState<AlertQuery>({ status: 'open' });
  const alerts = useAsync((signal) => listAlerts(api, query, signal), [api, query]);
  const set = (patch: Partial<AlertQuery>) => {
    const next: Record<string, unknown> = { ...query, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    setQuery(next as AlertQuery);
  };
  const accountIds = [...new Set([...knownAccounts, ...(alerts.data?.map((a) => a.accountId) ?? [])])].sort();

  return (
    <main className="page page-alerts">
      <div className="page-header">
        <div>
          <PageHeading>Alerts</PageHeading>
          <p className="subtitle">
            What needs a person now: crashed instances, unhealthy targets, cost anomalies.
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={alerts.reload}
            disabled={alerts.status === 'loading'}
          >
            Refresh
          </button>
        </div>
      </div>
      <div className="filters">
        <Field label="Status" className="field field-inline">
          <select
            value={query.status ?? ''}
            onChange={(e) => set({ status: (e.target.value || undefined) as AlertStatus | undefined })}
          >
            <option value="">Any status</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
          </select>
        </Field>
        <Field label="Severity" className="field field-inline">
          <select
            value={query.severity ?? ''}
            onChange={(e) => set({ severity: (e.target.value || undefined) as Severity | undefined })}
          >
            <option value="">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Account" className="field field-inline">
          <select value={query.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value })}>
            <option value="">All accounts</option>
            {accountIds.map((id) => (
              <option key={id} value={id}>
                {accountNames.get(id) ? `${accountNames.get(id)} (${id})` : id}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <section className="panel" aria-labelledby="alerts-heading">
        <div className="panel-header">
          <h2 id="alerts-heading">Alerts</h2>
          {alerts.data && <span className="muted">{plural(alerts.data.length, 'alert')}</span>}
        </div>
        {alerts.status === 'error' && <ErrorMessage error={alerts.error} onRetry={alerts.reload} />}
        {!alerts.data && alerts.status === 'loading' && <Loading>Loading alerts…</Loading>}
        {alerts.data?.length === 0 && (
          <p className="muted">
            {query.status === 'open'
              ? 'No open alerts: every watched resource is healthy.'
              : 'No alert matches these filters.'}
          </p>
        )}
        {alerts.data && alerts.data.length > 0 && (
          <AlertTable
            api={api}
            alerts={alerts.data}
            canOperate={canOperate}
            accountNames={accountNames}
            now={now}
            onChanged={alerts.reload}
          />
        )}
      </section>

      {/* Recipients are an admin's business (the API refuses anyone else); the digest is everyone's. */}
      <div className={isAdmin ? 'two-columns' : undefined}>
        {isAdmin && <SubscriptionsPanel api={api} />}
        <DigestPanel api={api} />
      </div>
    </main>
  );
}

export function AlertTable({
  api,
  alerts,
  canOperate,
  accountNames,
  now,
  onChanged,
  showResource = true,
}: {
  api: ApiClient;
  alerts: readonly Alert[];
  canOperate: boolean;
  accountNames: ReadonlyMap<string, string>;
  now: number;
  onChanged: () => void;
  showResource?: boolean;
}) {
  const [busy, setBusy] = useState<{ id: string; error?: string }>();
  const [open, setOpen] = useState<string>();

  async function act(alert: Alert, action: 'acknowledge' | 'resolve') {
    setBusy({ id: alert.id });
    try {
      await (action === 'acknowledge' ? acknowledgeAlert(api, alert.id) : resolveAlert(api, alert.id));
      setBusy(undefined);
      onChanged();
    } catch (error) {
      setBusy({ id: alert.id, error: describeError(error) });
    }
  }
  const columns = 6 + (showResource ? 1 : 0) + (canOperate ? 1 : 0);

  return (
    <>
      {busy?.error && (
        <p className="message message-error" role="alert">
          The alert could not be updated: {busy.error}
        </p>
      )}
      <table className="data-table alerts-table">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            {showResource && <th scope="col">Resource</th>}
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            <th scope="col" className="num">
              Occurrences
            </th>
            {canOperate && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sortAlerts(alerts).map((alert) => (
            <Fragment key={alert.id}>
              <tr className="alert-row">
                <td className="cell-severity">
                  <Badge tone={severityTone(alert.severity)}>{alert.severity}</Badge>
                </td>
                <td className="cell-title">
                  <button
                    type="button"
                    className="disclosure"
                    aria-expanded={open === alert.id}
                    onClick={() => setOpen(open === alert.id ? undefined : alert.id)}
                  >
                    <span className="disclosure-mark" aria-hidden="true">
                      {open === alert.id ? '▾' : '▸'}
                    </span>
                    {alert.title}
                  </button>
                </td>
                {showResource && (
                  <td className="cell-resource">
                    <ResourceLink id={alert.resourceId} name={alert.resourceName} type={alert.resourceType} />
                  </td>
                )}
                <td className="cell-account" data-label="Account">
                  <AccountLabel id={alert.accountId} names={accountNames} />
                </td>
                <td className="cell-status">
                  <Badge tone={STATUS_TONE[alert.status]}>{alert.status}</Badge>
                </td>
                <td className="cell-since" data-label="Since">
                  <TimeText iso={alert.since} now={now} />
                </td>
                <td className="num cell-occurrences" data-label="Occurrences">
                  {formatCount(alert.occurrences)}
                </td>
                {canOperate && (
                  <td className="row-actions">
                    {alert.status === 'open' && (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy?.id === alert.id && !busy.error}
                        onClick={() => act(alert, 'acknowledge')}
                      >
                        Acknowledge
                      </button>
                    )}
                    {alert.status !== 'resolved' && (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy?.id === alert.id && !busy.error}
                        onClick={() => act(alert, 'resolve')}
                      >
                        Resolve
                      </button>
                    )}
                  </td>
                )}
              </tr>
              {open === alert.id && (
                <tr className="detail-row">
                  <td colSpan={columns}>
                    <dl className="attributes evidence">
                      {alert.detail && (
                        <>
                          <dt>Detail</dt>
                          <dd>{alert.detail}</dd>
                        </>
                      )}
                      <dt>Source</dt>
                      <dd>{alert.source}</dd>
                      <dt>Region</dt>
                      <dd>{alert.region}</dd>
                      <dt>Last seen</dt>
                      <dd>
                        <FullTime iso={alert.lastSeen} now={now} />
                      </dd>
                      {alert.acknowledgedBy && (
                        <>
                          <dt>Acknowledged</dt>
                          <dd>
                            by{' '}
                            <ActorName name={alert.acknowledgedBy} identity={alert.acknowledgedByIdentity} />
                            {alert.acknowledgedAt && (
                              <>
                                {' '}
                                <TimeText iso={alert.acknowledgedAt} now={now} />
                              </>
                            )}
                          </dd>
                        </>
                      )}
                      {alert.resolvedAt && (
                        <>
                          <dt>Resolved</dt>
                          <dd>
                            <FullTime iso={alert.resolvedAt} now={now} />
                            {alert.resolvedBy && (
                              <>
                                {' '}
                                (
                                <ActorName name={alert.resolvedBy} identity={alert.resolvedByIdentity} />)
                              </>
                            )}
                          </dd>
                        </>
                      )}
                      <dt>Notified</dt>
                      <dd>
                        {alert.notifications.length === 0
                          ? 'No notification yet'
                          : alert.notifications.slice(-4).map((n) => (
                              <span key={`${n.at}-${n.channel}-${n.kind}`} className="notification">
                                {notificationText(n)} <TimeText iso={n.at} now={now} />
                                <br />
                              </span>
                            ))}
                      </dd>
                      {alert.episodes.length > 0 && (
                        <>
                          <dt>Earlier episodes</dt>
                          <dd>{plural(alert.episodes.length, 'episode')}</dd>
                        </>
                      )}
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}

function DigestPanel({ api }: { api: ApiClient }) {
  const digest = useAsync((signal) => getDigestPreview(api, signal), [api]);
  return (
    <section className="panel" aria-labelledby="digest-heading">
      <h2 id="digest-heading">Next digest</h2>
      {digest.status === 'error' && <ErrorMessage error={digest.error} onRetry={digest.reload} />}
      {!digest.data && digest.status === 'loading' && <Loading />}
      {digest.data && (
        <>
          <p>
            <strong>{digest.data.subject}</strong>
          </p>
          {digest.data.empty && <p className="muted">Nothing changed: this digest would not be sent.</p>}
          <pre className="digest-text">{digest.data.text}</pre>
        </>
      )}
    </section>
  );
}
