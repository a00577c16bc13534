/**
 * HTTP mapping for the API, in one place: JSON responses with security headers, and typed errors to
 * status codes. A 500 never carries the error's message, stack or type to the client.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  ConflictError,
  ForbiddenError,
  HostMasterError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from './errors';

/** Sent on every API response: JSON only, never cached, never framed or sniffed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...SECURITY_HEADERS }, body: JSON.stringify(body) };
}

/**
 * A response body sent as a file download (a CSV export, ...) instead of JSON: an operation returns
 * one as its `body` and the router answers with `attachmentResponse`.
 */
export class Attachment {
  constructor(
    /** e.g. `text/csv; charset=utf-8`. */
    readonly contentType: string,
    /** Offered to the browser's save dialog; quotes and line breaks are not allowed. */
    readonly filename: string,
    readonly content: string,
  ) {
    if (/["\r\n\\]/.test(filename))
      throw new Error(`Unsafe attachment file name: ${JSON.stringify(filename)}`);
  }
}

export function attachmentResponse(statusCode: number, attachment: Attachment): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': attachment.contentType,
      'Content-Disposition': `attachment; filename="${attachment.filename}"`,
    },
    body: attachment.content,
  };
}

/** True when the error is expected and its message may be shown; anything else is a bug to log. */
export function isExpectedError(error: unknown): error is HostMasterError {
  return error instanceof HostMasterError;
}

export function errorResponse(error: unknown): APIGatewayProxyResult {
  if (error instanceof ValidationError) {
    return jsonResponse(400, { message: error.message, issues: error.issues });
  }
  if (error instanceof UnauthorizedError) return jsonResponse(401, { message: error.message });
  if (error instanceof ForbiddenError) return jsonResponse(403, { message: error.message });
  if (error instanceof NotFoundError) return jsonResponse(404, { message: error.message });
  if (error instanceof ConflictError) return jsonResponse(409, { message: error.message });
  return jsonResponse(500, { message: INTERNAL_ERROR_MESSAGE });
}
