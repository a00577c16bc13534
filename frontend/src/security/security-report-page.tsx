import { getPosture, listSecurityFindings } from '../api/security';
import type { PageProps } from '../app/page-props';
import { routeHref } from '../app/routes';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { SEVERITIES, severityTone } from '../components/tone';
import { formatCount, formatDateTime, plural } from '../format';
import { FrameworkPanel, ScoreBar } from './posture-view';
import { frameworkShortName, frameworksOf } from './security-data';

/** The whole report on one page; the API pages findings at 1,000, which a printed report does not exceed usefully. */
const REPORT_FINDINGS = 1000;

/** `#/security/report`: scores, every control and the open findings, laid out for printing. */
export default function SecurityReportPage({
  api,
  accountNames,
  accountId,
}: PageProps & { accountId?: string | undefined }) {
  const posture = useAsync((signal) => getPosture(api, accountId, signal), [api, accountId]);
  const findings = useAsync(
    (signal) => listSecurityFindings(api, { accountId, status: 'open', limit: REPORT_FINDINGS }, signal),
    [api, accountId],
  );
  const frameworks = posture.data?.accounts.length
    ? frameworksOf(posture.data)
    : posture.data
      ? []
      : undefined;
  const scope = accountId
    ? `account ${accountNames.get(accountId) ?? ''} ${accountId}`.replace('  ', ' ')
    : 'the organization';

  return (
    <main className="page page-report">
      <div className="page-header no-print">
        <a className="back-link" href={routeHref({ name: 'security' })}>
          ← Security
        </a>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <header className="report-header">
        <PageHeading>Security posture report</PageHeading>
        <p className="subtitle">
          {scope.charAt(0).toUpperCase() + scope.slice(1)}
          {posture.data && <> · generated {formatDateTime(posture.data.generatedAt)}</>}
        </p>
      </header>
      {posture.status === 'error' && <ErrorMessage error={posture.error} onRetry={posture.reload} />}
      {findings.status === 'error' && <ErrorMessage error={findings.error} onRetry={findings.reload} />}
      {(!posture.data || !findings.data) &&
        (posture.status === 'loading' || findings.status === 'loading') && (
          <Loading>Preparing the report…</Loading>
        )}
      {frameworks && findings.data && (
        <>
          <section className="report-summary" aria-label="Summary">
            {frameworks.map((f) => (
              <div key={f.framework} className="tile">
                <span className="tile-label">{frameworkShortName(f)}</span>
                <ScoreBar score={f.score} label={`${frameworkShortName(f)} score`} />
                <span className="tile-note muted">
                  {f.passed} / {plural(f.applicable, 'applicable control')} passed
                </span>
              </div>
            ))}
            <div className="tile">
              <span className="tile-label">Open findings</span>
              <strong className="tile-value">{formatCount(findings.data.counts.total)}</strong>
              <span className="tile-note muted">
                {SEVERITIES.filter((s) => (findings.data?.counts.bySeverity[s] ?? 0) > 0)
                  .map((s) => `${findings.data?.counts.bySeverity[s]} ${s}`)
                  .join(' · ') || 'none'}
              </span>
            </div>
          </section>
          {frameworks.length === 0 && (
            <p className="muted">No posture yet: no analysis has covered an account.</p>
          )}
          {frameworks.map((f) => (
            <FrameworkPanel key={f.framework} framework={f} accountNames={accountNames} expandAll />
          ))}
          <section className="panel report-findings" aria-labelledby="report-findings-heading">
            <h2 id="report-findings-heading">Open findings</h2>
            {findings.data.items.length === 0 ? (
              <p className="muted">No open findings.</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Resource</th>
                    <th scope="col">Account</th>
                    <th scope="col">Region</th>
                    <th scope="col">Controls</th>
                  </tr>
                </thead>
                <tbody>
                  {findings.data.items.map((f) => (
                    <tr key={f.id}>
                      <td>
                        <Badge tone={severityTone(f.severity)}>{f.severity}</Badge>
                      </td>
                      <td>{f.title}</td>
                      <td className="wrap">{f.resourceName || f.resourceId}</td>
                      <td>{f.accountId}</td>
                      <td>{f.region}</td>
                      <td>{f.references.map((r) => r.control).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {findings.data.nextCursor && (
              <p className="muted">
                The first {formatCount(findings.data.items.length)} of{' '}
                {formatCount(findings.data.counts.total)} are listed; the CSV export has all of them.
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}
