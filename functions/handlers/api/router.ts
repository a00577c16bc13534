import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { revocationOf } from '../../domain/identity/user-directory';
import { groupAllows, ROUTES, type RouteDefinition } from '../../shared/contract/routes';
import { AccessRevokedError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import {
  Attachment,
  attachmentResponse,
  errorResponse,
  isExpectedError,
  jsonResponse,
} from '../../shared/http';
import { logger } from '../../shared/powertools';
import { callerFromEvent } from './caller';
import type { ApiDependencies, ApiRequest, Caller } from './operation';
import { OPERATIONS } from './operations';

/** Route paths are relative to `/api`; the API may expose them with or without that prefix. */
const API_PREFIX = '/api';

/** The route an event's resource path and method select, or undefined. */
export function findRoute(resource: string, method: string): RouteDefinition | undefined {
  const path =
    resource === API_PREFIX || resource.startsWith(`${API_PREFIX}/`)
      ? resource.slice(API_PREFIX.length)
      : resource;
  return ROUTES.find((route) => route.path === (path === '' ? '/' : path) && route.method === method);
}

/**
 * Handles one API Gateway event: route, authorize by the token's groups (and, unless it is a GET, by
 * the user pool's answer now), parse, run the operation, map the result. Every failure becomes a response here; unexpected ones are logged and answered with a bare 500.
 */
export async function routeRequest(
  event: APIGatewayProxyEvent,
  dependencies: ApiDependencies,
): Promise<APIGatewayProxyResult> {
  const route = findRoute(event.resource, event.httpMethod);
  try {
    if (!route) throw new NotFoundError('Route', `${event.httpMethod} ${event.resource}`);
    const caller = callerFromEvent(event);
    if (!groupAllows(caller.groups, route.minimumGroup)) {
      logger.warn('operation forbidden', {
        operationId: route.operationId,
        requiredGroup: route.minimumGroup,
        groups: caller.groups,
        subject: caller.subject,
      });
      throw new ForbiddenError(route.operationId, route.minimumGroup);
    }
    if (route.method !== 'GET') await assertStillAllowed(route, caller, dependencies);
    const request: ApiRequest = {
      caller,
      pathParameters: decodePathParameters(event.pathParameters),
      query: nonEmpty(event.queryStringParameters),
      body: parseBody(event.body, event.isBase64Encoded),
    };
    const result = await OPERATIONS[route.operationId as keyof typeof OPERATIONS](request, dependencies);
    const statusCode = result.statusCode ?? 200;
    return result.body instanceof Attachment
      ? attachmentResponse(statusCode, result.body)
      : jsonResponse(statusCode, result.body);
  } catch (error) {
    if (isExpectedError(error)) {
      logger.info('request rejected', { operationId: route?.operationId, error: error.message });
    } else {
      logger.error('request failed', { operationId: route?.operationId, error: error as Error });
    }
    return errorResponse(error);
  }
}

/**
 * Every route that changes something asks the user directory whether the caller still may: the
 * token's groups are as they were when it was issued (up to its validity ago), so a user disabled,
 * deleted or removed from the group since would otherwise keep acting until it expires.
 */
async function assertStillAllowed(
  route: RouteDefinition,
  caller: Caller,
  { directory }: ApiDependencies,
): Promise<void> {
  const reason = revocationOf(await directory.find(caller.username), route.minimumGroup);
  if (reason === undefined) return;
  logger.warn('operation refused: access revoked', {
    operationId: route.operationId,
    requiredGroup: route.minimumGroup,
    reason,
    subject: caller.subject,
    username: caller.username,
  });
  throw new AccessRevokedError(route.operationId, route.minimumGroup, reason);
}

/**
 * Path parameters arrive decoded from API Gateway, but an encoded slash (`%2F`, common in ARNs) may
 * survive a proxy in front of it; ARNs never contain `%`, so a remaining one means "still encoded".
 */
function decodePathParameters(
  parameters: Readonly<Record<string, string | undefined>> | null,
): Record<string, string | undefined> {
  const decoded = dictionary();
  for (const [name, value] of Object.entries(parameters ?? {})) {
    if (value === undefined || !value.includes('%')) {
      decoded[name] = value;
      continue;
    }
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      throw new ValidationError([{ parameter: name, message: 'is not validly URL-encoded' }]);
    }
  }
  return decoded;
}

/** An empty query value (`?accountId=`) means "no filter", as the dashboard's selects send it. */
function nonEmpty(
  parameters: Readonly<Record<string, string | undefined>> | null,
): Record<string, string | undefined> {
  const kept = dictionary();
  for (const [name, value] of Object.entries(parameters ?? {}))
    if (value !== undefined && value !== '') kept[name] = value;
  return kept;
}

/**
 * Parameters keyed by client-chosen names go into objects without a prototype: `__proto__` or
 * `constructor` is then an ordinary (and, to every schema, unknown) key, never the prototype.
 */
function dictionary(): Record<string, string | undefined> {
  return Object.create(null) as Record<string, string | undefined>;
}

function parseBody(body: string | null, isBase64Encoded: boolean): unknown {
  if (body === null || body === '') return undefined;
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ parameter: 'body', message: 'must be valid JSON' }]);
  }
}
