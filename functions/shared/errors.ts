/**
 * Typed errors that cross layers. Each carries what a caller may be told; `http.ts` maps them to
 * status codes in one place, and anything that is not one of these becomes a 500 without details.
 */

/** One invalid input, named by the parameter (or body field path) it came from. */
export interface InvalidParameter {
  readonly parameter: string;
  readonly message: string;
}

/** Base of every error whose message is safe to show to the caller. */
export abstract class HostMasterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed: a query, path or body value failed validation. */
export class ValidationError extends HostMasterError {
  readonly issues: readonly InvalidParameter[];

  constructor(issues: readonly InvalidParameter[]) {
    super(issues.map((issue) => `${issue.parameter}: ${issue.message}`).join('; '));
    this.issues = issues;
  }
}

/** The named thing does not exist (or is not visible to the caller). */
export class NotFoundError extends HostMasterError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} not found: ${id}`);
  }
}

/** The caller presented no identity at all. */
export class UnauthorizedError extends HostMasterError {
  constructor() {
    super('Unauthorized');
  }
}

/**
 * The caller is known but its groups do not allow the operation. The message is shown to people, so
 * it names the group they lack, never the internal operation id (which the log keeps).
 */
export class ForbiddenError extends HostMasterError {
  constructor(
    readonly operationId: string,
    readonly requiredGroup: string,
  ) {
    super(`Only the ${requiredGroup} group or higher may do this`);
  }
}

/**
 * The token allows the operation, but the user directory says the caller may no longer do it
 * (disabled, deleted, or removed from the group); `reason` says which, so the person knows why.
 */
export class AccessRevokedError extends ForbiddenError {
  constructor(operationId: string, requiredGroup: string, reason: string) {
    super(operationId, requiredGroup);
    // Shown to the person: the reason, never the internal operation id (the log keeps that).
    this.message = `Refused: ${reason}; sign in again once an administrator restores access`;
  }
}

/** The request is valid but conflicts with the current state (e.g. a scan is already running). */
export class ConflictError extends HostMasterError {}

/** A scan is already running: a second one would scan the same accounts concurrently. */
export class ScanInProgressError extends ConflictError {
  constructor(
    readonly runningScanId: string,
    readonly until: string,
  ) {
    super(`Scan ${runningScanId} is running (until ${until} at the latest); start another after it finishes`);
  }
}
