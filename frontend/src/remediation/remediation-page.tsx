import { Fragment, useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import {
  type ApiCall,
  decideRemediation,
  getRemediation,
  listRemediations,
  previewFix,
  type Remediation,
  type RemediationItem,
  requestFix,
  undoRemediation,
} from '../api/remediation';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { TimeText } from '../components/time-text';
import type { Tone } from '../components/tone';
import { ResourceLink } from '../findings/resource-link';
import { formatUsd } from '../format';
import { SavingsLedgerPanel } from './savings-ledger';

export const STATUS_TONE: Record<string, Tone> = {
  requested: 'neutral',
  'awaiting-approval': 'warn',
  running: 'neutral',
  succeeded: 'good',
  failed: 'bad',
  undone: 'neutral',
  expired: 'neutral',
  refused: 'bad',
  rejected: 'neutral',
  pending: 'neutral',
  ready: 'neutral',
  skipped: 'neutral',
};

const FINAL = new Set(['succeeded', 'failed', 'undone', 'expired', 'refused', 'rejected']);

export default function RemediationPage({ api, groups, now, fix }: PageProps & { fix?: string }) {
  const canOperate = groupAllows(groups, 'operator');
  const list = useAsync((signal) => listRemediations(api, signal), [api]);
  const [open, setOpen] = useState<string>();
  const items = list.data ?? [];
  const awaiting = items.filter((r) => r.status === 'awaiting-approval');
  const running = items.filter((r) => r.status === 'requested' || r.status === 'running');
  const history = items.filter((r) => FINAL.has(r.status));

  return (
    <main className="page page-remediation">
      <div className="page-header">
        <div>
          <PageHeading>Remediation</PageHeading>
          <p className="subtitle">
            Fixes run through the member remediation role, only on resources tagged
            hostmaster:remediation=allow or in accounts opted in as a whole: previewed, approved by a person
            when destructive, backed up, verified and undoable.
          </p>
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={list.reload} disabled={list.status === 'loading'}>
            Refresh
          </button>
        </div>
      </div>
      {fix && <FixPreviewPanel api={api} findingId={fix} canOperate={canOperate} onRequested={list.reload} />}
      {list.status === 'error' && (
        <ErrorMessage error={list.error} title="Could not load remediations" onRetry={list.reload} />
      )}
      {list.status === 'loading' && !list.data && <Loading>Loading remediations…</Loading>}
      {list.data && (
        <>
          <RemediationTable
            title="Awaiting approval"
            empty="Nothing waits for a decision."
            rows={awaiting}
            {...{ api, now, open, setOpen, canOperate, reload: list.reload }}
          />
          <RemediationTable
            title="Queue and running"
            empty="Nothing is running."
            rows={running}
            {...{ api, now, open, setOpen, canOperate, reload: list.reload }}
          />
          <RemediationTable
            title="History"
            empty="No remediation has finished yet."
            rows={history}
            {...{ api, now, open, setOpen, canOperate, reload: list.reload }}
          />
        </>
      )}
      <SavingsLedgerPanel api={api} now={now} reloadKey={list.data} />
    </main>
  );
}

export function Calls({ calls }: { calls: readonly ApiCall[] }) {
  if (calls.length === 0) return <p className="muted">None.</p>;
  return (
    <ol className="api-calls">
      {calls.map((call) => (
        <li key={`${call.action}-${JSON.stringify(call.input)}`}>
          <code>
            {call.service}:{call.action}
          </code>{' '}
          {call.dryRunnable ? (
            <Badge tone="neutral">DryRun first</Badge>
          ) : (
            // RDS and S3 take no DryRun: the dry-run step cannot try this call, so say so.
            <Badge tone="warn" title="This API has no DryRun: it is first sent for real when the fix runs">
              No DryRun
            </Badge>
          )}
          <pre>{JSON.stringify(call.input, null, 2)}</pre>
        </li>
      ))}
    </ol>
  );
}

function FixPreviewPanel({
  api,
  findingId,
  canOperate,
  onRequested,
}: {
  api: ApiClient;
  findingId: string;
  canOperate: boolean;
  onRequested: () => void;
}) {
  const preview = useAsync((signal) => previewFix(api, findingId, signal), [api, findingId]);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'done' | 'error'; message?: string }>({
    status: 'idle',
  });
  if (preview.status === 'error')
    return <ErrorMessage error={preview.error} title="Could not preview this fix" onRetry={preview.reload} />;
  if (!preview.data) return <Loading>Planning the fix…</Loading>;
  const p = preview.data;
  const submit = async () => {
    setState({ status: 'sending' });
    try {
      const requested = await requestFix(api, [p.finding.id], reason);
      setState({
        status: 'done',
        message: `Requested ${requested.id}: ${requested.destructive ? 'waiting for approval by another operator' : 'running'}.`,
      });
      onRequested();
    } catch (error) {
      setState({ status: 'error', message: describeError(error) });
    }
  };
  return (
    <section className="panel fix-preview" aria-label="Fix preview">
      <h2>Fix: {p.action.title}</h2>
      <p>
        <strong>{p.summary}</strong>{' '}
        {p.action.destructive ? (
          <Badge tone="warn">needs approval</Badge>
        ) : (
          <Badge tone="good">no approval needed</Badge>
        )}
      </p>
      <p>
        Finding: {p.finding.title} on{' '}
        <ResourceLink id={p.resource.id} name={p.resource.name} type={p.resource.type} /> (
        {p.resource.accountId}, {p.resource.region})
        {p.expectedMonthlySavingsUsd !== undefined && (
          <> · saves about {formatUsd(p.expectedMonthlySavingsUsd)} a month</>
        )}
      </p>
      <h3>Pre-flight</h3>
      <ul className="checks">
        {p.preflight.checks.map((check) => (
          <li key={check.id}>
            <Badge tone={check.passed ? 'good' : 'bad'}>{check.passed ? 'pass' : 'refuse'}</Badge>{' '}
            {check.detail}
          </li>
        ))}
      </ul>
      <div className="two-columns">
        <div>
          <h3>Backup</h3>
          <p className="muted">{p.action.backup}</p>
          <Calls calls={p.backupCalls} />
        </div>
        <div>
          <h3>Change</h3>
          <Calls calls={p.actCalls} />
        </div>
      </div>
      <p>
        <strong>Verify:</strong> {p.action.verify} <strong>Undo:</strong> {p.action.undo}
      </p>
      {canOperate ? (
        <form
          className="fix-form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label>
            Reason
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              maxLength={1000}
              placeholder="Why this fix, for the audit log"
            />
          </label>
          <button
            type="submit"
            className="button button-primary"
            disabled={!p.preflight.passed || state.status === 'sending' || state.status === 'done'}
          >
            Request fix
          </button>
          {!p.preflight.passed && <span className="muted">Pre-flight refuses this fix.</span>}
        </form>
      ) : (
        <p className="muted">Operators request fixes; you can see the plan.</p>
      )}
      {state.message && (
        <p
          className={state.status === 'error' ? 'message message-error' : 'message'}
          role={state.status === 'error' ? 'alert' : 'status'}
        >
          {state.message}
        </p>
      )}
    </section>
  );
}

