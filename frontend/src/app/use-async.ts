import { useCallback, useEffect, useState } from 'react';
import { SessionExpiredError } from '../api/errors';

export type AsyncState<T> =
  | { readonly status: 'loading'; readonly data?: T }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly error: unknown; readonly data?: T };

/**
 * Runs `load` when `deps` change (aborting the previous run) and on `reload()`. Data from the previous
 * run stays visible while the next loads. A `SessionExpiredError` is left to the session, which has
 * already sent the person back to sign in.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> & { readonly reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stand for `load`, a fresh closure each render.
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', ...('data' in previous ? { data: previous.data } : {}) }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted || error instanceof SessionExpiredError) return;
        setState((previous) => ({
          status: 'error',
          error,
          ...('data' in previous ? { data: previous.data } : {}),
        }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
