/**
 * The sandbox HTTP server: one loopback endpoint for every simulated service. Real SDK clients reach
 * it through `endpoint` / `AWS_ENDPOINT_URL`; it trusts their SigV4 signatures without verifying them
 * and reads service, region and access key from the credential scope.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResourceType } from '../../functions/domain/model';
import { ADMIN_ROUTES } from './admin';
import { CallLog } from './calls';
import {
  accessDeniedError,
  regionNotEnabledError,
  SandboxError,
  serverError,
  throttlingError,
} from './errors';
import { type SandboxEventListener, type SandboxEvents, sandboxEvents } from './events';
import { type CallKey, FaultInjector, FaultsSchema } from './faults';
import type { Fleet, FleetResource } from './fleet';
import { paginate } from './paging';
import { QueryParams } from './query-params';
import { scanRoleRefuses } from './remediation-policy';
import type {
  CallerIdentity,
  HttpRequestInfo,
  Protocol,
  ResourceScope,
  SandboxContext,
  SandboxRequest,
  SandboxResult,
  SandboxService,
} from './service';
import { SERVICES } from './services';
import { type SandboxMacKeys, sandboxMacKeys } from './services/kms';
import { type SnsOutbox, snsOutbox } from './services/sns';
import { SandboxState } from './state';
import { escapeXml } from './xml';

export interface SandboxOptions {
  /** The organization to serve (parsed with `parseFleet`, or from `generateFleet`). */
  readonly fleet: Fleet;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Seed of the fault injector's randomness. @default 1 */
  readonly seed?: number;
  /** The sandbox clock. @default () => new Date() */
  readonly clock?: () => Date;
  /** Services to serve. @default SERVICES from `services/index.ts` */
  readonly services?: readonly SandboxService[];
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: pass as the SDK clients' `endpoint` or `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
  readonly port: number;
  readonly state: SandboxState;
  readonly calls: CallLog;
  /** Instance state changes as EventBridge events (see `events.ts`). */
  readonly events: SandboxEvents;
  /** Subscribes to those events, as the hub bus rule would; returns the unsubscribe function. */
  onEvent(listener: SandboxEventListener): () => void;
  /** SNS topics, subscriptions and the outbox of every published message (see `services/sns.ts`). */
  readonly sns: SnsOutbox;
  /** KMS HMAC keys for GenerateMac/VerifyMac (see `services/kms.ts`). */
  readonly kms: SandboxMacKeys;
  /** The fault injector, for faults that start while the sandbox runs. */
  readonly faults: FaultInjector;
  stop(): Promise<void>;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON with dates as epoch seconds: the timestamp format of the awsJson protocols. */