interface TableProps {
  readonly api: ApiClient;
  readonly title: string;
  readonly empty: string;
  readonly rows: readonly Remediation[];
  readonly now: number;
  readonly open: string | undefined;
  readonly setOpen: (id: string | undefined) => void;
  readonly canOperate: boolean;
  readonly reload: () => void;
}

function RemediationTable({ api, title, empty, rows, now, open, setOpen, canOperate, reload }: TableProps) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="data-table remediation-table">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Items</th>
              <th scope="col">Requested</th>
              <th scope="col" className="num">
                Saving / month
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.id}>
                <tr className={open === r.id ? 'expanded' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="disclosure"
                      aria-expanded={open === r.id}
                      onClick={() => setOpen(open === r.id ? undefined : r.id)}
                    >
                      <span className="disclosure-mark" aria-hidden="true">
                        {open === r.id ? '▾' : '▸'}
                      </span>
                      {r.kind === 'undo' ? 'Undo of ' : ''}
                      {r.actionId} <span className="muted">{r.id}</span>
                    </button>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[r.status] ?? 'neutral'}>{r.status}</Badge>
                  </td>
                  <td>
                    {r.counts.succeeded}/{r.counts.items} done
                    {r.counts.failed > 0 && `, ${r.counts.failed} failed`}
                    {r.counts.refused > 0 && `, ${r.counts.refused} refused`}
                  </td>
                  <td>
                    {r.requestedBy} <TimeText iso={r.requestedAt} now={now} />
                  </td>
                  <td className="num">{formatUsd(r.expectedMonthlySavingsUsd)}</td>
                </tr>
                {open === r.id && (
                  <tr className="detail-row">
                    <td colSpan={5}>
                      <RemediationDetail
                        api={api}
                        remediation={r}
                        canOperate={canOperate}
                        now={now}
                        reload={reload}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RemediationDetail({
  api,
  remediation,
  canOperate,
  now,
  reload,
}: {
  api: ApiClient;
  remediation: Remediation;
  canOperate: boolean;
  now: number;
  reload: () => void;
}) {
  const detail = useAsync(
    (signal) => getRemediation(api, remediation.id, signal),
    [api, remediation.id, remediation.status],
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const act = async (run: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await run();
      reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const undoable =
    remediation.kind === 'fix' &&
    !remediation.undoneBy &&
    (detail.data?.items ?? []).some((item) => item.status === 'succeeded' && item.undoCalls);
  return (
    <div className="remediation-detail">
      <p>
        {remediation.reason && <>“{remediation.reason}” · </>}
        {remediation.summary}
        {remediation.approval.decidedBy && (
          <>
            {' '}
            · {remediation.approval.decision} by {remediation.approval.decidedBy}:{' '}
            {remediation.approval.reason}
          </>
        )}
        {remediation.status === 'awaiting-approval' && remediation.approval.expiresAt && (
          <>
            {' '}
            · expires <TimeText iso={remediation.approval.expiresAt} now={now} />
          </>
        )}
      </p>
      {canOperate && (remediation.status === 'awaiting-approval' || undoable) && (
        <div className="decision">
          <label>
            Reason
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
              placeholder="For the audit log"
            />
          </label>
          {remediation.status === 'awaiting-approval' && (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={!reason}
                onClick={() => act(() => decideRemediation(api, remediation.id, 'approve', reason))}
              >
                Approve
              </button>
              <button
                type="button"
                className="button"
                disabled={!reason}
                onClick={() => act(() => decideRemediation(api, remediation.id, 'reject', reason))}
              >
                Reject
              </button>
            </>
          )}
          {undoable && (
            <button
              type="button"
              className="button"
              disabled={!reason}
              onClick={() => act(() => undoRemediation(api, remediation.id, reason))}
            >
              Undo
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
      {detail.status === 'error' && (
        <ErrorMessage error={detail.error} title="Could not load the steps" onRetry={detail.reload} />
      )}
      {detail.data?.items.map((item) => (
        <ItemSteps key={item.itemId} item={item} now={now} />
      ))}
    </div>
  );
}

function ItemSteps({ item, now }: { item: RemediationItem; now: number }) {
  return (
    <div className="remediation-item">
      <h4>
        <ResourceLink id={item.resourceId} name={item.resourceName} type={item.resourceType} />{' '}
        <Badge tone={STATUS_TONE[item.status] ?? 'neutral'}>{item.status}</Badge>
        {item.backup?.snapshotId && <span className="muted"> backup {item.backup.snapshotId}</span>}
      </h4>
      {item.error && <p className="message message-error">{item.error}</p>}
      <ol className="steps">
        {item.steps.map((step) => (
          <li key={`${step.name}-${step.at}-${step.status}`}>
            <Badge tone={step.status === 'succeeded' ? 'good' : step.status === 'failed' ? 'bad' : 'neutral'}>
              {step.name}
            </Badge>{' '}
            {step.detail}{' '}
            <span className="muted">
              <TimeText iso={step.at} now={now} />
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
