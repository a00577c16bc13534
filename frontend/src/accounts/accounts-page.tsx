import { Fragment, useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import type { AccountSummary, ScanRun } from '../api/types';
import type { AsyncState } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { TimeText } from '../components/time-text';
import { scanTone, worstScanStatus } from '../components/tone';
import { formatCount, formatDuration, plural } from '../format';
import { countBreakdown, jobsNotRun, resourceCount, scanFinished, sortAccounts } from './scan-summary';

/** How often the page re-reads accounts while a scan it started is running, and for how long at most. */
const POLL_MS = 3000;
const POLL_LIMIT_MS = 180_000;

export interface AccountsPageProps {
  readonly api: ApiClient;
  readonly accounts: AsyncState<readonly AccountSummary[]> & { readonly reload: () => void };
  readonly isAdmin: boolean;
  readonly now: number;
}

type ScanRequest =
  | { readonly status: 'idle' }
  | { readonly status: 'starting' }
  | { readonly status: 'running'; readonly scanId: string; readonly since: number }
  | { readonly status: 'finished'; readonly scanId: string }
  /** The page stopped waiting; the scan may still be running. */
  | { readonly status: 'unfinished'; readonly scanId: string }
  | { readonly status: 'error'; readonly message: string };

export function AccountsPage({ api, accounts, isAdmin, now }: AccountsPageProps) {
  const [scan, setScan] = useState<ScanRequest>({ status: 'idle' });
  const { reload } = accounts;
  const data = accounts.data;

  useEffect(() => {
    if (scan.status !== 'running') return;
    if (data && scanFinished(data, scan.scanId)) {
      setScan({ status: 'finished', scanId: scan.scanId });
      return;
    }
    const timer = window.setInterval(() => {
      if (Date.now() - scan.since > POLL_LIMIT_MS) setScan({ status: 'unfinished', scanId: scan.scanId });
      else reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [scan, data, reload]);

  async function startScan() {
    setScan({ status: 'starting' });
    try {
      const { scanId } = await api.startScan();
      setScan({ status: 'running', scanId, since: Date.now() });
    } catch (error) {
      setScan({ status: 'error', message: describeError(error) });
    }
  }

  const sorted = useMemo(() => (data ? sortAccounts(data) : undefined), [data]);
  const notRun = useMemo(() => (data ? jobsNotRun(data) : undefined), [data]);

  return (
    <main className="page page-accounts">
      <div className="page-header">
        <div>
          <PageHeading>Accounts</PageHeading>
          <p className="subtitle">The last scan of every account and region, with what failed and why.</p>
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={reload} disabled={accounts.status === 'loading'}>
            Refresh
          </button>
          {isAdmin && (
            <button
              type="button"
              className="button button-primary"
              onClick={startScan}
              disabled={scan.status === 'starting' || scan.status === 'running'}
            >
              {scan.status === 'running' || scan.status === 'starting' ? 'Scanning…' : 'Scan now'}
            </button>
          )}
        </div>
      </div>

      <div aria-live="polite">
        {scan.status === 'running' && (
          <p className="message message-info" role="status">
            Scan <code>{scan.scanId}</code> started. This page updates as accounts and regions finish.
          </p>
        )}
        {scan.status === 'unfinished' && (
          <p className="message message-info" role="status">
            Scan <code>{scan.scanId}</code> has not reported from every account and region yet. Use Refresh to
            check again.
          </p>
        )}
        {scan.status === 'finished' && (
          <p className="message message-success" role="status">
            Scan <code>{scan.scanId}</code> finished in every account and region.
          </p>
        )}
      </div>
      {scan.status === 'error' && (
        <p className="message message-error" role="alert">
          The scan could not be started: {scan.message}
        </p>
      )}

      {notRun && (
        <p className="message message-error" role="alert">
          Scan <code>{notRun.scanId}</code> is incomplete: {plural(notRun.jobs.length, 'job')} never ran (the
          scan stopped or timed out before {notRun.jobs.length === 1 ? 'it' : 'they'} could):{' '}
          {notRun.jobs.join(', ')}. Their rows below show an earlier scan.
        </p>
      )}
      {accounts.status === 'error' && <ErrorMessage error={accounts.error} onRetry={reload} />}
      {!sorted && accounts.status === 'loading' && <Loading>Loading accounts…</Loading>}
      {sorted && sorted.length === 0 && (
        <p className="message message-info">
          No account has been scanned yet.{isAdmin ? ' Start a scan with “Scan now”.' : ''}
        </p>
      )}
      {sorted?.map((account) => (
        <AccountSection key={account.accountId} account={account} now={now} />
      ))}
    </main>
  );
}

function AccountSection({ account, now }: { account: AccountSummary; now: number }) {
  const worst =
    account.notRun?.status === 'incomplete'
      ? 'incomplete'
      : worstScanStatus(account.scopes.map((scope) => scope.lastScan.status));
  const headingId = `account-${account.accountId}`;
  const total = account.scopes.reduce((sum, scope) => sum + resourceCount(scope.lastScan), 0);
  return (
    <section className="panel account" aria-labelledby={headingId}>
      <div className="account-header">
        <h2 id={headingId}>
          {account.name ?? account.accountId}
          {account.name && <code className="muted account-id">{account.accountId}</code>}
        </h2>
        <span className="muted">
          {plural(account.scopes.length, 'region')} · {plural(total, 'resource')}
        </span>
        {worst && <Badge tone={worst === 'incomplete' ? 'bad' : scanTone(worst)}>{worst}</Badge>}
      </div>
      {account.notRun && (
        <p
          className={
            account.notRun.status === 'incomplete' ? 'message message-error' : 'message message-info'
          }
        >
          {account.notRun.status === 'incomplete' ? 'Never ran in scan ' : 'Not reported yet by scan '}
          <code>{account.notRun.scanId}</code>: {account.notRun.regions.join(', ')}
        </p>
      )}
      <table className="data-table scans-table">
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Status</th>
            <th scope="col">Finished</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Resources
            </th>
            <th scope="col">Changes</th>
            <th scope="col" className="num">
              API calls
            </th>
            <th scope="col" className="num">
              Errors
            </th>
          </tr>
        </thead>
        <tbody>
          {account.scopes.map(({ region, lastScan }) => (
            <ScanRow key={region} region={region} run={lastScan} now={now} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ScanRow({ region, run, now }: { region: string; run: ScanRun; now: number }) {
  const { added, updated, gone } = run.changes;
  return (
    <Fragment>
      <tr>
        <th scope="row">{region}</th>
        <td>
          <Badge tone={scanTone(run.status)}>{run.status}</Badge>
        </td>
        <td>
          <TimeText iso={run.finishedAt} now={now} />
        </td>
        <td className="num">{formatDuration(run.durationMs)}</td>
        <td className="num" title={countBreakdown(run)}>
          {formatCount(resourceCount(run))}
        </td>
        <td>
          <span className="change change-added" title="added">
            +{formatCount(added)}
          </span>{' '}
          <span className="change change-updated" title="updated">
            ~{formatCount(updated)}
          </span>{' '}
          <span className="change change-gone" title="gone">
            −{formatCount(gone)}
          </span>
        </td>
        <td className="num">
          {formatCount(run.apiCalls)}
          {run.retries > 0 && <span className="muted"> ({plural(run.retries, 'retry', 'retries')})</span>}
        </td>
        <td className="num">
          {run.errors.length > 0 ? <strong className="error-count">{run.errors.length}</strong> : '0'}
        </td>
      </tr>
      {run.errors.length > 0 && (
        <tr className="error-row">
          <td colSpan={8}>
            <ul className="scan-errors" aria-label={`Errors in ${region}`}>
              {run.errors.map((error, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: one collector can fail twice with the same code.
                <li key={index}>
                  <code>{error.collector}</code> <strong>{error.code}</strong>: {error.message}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
