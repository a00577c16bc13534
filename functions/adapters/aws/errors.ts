/** Failures an operator must fix in AWS (permissions, opt-in); retrying them cannot help. */
const KNOWN_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'OptInRequired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'RegionDisabledException',
  'AWSOrganizationsNotInUseException',
]);

/** Why each known code happens, in words an operator can act on. */
const HINTS: Readonly<Record<string, string>> = {
  AccessDenied: 'access denied',
  AccessDeniedException: 'access denied',
  UnauthorizedOperation: 'the member role lacks a read permission',
  AuthFailure: 'the region is not enabled for the account or the credentials are not valid there',
  OptInRequired: 'the region is not enabled (opted in) for the account',
  InvalidClientTokenId: 'the region is not enabled for the account',
  UnrecognizedClientException: 'the region is not enabled for the account',
  RegionDisabledException: 'STS is disabled in the region',
  AWSOrganizationsNotInUseException: 'the account is not in an AWS Organization',
};

/** The member role could not be assumed: nothing in that account can be scanned. */
export class AssumeRoleError extends Error {
  override readonly name = 'AssumeRoleError';
  constructor(
    readonly roleArn: string,
    readonly code: string,
    awsMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      code === 'AccessDenied' || code === 'AccessDeniedException'
        ? `AssumeRole denied: ${explainAssumeRoleDenied(awsMessage)} (role ${roleArn})`
        : `AssumeRole failed (${code}): ${awsMessage} (role ${roleArn})`,
      options,
    );
  }
}

/**
 * AWS answers every AssumeRole refusal with the same AccessDenied, so the message says what to check;
 * when the answer names the ExternalId (as the sandbox and some partitions do) it is quoted as is.
 */
function explainAssumeRoleDenied(awsMessage: string): string {
  if (/external\s*id/i.test(awsMessage)) {
    return /trust policy/i.test(awsMessage)
      ? awsMessage
      : "ExternalId does not match the member role's trust policy";
  }
  return `the member role does not exist, does not trust the hub account, or requires a different ExternalId (${awsMessage})`;
}

export interface DescribedError {
  /** AWS error code (`AccessDenied`, `Throttling`, ...) or the error's name. */
  readonly code: string;
  /** A sentence for the ScanRun and the dashboard. */
  readonly message: string;
  /** True for failures retrying cannot fix (permissions, disabled region): recorded, not rethrown. */
  readonly known: boolean;
}

function errorCode(error: unknown): string {
  if (error instanceof AssumeRoleError) return error.code;
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.Code, e.code, e.name]) {
      if (typeof candidate === 'string' && candidate.length > 0 && candidate !== 'Error') return candidate;
    }
  }
  return 'Error';
}

/** Turns an SDK (or any) error into the code, message and known-ness a ScanRun records. */
export function describeError(error: unknown): DescribedError {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  if (error instanceof AssumeRoleError) return { code, message: error.message, known: KNOWN_CODES.has(code) };
  const hint = HINTS[code];
  return {
    code,
    message: hint ? `${hint}: ${raw}` : raw,
    known: KNOWN_CODES.has(code),
  };
}
