/**
 * The user directory (the Cognito user pool), asked afresh before every change a caller makes.
 * A token says what the user was when it was issued; disabling a user, deleting them or removing
 * them from a group takes effect in the directory at once, and only the directory knows (issue 10).
 */
import { type Group, groupAllows } from '../../shared/contract/routes';

/** A user as the directory knows them now. */
export interface DirectoryUser {
  readonly username: string;
  /** False once an administrator disabled the user. */
  readonly enabled: boolean;
  /** Cognito's `UserStatus`: `CONFIRMED`, `RESET_REQUIRED`, `FORCE_CHANGE_PASSWORD`, ... */
  readonly status: string;
  /** Every group the user belongs to now. */
  readonly groups: readonly string[];
}

/** Reads users; the Cognito implementation calls AdminGetUser and AdminListGroupsForUser. */
export interface UserDirectory {
  /** The user now, or undefined when the directory has no such user (deleted). */
  find(username: string): Promise<DirectoryUser | undefined>;
}

/**
 * Statuses of a user who may act. `RESET_REQUIRED` (an administrator forced a password reset) and
 * `COMPROMISED` are refused like a disabled user; `EXTERNAL_PROVIDER` is a federated user.
 */
const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['CONFIRMED', 'EXTERNAL_PROVIDER']);

/**
 * Why the user may not act with `minimumGroup`'s rights now, in words the caller can be told, or
 * undefined when they may.
 */
export function revocationOf(user: DirectoryUser | undefined, minimumGroup: Group): string | undefined {
  if (!user) return 'the user no longer exists';
  if (!user.enabled) return 'the user has been disabled';
  if (!ACTIVE_STATUSES.has(user.status)) return `the user's status is ${user.status}`;
  if (!groupAllows(user.groups, minimumGroup)) {
    return `the user is no longer in the ${minimumGroup} group or higher`;
  }
  return undefined;
}
