/**
 * The realized savings ledger on the Remediation page: what verified fixes saved while scans saw them
 * in effect, beside what their estimates promised over the same period, and each change's story.
 */
import type { ApiClient } from '../api/client';
import { getSavingsLedger, type SavingsLedgerView } from '../api/remediation';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { TimeText } from '../components/time-text';
import type { Tone } from '../components/tone';
import { ResourceLink } from '../findings/resource-link';
import { formatUsd, plural } from '../format';

type Entry = SavingsLedgerView['items'][number];

const LEDGER_TONE: Record<Entry['status'], Tone> = {
  holding: 'good',
  reverted: 'bad',
  undone: 'neutral',
  gone: 'neutral',
};

/** How long a change was seen in effect: hours under a day, so a fresh fix does not read `0.0 days`. */
function formatHeld(days: number): string {
  if (days * 24 < 1) return 'held under an hour';
  if (days < 1) return `held ${Math.round(days * 24)} h`;
  return `held ${days.toFixed(1)} days`;
}

export function SavingsLedgerPanel({
  api,
  now,
  reloadKey,
}: {
  api: ApiClient;
  now: number;
  reloadKey: unknown;
}) {
  const ledger = useAsync((signal) => getSavingsLedger(api, signal), [api, reloadKey]);
  return (
    <section className="panel" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Realized savings</h2>
      {ledger.status === 'error' && (
        <ErrorMessage
          error={ledger.error}
          title="Could not load the savings ledger"
          onRetry={ledger.reload}
        />
      )}
      {!ledger.data && ledger.status === 'loading' && <Loading />}
      {ledger.data && <LedgerBody data={ledger.data} now={now} />}
    </section>
  );
}

function LedgerBody({ data, now }: { data: SavingsLedgerView; now: number }) {
  const t = data.totals;
  if (t.entries === 0) return <p className="muted">No fix with an expected saving has been verified yet.</p>;
  return (
    <>
      <p className="ledger-summary">
        <strong className="text-good">{formatUsd(t.realizedUsd)}</strong> realized of{' '}
        {formatUsd(t.estimatedToDateUsd)} estimated over the same period · {plural(t.holding, 'change')}{' '}
        holding ({formatUsd(t.holdingMonthlyUsd)} a month)
        {t.reverted > 0 && `, ${t.reverted} reverted`}
        {t.undone > 0 && `, ${t.undone} undone`}
        {t.gone > 0 && `, ${t.gone} whose resource is gone`}
      </p>
      <p className="muted ledger-note">
        Realized counts only the days a scan confirmed the change still in effect ({data.daysPerMonth} days a
        month): a change reverted, or undone, stops counting at its last confirmation. The spend column is the
        whole account's daily spend on the service in the week before against the week after the change:
        account-level, and moved by every other change in the account too.
      </p>
      <table className="data-table ledger-table">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Status</th>
            <th scope="col">Confirmed</th>
            <th scope="col" className="num">
              Realized / estimated
            </th>
            <th scope="col" className="num">
              Account spend on the service
            </th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((e) => (
            <tr key={`${e.remediationId}-${e.itemId}`}>
              <td data-label="">
                <ResourceLink id={e.resourceId} name={e.resourceName} type={e.resourceType} />
                <span className="muted ledger-action">
                  {e.actionId}, <TimeText iso={e.actedAt} now={now} />
                </span>
              </td>
              <td data-label="Status">
                <Badge tone={LEDGER_TONE[e.status]}>{e.status}</Badge>
                {e.endDetail && <span className="muted ledger-detail"> {e.endDetail}</span>}
              </td>
              <td data-label="Confirmed">
                {formatHeld(e.heldDays)}, last <TimeText iso={e.lastConfirmedAt} now={now} />
              </td>
              <td data-label="Realized / estimated" className="num">
                {formatUsd(e.realizedUsd)} / {formatUsd(e.estimatedToDateUsd)}
                <span className="muted ledger-detail"> ({formatUsd(e.expectedMonthlyUsd)} a month)</span>
              </td>
              <td data-label="Account spend" className="num">
                {e.cost ? (
                  <span
                    title={`${e.cost.service}: ${e.cost.beforeDays} days before, ${e.cost.afterDays} after`}
                  >
                    {formatUsd(e.cost.beforeDailyUsd)} → {formatUsd(e.cost.afterDailyUsd)} a day
                  </span>
                ) : (
                  <span className="muted">no cost data around the change yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.nextCursor && <p className="muted">Showing the {data.items.length} newest changes.</p>}
    </>
  );
}
