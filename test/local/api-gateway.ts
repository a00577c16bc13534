/**
 * The local stand-in for CloudFront + API Gateway: serves the dashboard's static files and a
 * generated `/config.json`, and turns `/api/*` requests into the REST proxy events API Gateway would
 * send, after the same Cognito authorizer check, to the SAME Lambda handler that runs deployed.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ROUTES, type RouteDefinition } from '../../functions/shared/contract/routes';
import type { CognitoAuthorizer } from './cognito-authorizer';
import { lambdaContext } from './lambda-context';
import { PortInUseError } from './ports';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalApiGatewayOptions {
  readonly handler: ApiHandler;
  readonly authorizer: CognitoAuthorizer;
  /** Built dashboard (frontend/dist); absent means the API alone is served. */
  readonly staticDir?: string;
  /** Served as `/config.json`, as the deployed stack writes it next to the dashboard. */
  readonly config: Readonly<Record<string, unknown>>;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface LocalApiGateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const API_PREFIX = '/api';
/** API Gateway's payload limit for REST APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const STATIC_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export interface MatchedRoute {
  readonly route: RouteDefinition;
  /** URL-decoded, as API Gateway passes them. */
  readonly pathParameters: Record<string, string>;
}

/** An object with no prototype, so any client-chosen key is an ordinary own property. */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Matches a raw (still encoded) path under `/api` against the route templates, segment by segment. */
export function matchRoute(method: string, rawPath: string): MatchedRoute | undefined {
  const segments = rawPath.split('/').filter((s) => s !== '');
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const template = route.path.split('/').filter((s) => s !== '');
    if (template.length !== segments.length) continue;
    const pathParameters = dictionary<string>();
    const matches = template.every((part, i) => {
      const segment = segments[i]!;
      const parameter = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!parameter) return part === segment;
      try {
        pathParameters[parameter] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return true;
    });
    if (matches) return { route, pathParameters };
  }
  return undefined;
}

export async function startLocalApiGateway(options: LocalApiGatewayOptions): Promise<LocalApiGateway> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      console.error('local API gateway failed', error);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, 'HostMaster dashboard and API') : error),
    );
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: LocalApiGatewayOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const rawPath = url.pathname;
  if (rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)) {
    await handleApi(req, res, url, options);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { message: 'Method not allowed' });
    return;
  }
  if (rawPath === '/config.json') {
    res.writeHead(200, {
      ...STATIC_HEADERS,
      'Content-Type': CONTENT_TYPES['.json']!,
      'Cache-Control': 'no-store',
    });
    res.end(JSON.stringify(options.config));
    return;
  }
  serveStatic(res, rawPath, options.staticDir);
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: LocalApiGatewayOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  const matched = matchRoute(method, url.pathname.slice(API_PREFIX.length));
  if (!matched) {
    // What API Gateway answers for a path or method it has no resource for.
    sendJson(res, 403, { message: 'Missing Authentication Token' });
    return;
  }
  const claims = await options.authorizer.authorize(req.headers.authorization);
  if (!claims) {
    sendJson(res, 401, { message: 'Unauthorized' });
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    sendJson(res, 413, { message: 'Request Entity Too Large' });
    return;
  }
  const event = toProxyEvent(req, url, matched, claims, body);
  const result = await options.handler(event, lambdaContext('hostmaster-api'));
  res.writeHead(result.statusCode, stringHeaders(result.headers));
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

function toProxyEvent(
  req: IncomingMessage,
  url: URL,
  matched: MatchedRoute,
  claims: Record<string, string>,
  body: string,
): APIGatewayProxyEvent {
  // Null-prototype maps: a client's `?__proto__=x` or `constructor` header is just a name, never the
  // object's prototype or a method (issue 10: `__proto__` as a query key answered 500).
  const headers = dictionary<string>();
  const multiValueHeaders = dictionary<string[]>();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.at(-1)!;
    multiValueHeaders[name] = values;
  }
  const query = dictionary<string>();
  const multiValueQuery = dictionary<string[]>();
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
  }
  const resource = `${API_PREFIX}${matched.route.path}`;
  const now = Date.now();
  const requestId = randomUUID();
  return {
    resource,
    path: url.pathname,
    httpMethod: matched.route.method,
    headers,
    multiValueHeaders,
    pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : null,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: Object.keys(multiValueQuery).length > 0 ? multiValueQuery : null,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: { claims },
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      httpMethod: matched.route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: resource,
      stage: 'local',
    },
  };
}

/** The request body, or undefined when it exceeds API Gateway's limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function stringHeaders(headers: APIGatewayProxyResult['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  res.writeHead(statusCode, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Static files with the SPA fallback CloudFront is configured with: unknown paths get index.html. */
function serveStatic(res: ServerResponse, rawPath: string, staticDir: string | undefined): void {
  if (!staticDir || !existsSync(path.join(staticDir, 'index.html'))) {
    res.writeHead(404, { ...STATIC_HEADERS, 'Content-Type': CONTENT_TYPES['.txt']! });
    res.end('The dashboard is not built: run `npm run build:frontend`.\n');
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(rawPath);
  } catch {
    relative = '/';
  }
  const root = path.resolve(staticDir);
  const candidate = path.resolve(root, `.${path.posix.normalize(relative)}`);
  const inside = candidate === root || candidate.startsWith(`${root}${path.sep}`);
  const file =
    inside && existsSync(candidate) && statSync(candidate).isFile()
      ? candidate
      : path.join(root, 'index.html');
  const extension = path.extname(file);
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...STATIC_HEADERS,
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}
