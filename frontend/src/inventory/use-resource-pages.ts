import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client';
import { SessionExpiredError } from '../api/errors';
import type { Resource } from '../api/types';
import { type InventoryLocation, queryKey, toResourceQuery } from './inventory-state';

export interface ResourcePages {
  /** The query these rows were loaded under (`queryKey`). */
  readonly key: string;
  readonly rows: readonly Resource[];
  /**
   * `loading` while a page is on its way, `more` when the API has further pages (asked for as the
   * table scrolls near the end), `complete` after the last one.
   */
  readonly status: 'idle' | 'loading' | 'more' | 'complete' | 'error';
  readonly pages: number;
  readonly error?: unknown;
}

const IDLE: ResourcePages = { key: '', rows: [], status: 'idle', pages: 0 };

/**
 * The inventory under `location`, a page at a time: the first page at once, the next one only when
 * `loadMore` is called (the table calls it as its last rows come into view), so the browser holds
 * what has been shown, never the whole inventory. A new query drops the rows and aborts the request
 * in flight. An undefined location loads nothing.
 */
export function useResourcePages(
  api: ApiClient,
  location: InventoryLocation | undefined,
): ResourcePages & { readonly reload: () => void; readonly loadMore: () => void } {
  const [state, setState] = useState<ResourcePages>(IDLE);
  const [generation, setGeneration] = useState(0);
  const key = location ? queryKey(location) : '';
  const cursor = useRef<string | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const current = useRef(location);
  current.current = location;
  /** A request is on its way: a second `loadMore` in the same render must not repeat it. */
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    (forKey: string, after: string | undefined) => {
      const target = current.current;
      if (!target) return;
      const abort = new AbortController();
      controller.current = abort;
      inFlight.current = true;
      setState((previous) => ({ ...previous, status: 'loading' }));
      api
        .listResources(toResourceQuery(target, after), abort.signal)
        .then((page) => {
          if (abort.signal.aborted) return;
          inFlight.current = false;
          cursor.current = page.nextCursor;
          setState((previous) => ({
            key: forKey,
            rows: previous.key === forKey ? previous.rows.concat(page.items) : page.items,
            status: page.nextCursor ? 'more' : 'complete',
            pages: (previous.key === forKey ? previous.pages : 0) + 1,
          }));
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted || error instanceof SessionExpiredError) return;
          inFlight.current = false;
          setState((previous) => ({ ...previous, key: forKey, status: 'error', error }));
        });
    },
    [api],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `location`; `generation` forces a reload.
  useEffect(() => {
    if (!location) return;
    cursor.current = undefined;
    setState({ key, rows: [], status: 'loading', pages: 0 });
    fetchPage(key, undefined);
    return () => {
      controller.current?.abort();
      inFlight.current = false;
    };
  }, [key, generation, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !cursor.current) return;
    fetchPage(key, cursor.current);
  }, [key, fetchPage]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    ...(state.key === key ? state : { ...IDLE, status: location ? 'loading' : 'idle' }),
    reload,
    loadMore,
  };
}