function stringifyJson(body: unknown): string {
  return JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

function renderError(
  protocol: Protocol,
  error: SandboxError,
  requestId: string,
  namespace?: string,
): Rendered {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  switch (protocol) {
    case 'ec2Query':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'awsQuery': {
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      const xmlns = namespace ? ` xmlns="${namespace}"` : '';
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    case 'restXml':
      return {
        status: error.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
    default:
      return {
        status: error.status,
        headers: {
          'content-type':
            protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1',
          'x-amzn-errortype': error.code,
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({ __type: error.code, message: error.message, Message: error.message }),
      };
  }
}

function renderResult(
  service: SandboxService,
  action: string,
  result: SandboxResult,
  requestId: string,
): Rendered {
  if (result.kind === 'raw')
    return { status: result.status, headers: { ...result.headers }, body: result.body };
  if (result.kind === 'json') {
    const contentType =
      service.protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    return {
      status: 200,
      headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
      body: stringifyJson(result.body),
    };
  }
  const xmlns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
  if (service.protocol === 'ec2Query') {
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response${xmlns}><requestId>${requestId}</requestId>${result.body}</${action}Response>`,
    };
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<${action}Response${xmlns}><${action}Result>${result.body}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** An admin route's answer; a `SandboxError` it throws becomes its status and message. */
async function renderAdmin(run: () => unknown): Promise<Rendered> {
  const headers = { 'content-type': 'application/json' };
  try {
    return { status: 200, headers, body: JSON.stringify(await run()) };
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return {
      status: error.status,
      headers,
      body: JSON.stringify({ code: error.code, message: error.message }),
    };
  }
}

/** Starts a sandbox serving `fleet`; `stop()` closes it and every kept-alive connection. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { fleet, port = 0, host = '127.0.0.1', seed = 1 } = options;
  const services = options.services ?? SERVICES;
  const state = new SandboxState(fleet, options.clock);
  const events = sandboxEvents(state);
  const calls = new CallLog();
  const faults = new FaultInjector(FaultsSchema.parse(fleet.faults ?? {}), seed);

  function pickService(signingName: string, target: string | undefined, version: string | undefined) {
    const candidates = services.filter((s) => s.signingName === signingName);
    if (target !== undefined) {
      const prefix = target.slice(0, target.lastIndexOf('.'));
      return candidates.find((s) => s.targetPrefix === prefix);
    }
    return (
      candidates.find((s) => s.protocol === 'restXml') ??
      candidates.find((s) => s.apiVersion !== undefined && s.apiVersion === version) ??
      candidates.find(
        (s) => s.apiVersion === undefined && (s.protocol === 'ec2Query' || s.protocol === 'awsQuery'),
      )
    );
  }

  function contextFor(service: SandboxService, request: SandboxRequest, call: CallKey): SandboxContext {
    const account = state.accounts.get(request.accountId);
    if (!account) {
      throw new SandboxError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    const regionOf = (scope?: ResourceScope) => scope?.region ?? (service.global ? 'global' : request.region);
    return {
      account,
      accounts: fleet.accounts,
      organization: fleet.organization,
      partitionRegions: fleet.regions,
      costs: fleet.costs,
      resources: <T extends ResourceType>(type: T, scope?: ResourceScope) =>
        state.list(request.accountId, regionOf(scope), type),
      find: <T extends ResourceType>(type: T, id: string, scope?: ResourceScope) =>
        state.find(request.accountId, regionOf(scope), type, id),
      update: (resource: FleetResource) => state.update(request.accountId, resource),
      insert: (resource: FleetResource) => state.insert(request.accountId, resource),
      remove: (resource) => {
        state.remove(request.accountId, resource);
      },
      page: (items, pageOptions) => paginate(items, pageOptions, faults.emptyPage(call)),
      now: () => state.now(),
      kmsGrantMissing: (keyId) => faults.kmsGrantMissing(call, keyId),
      slowBackup: (source) => faults.slowBackup(call, source),
      shared: (key, create) => state.shared(key, create),
      issueSession: (accountId, roleName, sessionName, durationSeconds) =>
        state.issueSession(accountId, roleName, sessionName, durationSeconds),
    };
  }

  async function handleAws(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    requestId: string,
  ): Promise<Rendered> {
    const started = Date.now();
    const scope = CREDENTIAL.exec(header(req, 'authorization') ?? '');
    const target = header(req, 'x-amz-target');
    const contentType = header(req, 'content-type') ?? '';
    const isForm = contentType.startsWith('application/x-www-form-urlencoded');
    const params = isForm
      ? new QueryParams([
          ...url.searchParams.entries(),
          ...new URLSearchParams(body.toString('utf8')).entries(),
        ])
      : new QueryParams(url.searchParams.entries());
    const fallbackProtocol: Protocol = target ? 'awsJson1_1' : 'awsQuery';
    if (!scope) {
      return renderError(
        fallbackProtocol,
        new SandboxError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
        requestId,
      );
    }
    const [, accessKeyId = '', region = '', signingName = ''] = scope;
    const service = pickService(signingName, target, params.get('Version'));
    if (!service) {
      return renderError(
        fallbackProtocol,
        new SandboxError(
          400,
          'UnknownService',
          `The sandbox does not simulate ${signingName} (${target ?? ''})`,
        ),
        requestId,
      );
    }
    const http: HttpRequestInfo = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const action =
      service.protocol === 'restXml'
        ? (service.operationOf?.(http) ?? 'Unknown')
        : target !== undefined
          ? target.slice(target.lastIndexOf('.') + 1)
          : (params.get('Action') ?? '');
    const identity = state.identify(accessKeyId);
    const caller: CallerIdentity | undefined = identity.ok ? identity.identity : undefined;
    const accountId = caller?.accountId ?? 'unknown';
    const call: CallKey = { service: service.name, action, accountId, region };

    let rendered: Rendered;
    let outcome = 'ok';
    try {
      const delay = faults.delayMs(call);
      if (delay > 0) await sleep(delay);
      if (!caller) {
        throw identity.ok === false && identity.reason === 'expired'
          ? new SandboxError(
              service.protocol === 'ec2Query' ? 401 : 403,
              service.protocol === 'ec2Query' ? 'AuthFailure' : 'ExpiredToken',
              'The security token included in the request is expired',
            )
          : regionNotEnabledError(service.protocol);
      }
      const account = state.accounts.get(caller.accountId);
      if (!service.global && !account?.regions.includes(region)) {
        throw regionNotEnabledError(service.protocol);
      }
      const handler = service.actions[action];
      if (!handler) {
        throw service.protocol === 'restXml'
          ? new SandboxError(501, 'NotImplemented', `The sandbox does not implement ${action}`)
          : service.protocol === 'ec2Query' || service.protocol === 'awsQuery'
            ? new SandboxError(
                400,
                'InvalidAction',
                `The action ${action} is not valid for this web service.`,
              )
            : new SandboxError(400, 'UnknownOperationException', `Unknown operation ${action}`);
      }
      if (faults.denied(call))
        throw accessDeniedError(service.protocol, caller.arn, service.signingName, action);
      if (service.name !== 'sts' && scanRoleRefuses(caller, account, action))
        throw accessDeniedError(service.protocol, caller.arn, service.signingName, action);
      if (faults.throttled(call)) throw throttlingError(service.protocol);
      const failure = faults.serverError(call);
      if (failure) throw serverError(service.protocol, failure);

      let json: Record<string, unknown> = {};
      if (target !== undefined && body.length > 0) {
        try {
          json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        } catch {
          throw new SandboxError(400, 'SerializationException', 'The request body is not valid JSON');
        }
      }
      const request: SandboxRequest = {
        service: signingName,
        region,
        accountId: caller.accountId,
        caller,
        accountOptedIn: state.accounts.get(caller.accountId)?.remediationAccountOptIn === true,
        action,
        params,
        json,
        http,
        requestId,
      };
      const result = await handler(request, contextFor(service, request, call));
      rendered = renderResult(service, action, result, requestId);
      if (rendered.status >= 400) outcome = `HTTP${rendered.status}`;
    } catch (error) {
      const sandboxError =
        error instanceof SandboxError
          ? error
          : new SandboxError(500, 'InternalError', `Sandbox bug: ${(error as Error).message}`);
      if (!(error instanceof SandboxError)) console.error('sandbox handler failed', error);
      outcome = sandboxError.code;
      rendered = renderError(service.protocol, sandboxError, requestId, service.xmlNamespace);
    }
    calls.record({
      accountId,
      region,
      service: service.name,
      action,
      timestamp: started,
      outcome,
      status: rendered.status,
      durationMs: Date.now() - started,
    });
    return rendered;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    let rendered: Rendered;
    if (url.pathname.startsWith('/_sandbox/')) {
      const route = ADMIN_ROUTES.find(
        (r) => r.method === req.method && (r.path === url.pathname || r.pattern?.test(url.pathname)),
      );
      rendered = route
        ? await renderAdmin(() =>
            route.handle({ state, calls, query: url.searchParams, body, path: url.pathname }),
          )
        : { status: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"not found"}' };
    } else {
      rendered = await handleAws(req, url, body, requestId);
    }
    const payload = typeof rendered.body === 'string' ? Buffer.from(rendered.body, 'utf8') : rendered.body;
    res.writeHead(rendered.status, { ...rendered.headers, 'content-length': String(payload.length) });
    res.end(payload);
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('sandbox request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('sandbox failure');
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    port: address.port,
    state,
    calls,
    events,
    onEvent: (listener) => events.onEvent(listener),
    sns: snsOutbox(state),
    kms: sandboxMacKeys(state),
    faults,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
