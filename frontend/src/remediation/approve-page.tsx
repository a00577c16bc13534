/**
 * The page an emailed approval link opens (`#/approve?id=&token=`). Opening it changes nothing (mail
 * scanners fetch links too): it shows what would be called on which resources, who asked and why,
 * and the signed-in operator approves or rejects with a reason. The link works once.
 */
import { useState } from 'react';
import { ApiError, describeError } from '../api/errors';
import { decideByApprovalLink, type Remediation, readApprovalLink } from '../api/remediation';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { FullTime, TimeText } from '../components/time-text';
import { ResourceLink } from '../findings/resource-link';
import { formatUsd, plural } from '../format';
import { Calls, STATUS_TONE } from './remediation-page';

/** Items shown with their calls; a bulk request lists the rest by name only. */
const ITEMS_WITH_CALLS = 20;

export default function ApprovePage({
  api,
  now,
  remediationId,
  token,
}: PageProps & { remediationId: string; token: string }) {
  const view = useAsync(
    (signal) => readApprovalLink(api, remediationId, token, signal),
    [api, remediationId, token],
  );
  const [reason, setReason] = useState('');
  const [state, setState] = useState<
    | { status: 'idle' | 'sending' }
    | { status: 'done'; decided: Remediation }
    | { status: 'error'; message: string }
  >({ status: 'idle' });

  const decide = async (decision: 'approved' | 'rejected') => {
    setState({ status: 'sending' });
    try {
      setState({
        status: 'done',
        decided: await decideByApprovalLink(api, remediationId, token, decision, reason),
      });
    } catch (error) {
      setState({ status: 'error', message: describeError(error) });
    }
  };

  return (
    <main className="page page-approve">
      <div className="page-header">
        <div>
          <PageHeading>Approve a remediation</PageHeading>
          <p className="subtitle">
            Opened from an approval email. Nothing changes until you approve or reject, with a reason; the
            link works once.
          </p>
        </div>
      </div>
      {view.status === 'error' && (
        <>
          {/* A refused link stays refused: retrying helps only when the API could not be reached. */}
          <ErrorMessage
            error={view.error}
            title="This approval link cannot be used"
            {...(view.error instanceof ApiError ? {} : { onRetry: view.reload })}
          />
          <p>
            Requests awaiting approval are on the <a href="#/remediation">Remediation page</a>.
          </p>
        </>
      )}
      {view.status === 'loading' && !view.data && <Loading>Checking the link…</Loading>}
      {view.data &&
        (() => {
          const { remediation: r, items, link } = view.data;
          const shown = items.slice(0, ITEMS_WITH_CALLS);
          const waiting = r.status === 'awaiting-approval' && state.status !== 'done';
          return (
            <>
              <section className="panel approve-request" aria-label="Request">
                <h2>
                  {r.actionId} on {plural(r.counts.items, 'resource')}{' '}
                  <Badge tone={STATUS_TONE[r.status] ?? 'neutral'}>{r.status}</Badge>
                  {r.destructive && <Badge tone="warn">destructive</Badge>}
                </h2>
                <dl className="approve-facts">
                  <dt>Requested by</dt>
                  <dd>
                    {r.requestedBy} <TimeText iso={r.requestedAt} now={now} />
                  </dd>
                  <dt>Why</dt>
                  <dd>“{r.reason}”</dd>
                  <dt>Saves</dt>
                  <dd>about {formatUsd(r.expectedMonthlySavingsUsd)} a month</dd>
                  {r.approval.expiresAt && (
                    <>
                      <dt>Expires</dt>
                      <dd>
                        <FullTime iso={r.approval.expiresAt} now={now} />
                      </dd>
                    </>
                  )}
                  <dt>Link valid until</dt>
                  <dd>
                    <FullTime iso={link.expiresAt} now={now} />
                  </dd>
                  <dt>Request</dt>
                  <dd>
                    <a href="#/remediation">{r.id}</a>
                  </dd>
                </dl>
              </section>
              {/* Reading the link is an operator route: whoever sees the request may decide it. */}
              {waiting && (
                <section className="panel" aria-label="Decision">
                  <h2>Your decision</h2>
                  <div className="decision">
                    <label>
                      Reason
                      <input
                        value={reason}
                        onChange={(e) => setReason(e.target.value)}
                        required
                        maxLength={1000}
                        placeholder="For the audit log"
                      />
                    </label>
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={!reason.trim() || state.status === 'sending'}
                      onClick={() => void decide('approved')}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="button"
                      disabled={!reason.trim() || state.status === 'sending'}
                      onClick={() => void decide('rejected')}
                    >
                      Reject
                    </button>
                  </div>
                  {state.status === 'error' && (
                    <p className="message message-error" role="alert">
                      {state.message}
                    </p>
                  )}
                </section>
              )}
              {state.status === 'done' && (
                <p className="message" role="status">
                  {state.decided.approval.decision === 'approved'
                    ? `Approved: ${state.decided.id} runs now. Follow it on the `
                    : `Rejected: nothing was changed. See ${state.decided.id} on the `}
                  <a href="#/remediation">Remediation page</a>.
                </p>
              )}
              {!waiting && state.status !== 'done' && (
                <p className="message" role="status">
                  This request is {r.status}
                  {r.approval.decidedBy && ` (${r.approval.decision} by ${r.approval.decidedBy})`}: there is
                  nothing to decide.
                </p>
              )}
              <section className="panel" aria-label="What will be called">
                <h2>What will be called</h2>
                {shown.map((item) => (
                  <div className="remediation-item" key={item.itemId}>
                    <h4>
                      <ResourceLink id={item.resourceId} name={item.resourceName} type={item.resourceType} />{' '}
                      <Badge tone={STATUS_TONE[item.status] ?? 'neutral'}>{item.status}</Badge>
                    </h4>
                    <p className="muted">
                      Account {item.accountId} · {item.region}
                    </p>
                    {item.status === 'ready' || item.backupCalls.length + item.actCalls.length > 0 ? (
                      <div className="two-columns">
                        <div>
                          <h3>Backup</h3>
                          <Calls calls={item.backupCalls} />
                        </div>
                        <div>
                          <h3>Change</h3>
                          <Calls calls={item.actCalls} />
                        </div>
                      </div>
                    ) : (
                      <p className="muted">{item.error ?? 'Nothing will be called for this item.'}</p>
                    )}
                  </div>
                ))}
                {items.length > shown.length && (
                  <p className="muted">
                    … and {plural(items.length - shown.length, 'more resource')}, with the same calls: see the
                    request on the Remediation page.
                  </p>
                )}
              </section>
            </>
          );
        })()}
    </main>
  );
}
