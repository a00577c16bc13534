import { Fragment, useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import {
  exportPosture,
  getPosture,
  listSecurityFindings,
  type SecurityFindingQuery,
  type SecurityFindings,
} from '../api/security';
import type { Finding, ReportedFinding, Severity } from '../api/types';
import { saveFile } from '../app/download';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { routeHref } from '../app/routes';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { Field } from '../components/field';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { TimeText } from '../components/time-text';
import { SEVERITIES, severityTone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { FindingEvidence } from '../findings/finding-evidence';
import { FindingRemediation } from '../findings/finding-remediation';
import { ResourceLink } from '../findings/resource-link';
import { formatCount, plural } from '../format';
import { FixLink } from '../remediation/fix-link';
import { AuditPanel, type ExceptionDraft, ExceptionsPanel } from './exceptions-panel';
import { FrameworkPanel, ScoreBar } from './posture-view';
import { frameworkShortName, frameworksOf } from './security-data';

const FRAMEWORK_OPTIONS = [
  ['cis-aws-foundations-3.0.0', 'CIS AWS Foundations 3.0.0'],
  ['aws-fsbp', 'AWS FSBP'],
] as const;

export default function SecurityPage({ api, groups, accountNames, accountIds, now }: PageProps) {
  const isAdmin = groupAllows(groups, 'admin');
  const [query, setQuery] = useState<SecurityFindingQuery>({});
  const [exportState, setExportState] = useState<{ busy?: 'csv' | 'json'; error?: string }>({});
  const [draft, setDraft] = useState<ExceptionDraft>();
  const [auditRevision, setAuditRevision] = useState(0);
  const posture = useAsync((signal) => getPosture(api, query.accountId, signal), [api, query.accountId]);
  const findings = useAsync((signal) => listSecurityFindings(api, query, signal), [api, query]);
  // Until an analysis has covered an account every control is "not applicable": say so instead.
  const frameworks = posture.data?.accounts.length
    ? frameworksOf(posture.data)
    : posture.data
      ? []
      : undefined;

  const set = (patch: Partial<SecurityFindingQuery>) => {
    const next: Record<string, unknown> = { ...query, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    setQuery(next as SecurityFindingQuery);
  };

  async function download(format: 'csv' | 'json') {
    setExportState({ busy: format });
    try {
      const file = await exportPosture(api, format, query.accountId);
      saveFile(file, `hostmaster-posture.${format}`);
      setExportState({});
    } catch (error) {
      setExportState({ error: describeError(error) });
    }
  }

  return (
    <main className="page page-security">
      <div className="page-header">
        <div>
          <PageHeading>Security</PageHeading>
          <p className="subtitle">
            Findings from HostMaster's security checks and the posture they give against CIS AWS Foundations
            and AWS FSBP.
          </p>
        </div>
        <div className="actions">
          <a
            className="button"
            href={routeHref(
              query.accountId
                ? { name: 'security-report', accountId: query.accountId }
                : { name: 'security-report' },
            )}
          >
            Printable report
          </a>
          <button
            type="button"
            className="button"
            onClick={() => download('csv')}
            disabled={!!exportState.busy}
          >
            {exportState.busy === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => download('json')}
            disabled={!!exportState.busy}
          >
            {exportState.busy === 'json' ? 'Exporting…' : 'Export JSON'}
          </button>
        </div>
      </div>
      {exportState.error && (
        <p className="message message-error" role="alert">
          The export failed: {exportState.error}
        </p>
      )}

      <div className="filters">
        <Field label="Account" className="field field-inline">
          <select value={query.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value })}>
            <option value="">All accounts</option>
            {[...accountIds, ...(findings.data?.counts.byAccount.map((a) => a.accountId) ?? [])]
              .filter((id, index, all) => all.indexOf(id) === index)
              .sort()
              .map((id) => (
                <option key={id} value={id}>
                  {accountNames.get(id) ? `${accountNames.get(id)} (${id})` : id}
                </option>
              ))}
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
        <Field label="Check" className="field field-inline">
          <select value={query.ruleId ?? ''} onChange={(e) => set({ ruleId: e.target.value })}>
            <option value="">Any check</option>
            {(findings.data?.counts.byCheck ?? [])
              .map((c) => c.ruleId)
              .concat(query.ruleId ? [query.ruleId] : [])
              .filter((id, index, all) => all.indexOf(id) === index)
              .map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
          </select>
        </Field>
        <Field label="Status" className="field field-inline">
          <select
            value={query.status ?? ''}
            onChange={(e) => set({ status: (e.target.value || undefined) as Finding['status'] | undefined })}
          >
            <option value="">Open and excepted</option>
            <option value="open">Open</option>
            <option value="suppressed">Excepted</option>
            <option value="resolved">Resolved</option>
          </select>
        </Field>
        <Field label="Framework" className="field field-inline">
          <select value={query.framework ?? ''} onChange={(e) => set({ framework: e.target.value })}>
            <option value="">Any framework</option>
            {FRAMEWORK_OPTIONS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {Object.keys(query).length > 0 && (
          <button type="button" className="button" onClick={() => setQuery({})}>
            Clear filters
          </button>
        )}
      </div>

      <section className="panel" aria-labelledby="scores-heading">
        <h2 id="scores-heading">Framework scores{query.accountId ? '' : ' across the organization'}</h2>
        {posture.status === 'error' && <ErrorMessage error={posture.error} onRetry={posture.reload} />}
        {!posture.data && posture.status === 'loading' && <Loading />}
        {frameworks?.length === 0 && (
          <p className="muted">No posture yet: scores appear once an analysis has covered an account.</p>
        )}
        {frameworks && frameworks.length > 0 && (
          <div className="score-tiles">
            {frameworks.map((f) => (
              <a
                key={f.framework}
                className="tile tile-link"
                href={`#framework-${f.framework}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(`framework-${f.framework}`)?.scrollIntoView({ behavior: 'smooth' });
                }}
              >
                <span className="tile-label">{frameworkShortName(f)}</span>
                <ScoreBar score={f.score} label={`${frameworkShortName(f)} score`} />
                <span className="tile-note muted">
                  {f.passed} / {plural(f.applicable, 'applicable control')} passed
                </span>
              </a>
            ))}
          </div>
        )}
      </section>

      {findings.status === 'error' && <ErrorMessage error={findings.error} onRetry={findings.reload} />}
      {!findings.data && findings.status === 'loading' && <Loading>Loading findings…</Loading>}
      {findings.data && (
        <FindingCounts counts={findings.data.counts} accountNames={accountNames} onFilter={set} />
      )}
      {findings.data && (
        <FindingsTable
          api={api}
          data={findings.data}
          accountNames={accountNames}
          now={now}
          isAdmin={isAdmin}
          onExcept={(finding) => {
            setDraft({
              ruleId: finding.ruleId,
              resourceId: finding.resourceId,
              accountId: finding.accountId,
            });
            document.getElementById('exceptions')?.scrollIntoView({ behavior: 'smooth' });
          }}
          loadMore={async (cursor) => listSecurityFindings(api, { ...query, cursor })}
        />
      )}

      {frameworks?.map((f) => (
        <FrameworkPanel key={f.framework} framework={f} accountNames={accountNames} />
      ))}

      <ExceptionsPanel
        api={api}
        isAdmin={isAdmin}
        now={now}
        accountNames={accountNames}
        draft={draft}
        onChanged={() => {
          posture.reload();
          findings.reload();
          setAuditRevision((r) => r + 1);
        }}
      />
      {isAdmin && <AuditPanel api={api} now={now} revision={auditRevision} />}
    </main>
  );
}

function FindingCounts({
  counts,
  accountNames,
  onFilter,
}: {
  counts: SecurityFindings['counts'];
  accountNames: ReadonlyMap<string, string>;
  onFilter: (patch: Partial<SecurityFindingQuery>) => void;
}) {
  const maxCheck = Math.max(1, ...counts.byCheck.map((c) => c.count));
  return (
    <div className="counts-grid">
      <section className="panel" aria-labelledby="by-severity-heading">
        <h2 id="by-severity-heading">By severity</h2>
        <ul className="severity-counts">
          {SEVERITIES.map((s) => (
            <li key={s}>
              <button
                type="button"
                className={`severity-count severity-${s}`}
                onClick={() => onFilter({ severity: s })}
              >
                <strong>{formatCount(counts.bySeverity[s] ?? 0)}</strong>
                <span>{s}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="muted">
          {plural(counts.total, 'finding')}: {formatCount(counts.byStatus.open ?? 0)} open,{' '}
          {formatCount(counts.byStatus.suppressed ?? 0)} excepted
        </p>
      </section>
      <section className="panel" aria-labelledby="by-account-heading">
        <h2 id="by-account-heading">By account</h2>
        {counts.byAccount.length === 0 ? (
          <p className="muted">No findings.</p>
        ) : (
          <ul className="count-list">
            {counts.byAccount.map((a) => (
              <li key={a.accountId}>
                <button
                  type="button"
                  className="button-link"
                  onClick={() => onFilter({ accountId: a.accountId })}
                >
                  <AccountLabel id={a.accountId} names={accountNames} />
                </button>
                <span className="num">{formatCount(a.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="by-check-heading">
        <h2 id="by-check-heading">By check</h2>
        {counts.byCheck.length === 0 ? (
          <p className="muted">No findings.</p>
        ) : (
          <ul className="count-list">
            {counts.byCheck.slice(0, 10).map((c) => (
              <li key={c.ruleId}>
                <button type="button" className="button-link" onClick={() => onFilter({ ruleId: c.ruleId })}>
                  <code>{c.ruleId}</code>
                </button>
                <span className="count-bar" aria-hidden="true">
                  <span
                    className={`count-bar-fill bar-${severityTone(c.severity)}`}
                    style={{ width: `${(c.count / maxCheck) * 100}%` }}
                  />
                </span>
                <span className="num">{formatCount(c.count)}</span>
              </li>
            ))}
          </ul>
        )}
        {counts.byCheck.length > 10 && (
          <p className="muted">and {plural(counts.byCheck.length - 10, 'more check')}</p>
        )}
      </section>
    </div>
  );
}

function FindingsTable({
  api,
  data,
  accountNames,
  now,
  isAdmin,
  onExcept,
  loadMore,
}: {
  api: ApiClient;
  data: SecurityFindings;
  accountNames: ReadonlyMap<string, string>;
  now: number;
  isAdmin: boolean;
  onExcept: (finding: Finding) => void;
  loadMore: (cursor: string) => Promise<SecurityFindings>;
}) {
  const [extra, setExtra] = useState<{
    items: readonly ReportedFinding[];
    nextCursor?: string;
    error?: string;
    busy?: boolean;
  }>({
    items: [],
  });
  const [open, setOpen] = useState<string>();
  // A new first page (filters changed) starts the list again.
  const [firstPage, setFirstPage] = useState(data);
  if (firstPage !== data) {
    setFirstPage(data);
    setExtra({ items: [] });
  }
  const items = [...data.items, ...extra.items];
  const cursor = extra.items.length > 0 ? extra.nextCursor : data.nextCursor;

  async function more() {
    if (!cursor) return;
    setExtra((e) => ({ ...e, busy: true }));
    try {
      const page = await loadMore(cursor);
      setExtra((e) => ({
        items: [...e.items, ...page.items],
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      }));
    } catch (error) {
      setExtra((e) => ({ ...e, busy: false, error: describeError(error) }));
    }
  }

  return (
    <section className="panel" aria-labelledby="findings-heading">
      <div className="panel-header">
        <h2 id="findings-heading">Findings</h2>
        <span className="muted">
          {formatCount(items.length)} of {plural(data.counts.total, 'finding')}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="muted">No finding matches these filters.</p>
      ) : (
        <table className="data-table findings-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Resource</th>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
              <th scope="col">Controls</th>
              <th scope="col">First seen</th>
              <th scope="col">Status</th>
              {isAdmin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((finding) => (
              <Fragment key={finding.id}>
                <tr>
                  <td>
                    <Badge tone={severityTone(finding.severity)}>{finding.severity}</Badge>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="disclosure"
                      aria-expanded={open === finding.id}
                      onClick={() => setOpen(open === finding.id ? undefined : finding.id)}
                    >
                      <span className="disclosure-mark" aria-hidden="true">
                        {open === finding.id ? '▾' : '▸'}
                      </span>
                      {finding.title}
                    </button>
                  </td>
                  <td>
                    <ResourceLink
                      id={finding.resourceId}
                      name={finding.resourceName}
                      type={finding.resourceType}
                    />
                  </td>
                  <td>
                    <AccountLabel id={finding.accountId} names={accountNames} />
                  </td>
                  <td>{finding.region}</td>
                  <td className="refs">
                    {finding.references.map((r) => (
                      <code key={`${r.framework}:${r.control}`} title={r.framework}>
                        {r.framework.startsWith('cis')
                          ? 'CIS'
                          : r.framework === 'aws-fsbp'
                            ? 'FSBP'
                            : r.framework}{' '}
                        {r.control}
                      </code>
                    ))}
                  </td>
                  <td>
                    <TimeText iso={finding.firstSeen} now={now} />
                  </td>
                  <td>
                    {finding.status === 'suppressed' ? (
                      <Badge tone="neutral" title={finding.suppression?.reason}>
                        excepted
                      </Badge>
                    ) : (
                      <Badge tone={finding.status === 'open' ? 'warn' : 'good'}>{finding.status}</Badge>
                    )}
                  </td>
                  {isAdmin && (
                    <td>
                      {finding.status === 'open' && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => onExcept(finding)}
                        >
                          Except…
                        </button>
                      )}
                    </td>
                  )}
                </tr>
                {open === finding.id && (
                  <tr className="detail-row">
                    <td colSpan={isAdmin ? 9 : 8}>
                      <div className="evidence">
                        <p className="muted">
                          Check <code>{finding.ruleId}</code>
                          {finding.suppression && (
                            <>
                              {' '}
                              · excepted by {finding.suppression.by} until{' '}
                              <TimeText iso={finding.suppression.expiresAt} now={now} />:{' '}
                              {finding.suppression.reason}
                            </>
                          )}
                        </p>
                        <FindingRemediation finding={finding} />
                        <FindingEvidence finding={finding} now={now} />
                        {finding.status === 'open' && (
                          <FixLink api={api} findingId={finding.id} ruleId={finding.ruleId} />
                        )}
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {extra.error && (
        <p className="message message-error" role="alert">
          Could not load more: {extra.error}
        </p>
      )}
      {cursor && (
        <button type="button" className="button load-more" onClick={more} disabled={extra.busy}>
          {extra.busy ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
