import { lazy, Suspense } from 'react';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { InventoryResource } from '../api/types';
import { groupAllows } from '../app/groups';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { FullTime } from '../components/time-text';
import { stateTone } from '../components/tone';
import { humanizeKey } from '../format';
import { resourceTypeLabel } from '../resource-types';
import { classifyValue } from './attribute-value';
import { AttributeList, AttributeValueView } from './attribute-view';

// Findings and alerts load with their own module, so the inventory's bundle does not carry them.
const ResourceCards = lazy(() => import('./resource-cards'));

/** Fields shown in the overview; anything else the API returns gets a section of its own. */
const KNOWN_FIELDS = new Set([
  'id',
  'accountId',
  'region',
  'type',
  'name',
  'state',
  'tags',
  'attributes',
  'firstSeen',
  'lastSeen',
  'contentHash',
  'goneAt',
  'expiresAt',
]);

export interface ResourcePageProps {
  readonly api: ApiClient;
  readonly id: string;
  readonly backHref: string;
  readonly accountNames: ReadonlyMap<string, string>;
  /** The caller's groups (operators may hold a scheduled resource running). @default [] */
  readonly groups?: readonly string[];
  readonly now: number;
}

export function ResourcePage({ api, id, backHref, accountNames, groups = [], now }: ResourcePageProps) {
  const resource = useAsync((signal) => api.getResource(id, signal), [api, id]);
  return (
    <main className="page page-resource">
      <a className="back-link" href={backHref}>
        ← Inventory
      </a>
      {resource.status === 'loading' && <Loading>Loading resource…</Loading>}
      {resource.status === 'error' &&
        (resource.error instanceof ApiError && resource.error.status === 404 ? (
          <>
            <PageHeading>Resource not found</PageHeading>
            <p className="message message-info">
              No resource with the id <code>{id}</code> is in the inventory.
            </p>
          </>
        ) : (
          <ErrorMessage error={resource.error} onRetry={resource.reload} />
        ))}
      {resource.status === 'ready' && (
        <>
          <ResourceDetail resource={resource.data} accountNames={accountNames} now={now} />
          <Suspense fallback={null}>
            <ResourceCards api={api} id={id} now={now} canOperate={groupAllows(groups, 'operator')} />
          </Suspense>
        </>
      )}
    </main>
  );
}

function ResourceDetail({
  resource,
  accountNames,
  now,
}: {
  resource: InventoryResource;
  accountNames: ReadonlyMap<string, string>;
  now: number;
}) {
  const accountName = accountNames.get(resource.accountId);
  const tags = Object.entries(resource.tags).sort(([a], [b]) => a.localeCompare(b));
  const attributes: [string, unknown][] = Object.entries(resource.attributes);
  const extra = Object.entries(resource as unknown as Record<string, unknown>).filter(
    ([key, value]) => !KNOWN_FIELDS.has(key) && classifyValue(value).kind !== 'empty',
  );

  return (
    <>
      <div className="page-header detail-header">
        <div>
          <PageHeading>{resource.name || resource.id}</PageHeading>
          <p className="subtitle">
            {resourceTypeLabel(resource.type)} ·{' '}
            {accountName ? `${accountName} (${resource.accountId})` : resource.accountId} · {resource.region}
          </p>
        </div>
        {resource.goneAt ? (
          <Badge tone="neutral">gone</Badge>
        ) : (
          <Badge tone={stateTone(resource.state)}>{resource.state}</Badge>
        )}
      </div>

      {resource.goneAt && (
        <p className="message message-info">
          This resource was not returned by the last successful scan of its account and region: it was deleted
          or is no longer visible. Last seen <FullTime iso={resource.lastSeen} now={now} />.
        </p>
      )}

      <div className="detail-grid">
        <section className="panel" aria-labelledby="overview-heading">
          <h2 id="overview-heading">Overview</h2>
          <dl className="attributes">
            <dt>ARN</dt>
            <dd>
              <code className="break">{resource.id}</code>
            </dd>
            <dt>Name</dt>
            <dd>{resource.name || <span className="muted">None</span>}</dd>
            <dt>Type</dt>
            <dd>
              {resourceTypeLabel(resource.type)} <code className="muted">{resource.type}</code>
            </dd>
            <dt>Account</dt>
            <dd>
              {accountName && <>{accountName} </>}
              <code>{resource.accountId}</code>
            </dd>
            <dt>Region</dt>
            <dd>{resource.region}</dd>
            <dt>State</dt>
            <dd>{resource.state}</dd>
            <dt>First seen</dt>
            <dd>
              <FullTime iso={resource.firstSeen} now={now} />
            </dd>
            <dt>Last seen</dt>
            <dd title="When its type was last collected successfully in its account and region">
              <FullTime iso={resource.lastSeen} now={now} />
            </dd>
            {resource.lastChanged && (
              <>
                <dt>Last changed</dt>
                <dd>
                  <FullTime iso={resource.lastChanged} now={now} />
                </dd>
              </>
            )}
            {resource.goneAt && (
              <>
                <dt>Gone since</dt>
                <dd>
                  <FullTime iso={resource.goneAt} now={now} />
                </dd>
              </>
            )}
            {resource.expiresAt !== undefined && (
              <>
                <dt>Forgotten after</dt>
                <dd>
                  <FullTime iso={new Date(resource.expiresAt * 1000).toISOString()} now={now} />
                </dd>
              </>
            )}
            <dt>Content hash</dt>
            <dd>
              <code className="break">{resource.contentHash}</code>
            </dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="tags-heading">
          <h2 id="tags-heading">Tags</h2>
          {tags.length === 0 ? (
            <p className="muted">This resource has no tags.</p>
          ) : (
            <table className="data-table nested-table">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {tags.map(([key, value]) => (
                  <tr key={key}>
                    <td>
                      <code>{key}</code>
                    </td>
                    <td>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="attributes-heading">
        <h2 id="attributes-heading">{resourceTypeLabel(resource.type)} attributes</h2>
        {attributes.length === 0 ? (
          <p className="muted">The collector recorded no attributes for this type.</p>
        ) : (
          <AttributeList entries={attributes} now={now} />
        )}
      </section>

      {extra.map(([key, value]) => (
        <section key={key} className="panel" aria-labelledby={`section-${key}`}>
          <h2 id={`section-${key}`}>{humanizeKey(key)}</h2>
          <AttributeValueView value={value} now={now} />
        </section>
      ))}
    </>
  );
}
