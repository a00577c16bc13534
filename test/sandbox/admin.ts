/**
 * The sandbox's own JSON endpoints under `/_sandbox/`, for demos and tests. Not an AWS API: requests
 * are not signed. Add your route here (e.g. the SNS outbox) by appending to `ADMIN_ROUTES`.
 */
import type { CallLog } from './calls';
import type { SandboxState } from './state';

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under the server root, e.g. `/_sandbox/state`. */
  readonly path: string;
  handle(context: { state: SandboxState; calls: CallLog; query: URLSearchParams; body: Buffer }): unknown;
}

export const ADMIN_ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/_sandbox/state', handle: ({ state }) => state.summary() },
  { method: 'GET', path: '/_sandbox/calls', handle: ({ calls }) => calls.summary() },
  {
    method: 'DELETE',
    path: '/_sandbox/calls',
    handle: ({ calls }) => {
      calls.reset();
      return { reset: true };
    },
  },
];
