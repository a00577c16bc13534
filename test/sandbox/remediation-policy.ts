/**
 * The member remediation role's policy, enforced the way IAM would: a session of
 * `HostMasterRemediationRole` may call only the write actions of functions/shared/contract/remediation.ts,
 * on resources tagged `hostmaster:remediation=allow`, and may create only resources it tags so; the
 * account-level writes (no tag to condition on) only in accounts opted in as a whole
 * (`remediationAccountOptIn`, the member stack's `hostmaster:remediationAccounts`).
 * EC2 checks this before `DryRun`, so a dry-run reveals a refusal. Sessions of the member scan role
 * may only read (`scanRoleRefuses`), as its SecurityAudit and ViewOnlyAccess policies allow; the
 * hub's own credentials are not restricted here.
 */
import {
  ACCOUNT_WRITE_ACTIONS,
  CREATE_WRITE_ACTIONS,
  MEMBER_REMEDIATION_ROLE_NAME,
  REMEDIATION_TAG,
  TAGGED_WRITE_ACTIONS,
} from '../../functions/shared/contract/remediation';
import type { FleetAccount } from './fleet';
import { type CallerIdentity, type SandboxContext, SandboxError, type SandboxRequest } from './service';

/**
 * Actions the scan role's managed policies allow: the list-and-describe reads, and IAM's credential
 * report, which SecurityAudit grants so that it can be read.
 */
const SCAN_ROLE_ACTIONS = /^(Describe|List|Get|Lookup|Head|Search|BatchGet)|^GenerateCredentialReport$/;

/**
 * Whether IAM would refuse the call because the caller is a session of the account's read-only scan
 * role and the action writes (a stop, a snapshot, a tag). The remediation role is judged by
 * `authorizeRemediationWrite` instead.
 */
export function scanRoleRefuses(
  caller: CallerIdentity,
  account: FleetAccount | undefined,
  action: string,
): boolean {
  if (!caller.assumedRole || !account) return false;
  if (!caller.arn.includes(`:assumed-role/${account.roleName}/`)) return false;
  return !SCAN_ROLE_ACTIONS.test(action);
}

const TAGGED = new Set<string>(TAGGED_WRITE_ACTIONS);
const CREATES = new Set<string>(CREATE_WRITE_ACTIONS);
const ACCOUNT_LEVEL = new Set<string>(ACCOUNT_WRITE_ACTIONS);

/** Whether the caller is a session of the member remediation role. */
export function isRemediationSession(request: SandboxRequest): boolean {
  return (
    request.caller.assumedRole &&
    request.caller.arn.includes(`:assumed-role/${MEMBER_REMEDIATION_ROLE_NAME}/`)
  );
}

function unauthorized(
  request: SandboxRequest,
  iamAction: string,
  resourceArn: string,
  why: string,
  code = 'UnauthorizedOperation',
): SandboxError {
  return new SandboxError(
    403,
    code,
    `You are not authorized to perform this operation. User: ${request.caller.arn} is not authorized to perform: ${iamAction} on resource: ${resourceArn} because ${why}`,
  );
}

const tagged = (tags: Readonly<Record<string, string>> | undefined) =>
  tags?.[REMEDIATION_TAG.key] === REMEDIATION_TAG.value;

/**
 * Refuses the call unless the role may make it: `existing` are the resources it acts on (ARN and
 * tags, `aws:ResourceTag`, or any resource of an account opted in as a whole), `created` the tags of
 * a resource it creates (`aws:RequestTag`).
 */
export function authorizeRemediationWrite(
  request: SandboxRequest,
  iamAction: string,
  target: {
    readonly existing?: readonly { readonly arn: string; readonly tags: Readonly<Record<string, string>> }[];
    readonly created?: { readonly arn: string; readonly tags: Readonly<Record<string, string>> };
  },
  code = 'UnauthorizedOperation',
): void {
  if (!isRemediationSession(request)) return;
  for (const resource of target.existing ?? []) {
    if (!TAGGED.has(iamAction)) {
      throw unauthorized(
        request,
        iamAction,
        resource.arn,
        'no identity-based policy allows the action',
        code,
      );
    }
    // An account opted in as a whole needs no tag (the role's aws:PrincipalAccount statement).
    if (!tagged(resource.tags) && !request.accountOptedIn) {
      throw unauthorized(
        request,
        iamAction,
        resource.arn,
        `the resource is not tagged ${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value} (aws:ResourceTag condition) and account ${request.accountId} is not opted in as a whole`,
        code,
      );
    }
  }
  if (target.created) {
    if (!CREATES.has(iamAction)) {
      throw unauthorized(
        request,
        iamAction,
        target.created.arn,
        'no identity-based policy allows the action',
        code,
      );
    }
    if (!tagged(target.created.tags)) {
      throw unauthorized(
        request,
        iamAction,
        target.created.arn,
        `the request does not tag it ${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value} (aws:RequestTag condition)`,
        code,
      );
    }
  }
}

/**
 * Refuses an account-level write (`ACCOUNT_WRITE_ACTIONS`) unless the caller's account is opted in as
 * a whole, as the role's `aws:PrincipalAccount` statement does. `code` is the service's own refusal:
 * EC2 answers `UnauthorizedOperation`, S3 `AccessDenied`.
 */
export function authorizeAccountWrite(
  request: SandboxRequest,
  context: SandboxContext,
  iamAction: string,
  resourceArn: string,
  code = 'UnauthorizedOperation',
): void {
  if (!isRemediationSession(request)) return;
  if (!ACCOUNT_LEVEL.has(iamAction)) {
    throw unauthorized(request, iamAction, resourceArn, 'no identity-based policy allows the action', code);
  }
  if (!context.account.remediationAccountOptIn) {
    throw unauthorized(
      request,
      iamAction,
      resourceArn,
      `account ${context.account.id} is not opted in as a whole (hostmaster:remediationAccounts; aws:PrincipalAccount condition)`,
      code,
    );
  }
}
