import type { ReactNode } from 'react';
import { getHealthOverview } from '../api/alerts';
import { getCostSummary, getSavings } from '../api/cost';
import { getSavingsLedger } from '../api/remediation';
import { getPosture } from '../api/security';
import type { AccountHealth, AccountSummary } from '../api/types';
import type { PageProps } from '../app/page-props';
import type { AsyncState } from '../app/use-async';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { TimeText } from '../components/time-text';
import { SEVERITIES, scanTone, severityTone, type Tone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { formatChange, formatCount, formatUsd, plural } from '../format';
import { ScoreBar } from '../security/posture-view';
import { frameworkShortName, frameworksOf } from '../security/security-data';
import { healthRows, openBySeverity } from './overview-data';

const HEALTH_TONE: Readonly<Record<AccountHealth['health'], Tone>> = {
  ok: 'good',
  degraded: 'warn',
  critical: 'bad',
};

export default function OverviewPage({
  api,
  accountNames,
  now,
  accounts,
}: PageProps & { accounts: AsyncState<readonly AccountSummary[]> }) {
  const health = useAsync((signal) => getHealthOverview(api, signal), [api]);
  const cost = useAsync((signal) => getCostSummary(api, signal), [api]);
  const savings = useAsync((signal) => getSavings(api, signal), [api]);
  const posture = useAsync((signal) => getPosture(api, undefined, signal), [api]);
  const ledger = useAsync((signal) => getSavingsLedger(api, signal), [api]);
  const rows = healthRows(health.data ?? [], accounts.data ?? []);
  const open = openBySeverity(health.data ?? []);
  const totalOpen = Object.values(open).reduce((a, b) => a + b, 0);

  return (
    <main className="page page-overview">
      <div className="page-header">
        <div>
          <PageHeading>Overview</PageHeading>
          <p className="subtitle">Health, cost, savings and security posture across every account.</p>
        </div>
        <div className="actions">
          <a className="button" href="#/inventory">
            Inventory
          </a>
        </div>
      </div>

      <div className="tiles overview-tiles">
        <Tile href="#/alerts" label="Open alerts" state={health}>
          {() => (
            <>
              <strong className="tile-value">{formatCount(totalOpen)}</strong>
              <span className="severity-inline">
                {SEVERITIES.filter((s) => open[s] > 0).map((s) => (
                  <Badge key={s} tone={severityTone(s)}>
                    {open[s]} {s}
                  </Badge>
                ))}
                {totalOpen === 0 && <span className="tile-note muted">Every account is healthy</span>}
              </span>
            </>
          )}
        </Tile>
        <Tile href="#/cost" label="Month to date" state={cost}>
          {(summary) => (
            <>
              <strong className="tile-value">{formatUsd(summary.monthToDateUsd)}</strong>
              {summary.lastMonthTotalUsd !== undefined && (
                <span className="tile-note muted">
                  Last month {formatUsd(summary.lastMonthTotalUsd, { whole: true })}
                </span>
              )}
              {typeof summary.changeVsSameDaysPercent === 'number' && (
                <span
                  className={
                    summary.changeVsSameDaysPercent > 0 ? 'tile-note trend-up' : 'tile-note trend-down'
                  }
                >
                  {formatChange(summary.changeVsSameDaysPercent)} vs the same days last month
                </span>
              )}
            </>
          )}
        </Tile>
        <Tile href="#/cost" label="Forecast for the month" state={cost}>
          {(summary) =>
            summary.forecastMonthUsd === undefined ? (
              <span className="tile-note muted">No forecast yet</span>
            ) : (
              <>
                <strong className="tile-value">{formatUsd(summary.forecastMonthUsd)}</strong>
                {summary.lastMonthTotalUsd !== undefined && summary.lastMonthTotalUsd > 0 && (
                  <span className="tile-note muted">
                    {formatChange(
                      ((summary.forecastMonthUsd - summary.lastMonthTotalUsd) / summary.lastMonthTotalUsd) *
                        100,
                    )}{' '}
                    vs last month
                  </span>
                )}
              </>
            )
          }
        </Tile>
        <Tile href="#/cost" label="Potential savings" state={savings}>
          {(data) => (
            <>
              <strong className="tile-value text-good">{formatUsd(data.totals.monthlyUsd)}</strong>
              <span className="tile-note muted">a month, from {plural(data.totals.count, 'finding')}</span>
            </>
          )}
        </Tile>
        <Tile href="#/remediation" label="Realized savings" state={ledger}>
          {({ totals }) =>
            totals.entries === 0 ? (
              <span className="tile-note muted">No verified fix with a saving yet</span>
            ) : (
              <>
                <strong className="tile-value text-good">{formatUsd(totals.realizedUsd)}</strong>
                <span className="tile-note muted">
                  realized, of {formatUsd(totals.estimatedToDateUsd)} estimated over the same days
                </span>
                <span className="tile-note muted">
                  {totals.holding} of {plural(totals.entries, 'change')} holding,{' '}
                  {formatUsd(totals.holdingMonthlyUsd)} a month
                </span>
              </>
            )
          }
        </Tile>
        <Tile href="#/security" label="Security posture" state={posture} wide>
          {(data) => {
            const frameworks = frameworksOf(data);
            if (data.accounts.length === 0 || frameworks.length === 0)
              return <span className="tile-note muted">No analysis has covered an account yet</span>;
            return (
              <ul className="posture-list">
                {frameworks.map((f) => (
                  <li key={f.framework}>
                    <span className="posture-name">{frameworkShortName(f)}</span>
                    <ScoreBar score={f.score} label={`${frameworkShortName(f)} score`} />
                    <span className="muted">
                      {f.passed}/{f.applicable}
                    </span>
                  </li>
                ))}
              </ul>
            );
          }}
        </Tile>
      </div>

      <section className="panel" aria-labelledby="accounts-health-heading">
        <div className="panel-header">
          <h2 id="accounts-health-heading">Accounts</h2>
          <a href="#/accounts">Scan details</a>
        </div>
        {health.status === 'error' && <ErrorMessage error={health.error} onRetry={health.reload} />}
        {rows.length === 0 && (health.status === 'loading' || accounts.status === 'loading') && <Loading />}
        {rows.length === 0 && health.status === 'ready' && accounts.status !== 'loading' && (
          <p className="muted">No account has been scanned yet.</p>
        )}
        {rows.length > 0 && (
          <table className="data-table health-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Health</th>
                {SEVERITIES.slice(0, 4).map((s) => (
                  <th key={s} scope="col" className="num">
                    {s.charAt(0).toUpperCase() + s.slice(1)}
                  </th>
                ))}
                <th scope="col">Last scan</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.accountId}>
                  <th scope="row">
                    <AccountLabel id={row.accountId} names={accountNames} />
                  </th>
                  <td>
                    {row.health ? (
                      <Badge tone={HEALTH_TONE[row.health]}>{row.health}</Badge>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  {SEVERITIES.slice(0, 4).map((s) => {
                    const count = row.openAlerts?.[s] ?? 0;
                    return (
                      <td key={s} className="num">
                        {!row.openAlerts ? (
                          <span className="muted">—</span>
                        ) : count > 0 ? (
                          <a href="#/alerts" className={`count-${severityTone(s)}`}>
                            {count}
                          </a>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                    );
                  })}
                  <td>
                    {row.lastScanStatus ? (
                      <>
                        <Badge tone={scanTone(row.lastScanStatus)}>{row.lastScanStatus}</Badge>{' '}
                        {row.lastScanAt && <TimeText iso={row.lastScanAt} now={now} />}
                      </>
                    ) : (
                      <span className="muted">never scanned</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function Tile<T>({
  href,
  label,
  state,
  wide = false,
  children,
}: {
  href: string;
  label: string;
  state: AsyncState<T> & { reload: () => void };
  wide?: boolean;
  children: (data: T) => ReactNode;
}) {
  return (
    <div className={wide ? 'tile tile-wide' : 'tile'}>
      <a className="tile-label tile-heading" href={href}>
        {label} <span aria-hidden="true">→</span>
      </a>
      {state.data !== undefined ? (
        children(state.data)
      ) : state.status === 'error' ? (
        <ErrorMessage error={state.error} onRetry={state.reload} />
      ) : (
        <Loading />
      )}
    </div>
  );
}
