import { useMemo, useRef, useState } from 'react';
import type { AccountSummary, Resource } from '../api/types';
import { routeHref } from '../app/routes';
import { navigate } from '../app/use-route';
import { Field } from '../components/field';
import { ErrorMessage } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { formatCount } from '../format';
import { RESOURCE_TYPE_LABELS, RESOURCE_TYPES } from '../resource-types';
import type { InventoryFilters, InventoryLocation, InventoryView } from './inventory-state';
import { ResourceTable } from './resource-table';
import type { ResourcePages } from './use-resource-pages';

/**
 * States the collected resource types report (EC2, EBS, RDS, ELB, Elastic IPs, snapshots, NAT
 * gateways): offered before any row shows them, since the browser holds only the pages it showed.
 */
const KNOWN_STATES = [
  'active',
  'associated',
  'available',
  'completed',
  'failed',
  'in-use',
  'pending',
  'running',
  'stopped',
  'stopping',
  'terminated',
  'unassociated',
];

export interface InventoryPageProps {
  readonly location: InventoryLocation;
  readonly pages: ResourcePages & { readonly reload: () => void; readonly loadMore: () => void };
  readonly accounts: readonly AccountSummary[] | undefined;
  readonly accountNames: ReadonlyMap<string, string>;
  readonly now: number;
}

export function InventoryPage({ location, pages, accounts, accountNames, now }: InventoryPageProps) {
  const { filters, view } = location;
  const seenStates = useRef(new Set<string>(KNOWN_STATES));
  const seenRegions = useRef(new Set<string>());

  function go(next: Partial<InventoryFilters>, nextView: Partial<InventoryView> = {}, replace = false) {
    const href = routeHref({
      name: 'inventory',
      filters: { ...filters, ...next },
      view: { ...view, ...nextView },
    });
    navigate(href, { replace });
  }

  const { rows } = pages;

  // Option lists grow as pages arrive and never shrink while a filter narrows the rows.
  const states = useMemo(() => {
    for (const row of rows) seenStates.current.add(row.state);
    if (filters.state) seenStates.current.add(filters.state);
    return [...seenStates.current].sort();
  }, [rows, filters.state]);
  const regions = useMemo(() => {
    for (const account of accounts ?? [])
      for (const scope of account.scopes) seenRegions.current.add(scope.region);
    for (const row of rows) seenRegions.current.add(row.region);
    if (filters.region) seenRegions.current.add(filters.region);
    return [...seenRegions.current].sort();
  }, [rows, accounts, filters.region]);

  const loading = pages.status === 'loading' || pages.status === 'idle';
  const more = pages.status === 'more' || (loading && pages.pages > 0);

  return (
    <main className="page page-inventory">
      <div className="page-header">
        <PageHeading>Inventory</PageHeading>
        <p className="row-count" aria-live="polite">
          <strong>{formatCount(rows.length)}</strong>
          {more ? ' shown' : rows.length === 1 ? ' resource' : ' resources'}
          {loading && <span className="muted"> · loading{pages.pages > 0 ? ' more' : ''}…</span>}
          {!loading && more && <span className="more"> · more as you scroll</span>}
        </p>
      </div>

      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <Field label="Account" className="field field-inline">
          <select
            value={filters.accountId ?? ''}
            onChange={(event) => go({ accountId: event.target.value || undefined })}
          >
            <option value="">All accounts</option>
            {(accounts ?? []).map((account) => (
              <option key={account.accountId} value={account.accountId}>
                {account.name ? `${account.name} (${account.accountId})` : account.accountId}
              </option>
            ))}
            {filters.accountId && !accounts?.some((a) => a.accountId === filters.accountId) && (
              <option value={filters.accountId}>{filters.accountId}</option>
            )}
          </select>
        </Field>
        <Field label="Region" className="field field-inline">
          <select
            value={filters.region ?? ''}
            onChange={(event) => go({ region: event.target.value || undefined })}
          >
            <option value="">All regions</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Type" className="field field-inline">
          <select
            value={filters.type ?? ''}
            onChange={(event) => {
              const type = RESOURCE_TYPES.find((t) => t === event.target.value);
              go({ type });
            }}
          >
            <option value="">All types</option>
            {RESOURCE_TYPES.map((type) => (
              <option key={type} value={type}>
                {RESOURCE_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="State" className="field field-inline">
          <select
            value={filters.state ?? ''}
            onChange={(event) => go({ state: event.target.value || undefined })}
          >
            <option value="">Any state</option>
            {states.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </Field>
        <TagFilter value={filters.tag ?? ''} onCommit={(tag) => go({ tag: tag || undefined })} />
        <Field label="Name" className="field field-inline field-search">
          <input
            type="search"
            placeholder={view.match === 'contains' ? 'Part of a name or ARN' : 'Start of a name or ARN'}
            value={view.search}
            onChange={(event) => go({}, { search: event.target.value }, true)}
          />
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={view.match === 'contains'}
            onChange={(event) => go({}, { match: event.target.checked ? 'contains' : 'prefix' }, true)}
          />
          Anywhere in the name
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.includeGone}
            onChange={(event) => go({ includeGone: event.target.checked })}
          />
          Show gone
        </label>
      </form>

      {pages.status === 'error' && (
        <ErrorMessage
          error={pages.error}
          title={rows.length > 0 ? 'Loading stopped before the last page' : 'Could not load the inventory'}
          onRetry={pages.reload}
        />
      )}

      <ResourceTable
        rows={rows}
        onNearEnd={pages.loadMore}
        view={view}
        onSort={(next) => go({}, next, true)}
        onOpen={(resource: Resource) => navigate(routeHref({ name: 'resource', id: resource.id }))}
        accountNames={accountNames}
        now={now}
        emptyText={loading ? 'Loading resources…' : 'No resources match these filters.'}
      />
    </main>
  );
}

/** The tag filter applies on Enter or when it loses focus, not on every keystroke (each is a reload). */
function TagFilter({ value, onCommit }: { value: string; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (committed !== value) {
    setCommitted(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <Field label="Tag" className="field field-inline">
      <input
        type="text"
        placeholder="key or key=value"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
    </Field>
  );
}
