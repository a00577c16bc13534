import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './routes';

const NAVIGATED = 'hostmaster:navigated';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('hashchange', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

const getHash = () => window.location.hash;

let cached: { hash: string; route: Route } | undefined;

/** The current route, re-rendering on every navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  if (cached?.hash !== hash) cached = { hash, route: parseRoute(hash) };
  return cached.route;
}

/**
 * Goes to `href` (a `#/...` link). `replace` updates the URL without a history entry: for filter and
 * search edits, so Back leaves the inventory instead of undoing keystrokes.
 */
export function navigate(href: string, options: { readonly replace?: boolean } = {}): void {
  if (href === window.location.hash) return;
  if (options.replace) window.history.replaceState(window.history.state, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}
