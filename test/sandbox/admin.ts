/**
 * The sandbox's own JSON endpoints under `/_sandbox/`, for demos and tests. Not an AWS API: requests
 * are not signed. Add your route here (e.g. the SNS outbox) by appending to `ADMIN_ROUTES`.
 */
import type { CallLog } from './calls';
import { sandboxEvents } from './events';
import { snsOutbox } from './services/sns';
import type { SandboxState } from './state';

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under the server root, e.g. `/_sandbox/state`. */
  readonly path: string;
  /** Matches paths with parameters (`/_sandbox/instances/<id>/crash`); `path` then documents it. @default exact `path` */
  readonly pattern?: RegExp;
  handle(context: {
    state: SandboxState;
    calls: CallLog;
    query: URLSearchParams;
    body: Buffer;
    /** The request path, for routes with a `pattern`. */
    path: string;
  }): unknown;
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
  {
    method: 'GET',
    path: '/_sandbox/outbox',
    handle: ({ state, query }) => {
      const outbox = snsOutbox(state);
      const topicArn = query.get('topicArn') ?? undefined;
      return { topics: outbox.summary().topics.filter((t) => !topicArn || t.topicArn === topicArn) };
    },
  },
  {
    method: 'DELETE',
    path: '/_sandbox/outbox',
    handle: ({ state }) => ({ cleared: snsOutbox(state).clear() }),
  },
  {
    method: 'POST',
    path: '/_sandbox/outbox/confirm',
    handle: ({ state, query }) => ({
      confirmed: snsOutbox(state).confirm(query.get('topicArn') ?? '', query.get('endpoint') ?? ''),
    }),
  },
  {
    method: 'GET',
    path: '/_sandbox/events',
    handle: ({ state }) => ({ events: sandboxEvents(state).recent() }),
  },
  {
    method: 'POST',
    path: '/_sandbox/instances/<id>/crash',
    pattern: /^\/_sandbox\/instances\/[^/]+\/crash$/,
    handle: ({ state, path, body }) => {
      const instanceId = decodeURIComponent(path.split('/')[3] ?? '');
      const options =
        body.length > 0 ? (JSON.parse(body.toString('utf8')) as { code?: string; message?: string }) : {};
      const crashed = sandboxEvents(state).crashInstance(instanceId, options.code, options.message);
      return {
        instanceId: crashed.id,
        region: crashed.region,
        state: crashed.state,
        stateReason: crashed.attributes.stateReason,
      };
    },
  },
];
