/**
 * Pre-flight impact checks, common to every action, from the live resource and the stored inventory:
 * anything that would make the change unsafe or undone behind HostMaster's back refuses the item
 * before a single write is sent.
 */
import { ACCOUNT_OPT_IN_RESOURCE_TYPES, REMEDIATION_TAG } from '../../shared/contract/remediation';
import type { Resource } from '../model';
import type { PreflightCheck, PreflightContext, RemediationAction } from './action';
import { impactChecks } from './impact';
import { nativeId } from './native-id';

/** Tags AWS itself sets on what it manages. */
const AUTO_SCALING_TAG = 'aws:autoscaling:groupName';
const CLOUDFORMATION_TAG = 'aws:cloudformation:stack-name';

export interface PreflightResult {
  readonly passed: boolean;
  readonly checks: readonly PreflightCheck[];
}

/**
 * Runs the common checks and the action's own. `live` is the resource as described just now (undefined:
 * it no longer exists), `stored` as the inventory last saw it.
 */
export function runPreflight(
  action: RemediationAction,
  live: Resource | undefined,
  context: PreflightContext,
): PreflightResult {
  if (!live) {
    return {
      passed: false,
      checks: [{ id: 'resource-exists', passed: false, detail: 'the resource no longer exists' }],
    };
  }
  const checks: PreflightCheck[] = [
    { id: 'resource-exists', passed: true, detail: `${nativeId(live)} exists` },
    optedIn(live, context),
    autoScaling(live, context),
    cloudFormation(live),
    ...impactChecks(action, live, context.facts),
    ...(action.preflight?.(live as never, context) ?? []),
  ];
  return { passed: checks.every((check) => check.passed), checks };
}

const BY_ACCOUNT: ReadonlySet<string> = new Set(ACCOUNT_OPT_IN_RESOURCE_TYPES);

/**
 * What the member role will let through: a tagged resource, or, for what the role reaches only by
 * account (an untaggable setting, a bucket), an account opted in as a whole.
 */
function optedIn(resource: Resource, context: PreflightContext): PreflightCheck {
  if (BY_ACCOUNT.has(resource.type)) {
    const passed = context.optedInAccounts?.has(resource.accountId) ?? false;
    return {
      id: 'opted-in',
      passed,
      detail: passed
        ? `account ${resource.accountId} is opted in as a whole (hostmaster:remediationAccounts)`
        : `account ${resource.accountId} is not opted in as a whole (hostmaster:remediationAccounts): the member remediation role may change its ${resource.type} only there, since a tag cannot opt it in`,
    };
  }
  if (resource.tags[REMEDIATION_TAG.key] === REMEDIATION_TAG.value) {
    return { id: 'opted-in', passed: true, detail: `tagged ${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value}` };
  }
  // An account opted in as a whole opts in everything in it, as the role's aws:PrincipalAccount
  // statement and the scheduler read it.
  if (context.optedInAccounts?.has(resource.accountId)) {
    return {
      id: 'opted-in',
      passed: true,
      detail: `not tagged, but account ${resource.accountId} is opted in as a whole (hostmaster:remediationAccounts)`,
    };
  }
  return {
    id: 'opted-in',
    passed: false,
    detail: `not tagged ${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value}, and account ${resource.accountId} is not opted in as a whole: the member remediation role may not act on it`,
  };
}

/** An instance in an Auto Scaling group (or a volume attached to one) would be replaced or fought over. */
function autoScaling(resource: Resource, context: PreflightContext): PreflightCheck {
  let group = resource.tags[AUTO_SCALING_TAG];
  if (!group && resource.type === 'ec2:volume') {
    for (const attachment of resource.attributes.attachments) {
      const instance = context.inventory
        .ofType('ec2:instance', resource.accountId, resource.region)
        .find((candidate) => nativeId(candidate) === attachment.instanceId);
      group = instance?.tags[AUTO_SCALING_TAG] ?? group;
    }
  }
  return {
    id: 'not-in-auto-scaling-group',
    passed: group === undefined,
    detail: group
      ? `managed by Auto Scaling group ${group}: it would undo or fight the change`
      : 'no Auto Scaling group',
  };
}

/** A resource a stack owns drifts when changed outside the stack; the next update may recreate or fail. */
function cloudFormation(resource: Resource): PreflightCheck {
  const stack = resource.tags[CLOUDFORMATION_TAG];
  return {
    id: 'not-owned-by-cloudformation',
    passed: stack === undefined,
    detail: stack
      ? `owned by CloudFormation stack ${stack}: change it in the stack instead`
      : 'not owned by a stack',
  };
}
