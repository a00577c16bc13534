import { ForbiddenError } from '../../shared/errors';
/**
 * Errors the workflow's steps throw. Their names become the Step Functions error names, so the state
 * machine's Catch records each item's failure with the reason a person can act on.
 */

/** AWS refused or failed a call after the SDK's retries: nothing after it was attempted. */
export class RemediationCallFailedError extends Error {
  override readonly name = 'RemediationCallFailedError';
  constructor(step: string, action: string, code: string, message: string) {
    super(`${step}: ${action} failed with ${code}: ${message}`);
  }
}

/** The change was made but re-collecting the resource shows the finding is not fixed. */
export class RemediationVerifyFailedError extends Error {
  override readonly name = 'RemediationVerifyFailedError';
  constructor(reason: string) {
    super(`verify: ${reason}`);
  }
}

/** An item a step was asked to run is not in a state that allows it (a bug or a replayed event). */
export class RemediationStateError extends Error {
  override readonly name = 'RemediationStateError';
}

/** An administrator has not allowed this action: requesting it answers 403. */
export class ActionNotAllowedError extends ForbiddenError {
  constructor(actionId: string) {
    super(`remediate with ${actionId}`, 'admin');
    this.message = `remediation action ${actionId} is not allowed here; an administrator configures the allowed actions`;
  }
}

/** The requester may not approve their own request where a second person is required. */
export class SameApproverError extends ForbiddenError {
  constructor() {
    super('approveRemediation', 'operator');
    this.message = 'the requester of a remediation may not approve it: another operator must';
  }
}

/** The backup did not become usable (failed, or not completed in time): the change was not made. */
export class RemediationBackupFailedError extends Error {
  override readonly name = 'RemediationBackupFailedError';
}
