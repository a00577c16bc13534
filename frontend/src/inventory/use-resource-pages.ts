import { startTransition, useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { SessionExpiredError } from '../api/errors';
import type { Resource } from '../api/types';
import { filtersKey, type InventoryFilters, toResourceQuery } from './inventory-state';

export interface ResourcePages {
  /** The filters these rows were loaded under (`filtersKey`). */
  readonly key: string;
  readonly rows: readonly Resource[];
  /** `loading` until the last page has arrived. */
  readonly status: 'idle' | 'loading' | 'complete' | 'error';
  readonly pages: number;
  readonly error?: unknown;
}

const IDLE: ResourcePages = { key: '', rows: [], status: 'idle', pages: 0 };

/**
 * Loads every page of the inventory under `filters`, one after the other, publishing rows as each
 * page arrives: the first 500 show at once while the rest stream in. Undefined filters load nothing.
 * A change of filters aborts the load in flight.
 */
export function useResourcePages(
  api: ApiClient,
  filters: InventoryFilters | undefined,
): ResourcePages & { readonly reload: () => void } {
  const [state, setState] = useState<ResourcePages>(IDLE);
  const [generation, setGeneration] = useState(0);
  const key = filters ? filtersKey(filters) : '';

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `filters`; `generation` forces a reload.
  useEffect(() => {
    if (!filters) return;
    const controller = new AbortController();
    setState({ key, rows: [], status: 'loading', pages: 0 });
    (async () => {
      let rows: Resource[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await api.listResources(toResourceQuery(filters, cursor), controller.signal);
        if (controller.signal.aborted) return;
        rows = rows.concat(page.items);
        cursor = page.nextCursor;
        pages += 1;
        const next: ResourcePages = { key, rows, status: cursor ? 'loading' : 'complete', pages };
        // The first page is urgent; later pages must not make typing in the filters stutter.
        if (pages === 1) setState(next);
        else startTransition(() => setState(next));
      } while (cursor);
    })().catch((error: unknown) => {
      if (controller.signal.aborted || error instanceof SessionExpiredError) return;
      setState((previous) => ({ ...previous, status: 'error', error }));
    });
    return () => controller.abort();
  }, [api, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...(state.key === key ? state : IDLE), reload };
}
