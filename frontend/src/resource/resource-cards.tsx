import { listResourceAlerts } from '../api/alerts';
import type { ApiClient } from '../api/client';
import { findingsOfResource } from '../api/cost';
import type { Alert, ReportedFinding } from '../api/types';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { TimeText } from '../components/time-text';
import { severityRank, severityTone } from '../components/tone';
import { FindingEvidence } from '../findings/finding-evidence';
import { FindingRemediation } from '../findings/finding-remediation';
import { formatUsd, plural } from '../format';
import { ResourceScheduleCard } from '../schedules/resource-schedule-card';

/**
 * The resource's security findings, cost findings and alert history. A card whose call returned
 * nothing (or failed) is left out: the attributes above stay the page's subject.
 */
export default function ResourceCards({
  api,
  id,
  now,
  canOperate = false,
}: {
  api: ApiClient;
  id: string;
  now: number;
  canOperate?: boolean;
}) {
  const findings = useAsync((signal) => findingsOfResource(api, id, signal), [api, id]);
  const alerts = useAsync((signal) => listResourceAlerts(api, id, signal), [api, id]);
  const all = findings.data ?? [];
  const security = all
    .filter((f) => f.category !== 'cost' && f.status !== 'resolved')
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const cost = all
    .filter((f) => f.category === 'cost' && f.status !== 'resolved')
    .sort((a, b) => (b.monthlySavingsUsd ?? 0) - (a.monthlySavingsUsd ?? 0));
  const history = [...(alerts.data ?? [])].sort((a, b) => b.since.localeCompare(a.since));

  return (
    <>
      <ResourceScheduleCard api={api} id={id} now={now} canOperate={canOperate} />
      {security.length > 0 && (
        <FindingsCard id="security-findings" title="Security findings" findings={security} now={now} />
      )}
      {cost.length > 0 && (
        <FindingsCard
          id="cost-findings"
          title="Cost and savings"
          findings={cost}
          now={now}
          summary={`${formatUsd(cost.reduce((sum, f) => sum + (f.monthlySavingsUsd ?? 0), 0))} a month could be saved`}
        />
      )}
      {history.length > 0 && <AlertHistoryCard alerts={history} now={now} />}
    </>
  );
}

function FindingsCard({
  id,
  title,
  findings,
  now,
  summary,
}: {
  id: string;
  title: string;
  findings: readonly ReportedFinding[];
  now: number;
  summary?: string;
}) {
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <div className="panel-header">
        <h2 id={`${id}-heading`}>{title}</h2>
        <span className="muted">{summary ?? plural(findings.length, 'finding')}</span>
      </div>
      <ul className="card-list">
        {findings.map((f) => (
          <li key={f.id}>
            <details>
              <summary>
                <Badge tone={severityTone(f.severity)}>{f.severity}</Badge>
                <span className="card-title">{f.title}</span>
                {f.status === 'suppressed' && (
                  <Badge tone="neutral" title={f.suppression?.reason}>
                    excepted
                  </Badge>
                )}
                {f.monthlySavingsUsd !== undefined && (
                  <strong className="text-good">{formatUsd(f.monthlySavingsUsd)}/mo</strong>
                )}
                <span className="muted card-meta">
                  {f.references.map((r) => r.control).join(', ')} · since{' '}
                  <TimeText iso={f.firstSeen} now={now} />
                </span>
              </summary>
              <div className="evidence">
                <p className="muted">
                  Check <code>{f.ruleId}</code>
                </p>
                <FindingRemediation finding={f} />
                <FindingEvidence finding={f} now={now} />
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

const STATUS_TONE = { open: 'bad', acknowledged: 'warn', resolved: 'good' } as const;

function AlertHistoryCard({ alerts, now }: { alerts: readonly Alert[]; now: number }) {
  return (
    <section className="panel" aria-labelledby="alert-history-heading">
      <div className="panel-header">
        <h2 id="alert-history-heading">Alert history</h2>
        <span className="muted">{plural(alerts.length, 'alert')}</span>
      </div>
      <ul className="card-list">
        {alerts.map((a) => (
          <li key={a.id} className="card-row">
            <Badge tone={severityTone(a.severity)}>{a.severity}</Badge>
            <span className="card-title">{a.title}</span>
            <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>
            <span className="muted card-meta">
              since <TimeText iso={a.since} now={now} />
              {a.resolvedAt && (
                <>
                  {' '}
                  · resolved <TimeText iso={a.resolvedAt} now={now} />
                </>
              )}
              {a.episodes.length > 0 && <> · {plural(a.episodes.length, 'earlier episode')}</>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
