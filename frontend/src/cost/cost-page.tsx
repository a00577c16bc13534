import { Fragment, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client';
import {
  type BreakdownDimension,
  type CostSummary,
  getCostBreakdown,
  getCostSummary,
  getSavings,
  getTopResources,
} from '../api/cost';
import type { ReportedFinding } from '../api/types';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { DailyCostChart, ShareBar } from '../charts/daily-cost-chart';
import { Badge } from '../components/badge';
import { Field } from '../components/field';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { severityTone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { FindingEvidence } from '../findings/finding-evidence';
import { FindingRemediation } from '../findings/finding-remediation';
import { ResourceLink } from '../findings/resource-link';
import { formatChange, formatCount, formatDay, formatUsd, plural } from '../format';
import { FixLink } from '../remediation/fix-link';
import { SuggestionPanel } from '../schedules/suggestion-panel';
import { breakdownTable, chartDays, percentChange, spreadForecast, sumUsd } from './cost-data';
import { PERIODS, type PeriodName, periodRange } from './periods';

/** The rule whose finding can be applied as a schedule. */
const OFF_HOURS_RULE = 'ec2-off-hours-schedule';

export default function CostPage({ api, groups, accountNames, now }: PageProps) {
  const summary = useAsync((signal) => getCostSummary(api, signal), [api]);
  const [period, setPeriod] = useState<PeriodName>('month');
  const range = useMemo(() => periodRange(period, new Date(now)), [period, now]);

  return (
    <main className="page page-cost">
      <div className="page-header">
        <div>
          <PageHeading>Cost</PageHeading>
          <p className="subtitle">
            Spend from Cost Explorer across the organization, where it goes, and what can be saved.
          </p>
        </div>
      </div>

      {summary.status === 'error' && <ErrorMessage error={summary.error} onRetry={summary.reload} />}
      {!summary.data && summary.status === 'loading' && <Loading>Loading cost…</Loading>}
      {summary.data && <CostOverview summary={summary.data} />}

      <div className="filters">
        <Field label="Breakdown period" className="field field-inline">
          <select value={period} onChange={(event) => setPeriod(event.target.value as PeriodName)}>
            {PERIODS.map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <span className="muted filters-note">
          {formatDay(range.from, { long: true })} to {formatDay(range.to, { long: true })}
        </span>
      </div>
      <div className="two-columns">
        <BreakdownPanel api={api} by="service" title="By service" range={range} accountNames={accountNames} />
        <BreakdownPanel api={api} by="account" title="By account" range={range} accountNames={accountNames} />
      </div>

      <TopResourcesPanel api={api} accountNames={accountNames} />
      <SavingsPanel
        api={api}
        accountNames={accountNames}
        now={now}
        canOperate={groupAllows(groups, 'operator')}
      />
    </main>
  );
}

function CostOverview({ summary }: { summary: CostSummary }) {
  const days = useMemo(() => {
    const forecast =
      summary.through && summary.forecastRemainingUsd !== undefined
        ? spreadForecast(summary.through, summary.forecastRemainingUsd)
        : [];
    return chartDays(summary.daily, forecast);
  }, [summary]);
  const change =
    summary.changeVsSameDaysPercent ??
    (summary.sameDaysLastMonthUsd === undefined
      ? null
      : percentChange(summary.monthToDateUsd, summary.sameDaysLastMonthUsd));
  const hasData = summary.daily.some((d) => d.usd !== 0) || summary.monthToDateUsd !== 0;

  if (!hasData) {
    return (
      <p className="message message-info">
        No cost data yet. HostMaster reads Cost Explorer from the payer account a few times a day; spend
        appears here after the first read.
      </p>
    );
  }
  return (
    <>
      <div className="tiles">
        <div className="tile">
          <span className="tile-label">Month to date</span>
          <strong className="tile-value">{formatUsd(summary.monthToDateUsd)}</strong>
          {change !== null && (
            <span className={change > 0 ? 'tile-note trend-up' : 'tile-note trend-down'}>
              {formatChange(change)} vs the same days last month
            </span>
          )}
          <span className="tile-note muted">
            {summary.through
              ? `${summary.closedDays ?? ''} closed days, through ${formatDay(summary.through, { long: true })}`.trim()
              : 'No closed day yet this month'}
          </span>
          {summary.todayPartialUsd !== undefined && summary.todayPartialUsd > 0 && (
            <span className="tile-note muted">
              Today so far {formatUsd(summary.todayPartialUsd)} (partial, not counted)
            </span>
          )}
        </div>
        {summary.sameDaysLastMonthUsd !== undefined && (
          <div className="tile">
            <span className="tile-label">Same days last month</span>
            <strong className="tile-value">{formatUsd(summary.sameDaysLastMonthUsd)}</strong>
          </div>
        )}
        {summary.lastMonthTotalUsd !== undefined && (
          <div className="tile">
            <span className="tile-label">Last month</span>
            <strong className="tile-value">{formatUsd(summary.lastMonthTotalUsd)}</strong>
          </div>
        )}
        {summary.forecastMonthUsd !== undefined && (
          <div className="tile">
            <span className="tile-label">Forecast for the month</span>
            <strong className="tile-value">{formatUsd(summary.forecastMonthUsd)}</strong>
            {summary.forecastMethod && (
              <span className="tile-note muted">{forecastMethodText(summary.forecastMethod)}</span>
            )}
          </div>
        )}
      </div>
      <section className="panel" aria-labelledby="trend-heading">
        <div className="panel-header">
          <h2 id="trend-heading">Daily spend</h2>
          <span className="legend">
            <span className="legend-item">
              <span className="swatch swatch-actual" aria-hidden="true" /> Actual
            </span>
            {days.some((d) => d.forecast) && (
              <span className="legend-item">
                <span className="swatch swatch-forecast" aria-hidden="true" /> Forecast to month end
              </span>
            )}
          </span>
        </div>
        <DailyCostChart
          days={days}
          label={`Daily spend over ${plural(summary.daily.length, 'day')}${days.some((d) => d.forecast) ? ', with the forecast to month end' : ''}`}
        />
      </section>
    </>
  );
}

function forecastMethodText(method: string): string {
  switch (method) {
    case 'forecast':
      return 'Cost Explorer forecast';
    case 'run-rate':
      return 'projected at the 7-day run rate';
    case 'forecast+run-rate':
      return 'Cost Explorer forecast and 7-day run rate';
    case 'actual':
      return 'the month is complete';
    default:
      return method;
  }
}

function BreakdownPanel({
  api,
  by,
  title,
  range,
  accountNames,
}: {
  api: ApiClient;
  by: BreakdownDimension;
  title: string;
  range: { from: string; to: string };
  accountNames: ReadonlyMap<string, string>;
}) {
  const breakdown = useAsync(
    (signal) => getCostBreakdown(api, { by, from: range.from, to: range.to }, signal),
    [api, by, range.from, range.to],
  );
  const table = useMemo(
    () => (breakdown.data ? breakdownTable(breakdown.data.parts) : undefined),
    [breakdown.data],
  );
  const headingId = `breakdown-${by}`;
  const max = Math.max(0, ...(table?.rows.map((r) => r.usd) ?? []));
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {breakdown.status === 'error' && <ErrorMessage error={breakdown.error} onRetry={breakdown.reload} />}
      {!table && breakdown.status === 'loading' && <Loading />}
      {table && table.rows.length === 0 && <p className="muted">No spend in this period.</p>}
      {table && table.rows.length > 0 && (
        <table className="data-table breakdown-table">
          <thead>
            <tr>
              <th scope="col">{by === 'account' ? 'Account' : 'Service'}</th>
              <th scope="col" className="bar-col">
                <span className="visually-hidden">Share</span>
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.other ? (
                    <span className="muted">{plural(row.other.count, 'other')}</span>
                  ) : by === 'account' ? (
                    <AccountLabel id={row.key} names={accountNames} />
                  ) : (
                    row.key
                  )}
                </th>
                <td className="bar-col">
                  <ShareBar value={row.usd} max={max} />
                </td>
                <td className="num">{formatUsd(row.usd)}</td>
                <td className="num muted">{(row.share * 100).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td className="num">
                <strong>{formatUsd(table.totalUsd)}</strong>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

function TopResourcesPanel({
  api,
  accountNames,
}: {
  api: ApiClient;
  accountNames: ReadonlyMap<string, string>;
}) {
  const top = useAsync((signal) => getTopResources(api, signal), [api]);
  const max = Math.max(0, ...(top.data?.map((r) => r.monthlyUsd) ?? []));
  return (
    <section className="panel" aria-labelledby="top-heading">
      <h2 id="top-heading">Most expensive resources</h2>
      <p className="muted panel-intro">
        Estimated monthly run rate at on-demand list prices; discounts are not applied.
      </p>
      {top.status === 'error' && <ErrorMessage error={top.error} onRetry={top.reload} />}
      {!top.data && top.status === 'loading' && <Loading />}
      {top.data?.length === 0 && <p className="muted">No resource has a cost yet.</p>}
      {top.data && top.data.length > 0 && (
        <div className="table-overflow">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Account</th>
                <th scope="col">Region</th>
                <th scope="col" className="bar-col">
                  <span className="visually-hidden">Share</span>
                </th>
                <th scope="col" className="num">
                  Monthly
                </th>
              </tr>
            </thead>
            <tbody>
              {top.data.map((resource) => (
                <tr key={resource.resourceId}>
                  <td>
                    <ResourceLink id={resource.resourceId} name={resource.name} type={resource.type} />
                  </td>
                  <td>
                    {resource.accountId && <AccountLabel id={resource.accountId} names={accountNames} />}
                  </td>
                  <td>{resource.region}</td>
                  <td className="bar-col">
                    <ShareBar value={resource.monthlyUsd} max={max} />
                  </td>
                  <td className="num" title={resource.basis}>
                    {formatUsd(resource.monthlyUsd)}
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

function SavingsPanel({
  api,
  accountNames,
  now,
  canOperate,
}: {
  api: ApiClient;
  accountNames: ReadonlyMap<string, string>;
  now: number;
  canOperate: boolean;
}) {
  const savings = useAsync((signal) => getSavings(api, signal), [api]);
  const [open, setOpen] = useState<string>();
  const items = useMemo(
    () =>
      [...(savings.data?.items ?? [])].sort(
        (a, b) => (b.monthlySavingsUsd ?? 0) - (a.monthlySavingsUsd ?? 0),
      ),
    [savings.data],
  );
  return (
    <section className="panel" aria-labelledby="savings-heading" id="savings">
      <div className="panel-header">
        <h2 id="savings-heading">Savings</h2>
        {savings.data && (
          <span className="savings-total">
            <strong>{formatUsd(savings.data.totals.monthlyUsd)}</strong> a month from{' '}
            {plural(savings.data.totals.count, 'finding')}
          </span>
        )}
      </div>
      {savings.status === 'error' && <ErrorMessage error={savings.error} onRetry={savings.reload} />}
      {!savings.data && savings.status === 'loading' && <Loading />}
      {savings.data && items.length === 0 && (
        <p className="muted">No savings found: nothing idle, oversized or orphaned.</p>
      )}
      {items.length > 0 && (
        <div className="table-overflow">
          <table className="data-table savings-table">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Resource</th>
                <th scope="col">Account</th>
                <th scope="col">Region</th>
                <th scope="col">Severity</th>
                <th scope="col" className="num">
                  Monthly saving
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((finding) => (
                <SavingsRow
                  key={finding.id}
                  finding={finding}
                  expanded={open === finding.id}
                  onToggle={() => setOpen(open === finding.id ? undefined : finding.id)}
                  accountNames={accountNames}
                  now={now}
                  api={api}
                  canOperate={canOperate}
                />
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={5}>
                  {savings.data && items.length < savings.data.totals.count
                    ? `Total of the ${formatCount(items.length)} largest`
                    : 'Total'}
                </th>
                <td className="num">
                  <strong>{formatUsd(sumUsd(items.map((f) => f.monthlySavingsUsd ?? 0)))}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function SavingsRow({
  finding,
  expanded,
  onToggle,
  accountNames,
  now,
  api,
  canOperate,
}: {
  finding: ReportedFinding;
  expanded: boolean;
  onToggle: () => void;
  accountNames: ReadonlyMap<string, string>;
  now: number;
  api: ApiClient;
  canOperate: boolean;
}) {
  const detailId = `evidence-${finding.id}`;
  return (
    <Fragment>
      <tr className={expanded ? 'expanded' : undefined}>
        <td>
          <button
            type="button"
            className="disclosure"
            aria-expanded={expanded}
            aria-controls={detailId}
            onClick={onToggle}
          >
            <span className="disclosure-mark" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            {finding.title}
          </button>
        </td>
        <td>
          <ResourceLink id={finding.resourceId} name={finding.resourceName} type={finding.resourceType} />
        </td>
        <td>
          <AccountLabel id={finding.accountId} names={accountNames} />
        </td>
        <td>{finding.region}</td>
        <td>
          <Badge tone={severityTone(finding.severity)}>{finding.severity}</Badge>
        </td>
        <td className="num">{formatUsd(finding.monthlySavingsUsd ?? 0)}</td>
      </tr>
      {expanded && (
        <tr className="detail-row" id={detailId}>
          <td colSpan={6}>
            <div className="evidence">
              <p className="muted">
                Rule <code>{finding.ruleId}</code>
              </p>
              <FindingRemediation finding={finding} />
              <FindingEvidence finding={finding} now={now} />
              {finding.ruleId === OFF_HOURS_RULE && finding.status === 'open' && (
                <SuggestionPanel api={api} findingId={finding.id} canOperate={canOperate} />
              )}
              {finding.status === 'open' && (
                <FixLink api={api} findingId={finding.id} ruleId={finding.ruleId} />
              )}
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
