/**
 * Errors a sandbox handler throws; the server renders them in the service's protocol:
 * ec2Query `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`,
 * awsQuery `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`,
 * JSON `{"__type": code, "message": ...}` (+ `x-amzn-ErrorType`), restXml `<Error><Code/><Message/></Error>`.
 */
import type { Protocol } from './service';

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    /** HTTP status of the error response. */
    readonly status: number,
    /** AWS error code (`InvalidParameterValue`, `AccessDenied`, `ThrottlingException`, ...). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The protocol's real throttling error, which the SDK's retry strategy recognises. */
export function throttlingError(protocol: Protocol): SandboxError {
  switch (protocol) {
    case 'ec2Query':
      return new SandboxError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    case 'awsQuery':
      return new SandboxError(400, 'Throttling', 'Rate exceeded');
    case 'restXml':
      return new SandboxError(503, 'SlowDown', 'Please reduce your request rate.');
    default:
      return new SandboxError(400, 'ThrottlingException', 'Rate exceeded');
  }
}

/** A server-side failure: `internal` (500) or `unavailable` (503). */
export function serverError(protocol: Protocol, kind: 'internal' | 'unavailable'): SandboxError {
  if (kind === 'unavailable') {
    const code = protocol === 'ec2Query' ? 'Unavailable' : 'ServiceUnavailable';
    return new SandboxError(503, code, 'The service is unavailable. Please try again shortly.');
  }
  const code = protocol === 'ec2Query' || protocol === 'restXml' ? 'InternalError' : 'InternalFailure';
  return new SandboxError(500, code, 'An internal error has occurred.');
}

/** The protocol's AccessDenied for `action` of `service` by the caller `callerArn`. */
export function accessDeniedError(
  protocol: Protocol,
  callerArn: string,
  service: string,
  action: string,
  resource = '*',
): SandboxError {
  if (protocol === 'ec2Query') {
    return new SandboxError(
      403,
      'UnauthorizedOperation',
      'You are not authorized to perform this operation.',
    );
  }
  const message = `User: ${callerArn} is not authorized to perform: ${service}:${action} on resource: ${resource}`;
  if (protocol === 'awsQuery' || protocol === 'restXml')
    return new SandboxError(403, 'AccessDenied', message);
  return new SandboxError(400, 'AccessDeniedException', message);
}

/** How AWS answers a request to a region the account has not opted in to. */
export function regionNotEnabledError(protocol: Protocol): SandboxError {
  if (protocol === 'ec2Query') {
    return new SandboxError(
      401,
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
    );
  }
  if (protocol === 'awsQuery' || protocol === 'restXml') {
    return new SandboxError(
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  return new SandboxError(
    400,
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
}
