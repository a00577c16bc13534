import { useVirtualizer } from '@tanstack/react-virtual';
import { type MouseEvent, useEffect, useRef } from 'react';
import type { Resource } from '../api/types';
import { resourceHref } from '../app/routes';
import { Badge } from '../components/badge';
import { TimeText } from '../components/time-text';
import { stateTone } from '../components/tone';
import { resourceTypeLabel } from '../resource-types';
import { type InventoryView, keyTags, nextSort, type SortKey } from './inventory-state';

/** Fixed row height: the virtualizer never measures, so 10,000 rows cost what 40 do. */
const ROW_HEIGHT = 36;
/** Rows before the end of those loaded at which the next page is asked for. */
const LOAD_AHEAD = 40;

const COLUMNS: readonly { readonly label: string; readonly sort?: SortKey; readonly className: string }[] = [
  { label: 'Name', sort: 'name', className: 'col-name' },
  { label: 'Type', className: 'col-type' },
  { label: 'Account', className: 'col-account' },
  { label: 'Region', className: 'col-region' },
  { label: 'State', className: 'col-state' },
  { label: 'Key tags', className: 'col-tags' },
  { label: 'Last seen', className: 'col-seen' },
];

export interface ResourceTableProps {
  readonly rows: readonly Resource[];
  /** Called when the last loaded rows come into view (to ask for the next page). */
  readonly onNearEnd?: () => void;
  readonly view: InventoryView;
  readonly onSort: (next: Pick<InventoryView, 'sort' | 'direction'>) => void;
  readonly onOpen: (resource: Resource) => void;
  readonly accountNames: ReadonlyMap<string, string>;
  readonly now: number;
  readonly emptyText: string;
}

export function ResourceTable({
  rows,
  onNearEnd,
  view,
  onSort,
  onOpen,
  accountNames,
  now,
  emptyText,
}: ResourceTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastShown >= rows.length - LOAD_AHEAD) onNearEnd();
  }, [lastShown, rows.length, onNearEnd]);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  function onRowClick(event: MouseEvent<HTMLTableRowElement>, resource: Resource) {
    // The name link navigates by itself (and opens new tabs on middle or modified clicks); it is also
    // how keyboard users open a row.
    if ((event.target as HTMLElement).closest('a')) return;
    onOpen(resource);
  }

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="data-table resource-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.label} className={column.className} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const sorted = column.sort !== undefined && view.sort === column.sort;
              return (
                <th
                  key={column.label}
                  scope="col"
                  aria-sort={sorted ? (view.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => column.sort && onSort(nextSort(view, column.sort))}
                    >
                      {column.label}
                      <span className="sort-indicator" aria-hidden="true">
                        {sorted ? (view.direction === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="empty">
                {emptyText}
              </td>
            </tr>
          )}
          {paddingTop > 0 && (
            <tr className="spacer" style={{ height: paddingTop }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
          {items.map((item) => {
            const resource = rows[item.index];
            if (!resource) return null;
            const account = accountNames.get(resource.accountId);
            return (
              <tr
                key={resource.id}
                aria-rowindex={item.index + 2}
                className={resource.goneAt ? 'row gone' : 'row'}
                style={{ height: ROW_HEIGHT }}
                onClick={(event) => onRowClick(event, resource)}
              >
                <td className="cell-name">
                  <a href={resourceHref(resource.id)} title={resource.id}>
                    {resource.name || resource.id}
                  </a>
                </td>
                <td>{resourceTypeLabel(resource.type)}</td>
                <td title={resource.accountId}>{account ?? resource.accountId}</td>
                <td>{resource.region}</td>
                <td>
                  {resource.goneAt ? (
                    <Badge tone="neutral" title={`Gone since ${resource.goneAt}`}>
                      gone
                    </Badge>
                  ) : (
                    <Badge tone={stateTone(resource.state)}>{resource.state}</Badge>
                  )}
                </td>
                <td className="cell-tags">
                  {keyTags(resource.tags).map(([key, value]) => (
                    <span key={key} className="tag" title={`${key}=${value}`}>
                      <span className="tag-key">{key}</span>
                      {value}
                    </span>
                  ))}
                </td>
                <td>
                  <TimeText iso={resource.lastSeen} now={now} />
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr className="spacer" style={{ height: paddingBottom }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
