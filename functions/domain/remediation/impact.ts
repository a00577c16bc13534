/**
 * Pre-flight impact checks that follow from what the action does (its `effect`) and from live reads:
 * protections that would refuse the change (stop protection for a stop; termination or deletion
 * protection for a deletion), what still references a snapshot about to be deleted (AMIs, launch
 * templates), and the KMS key of an encrypted volume or snapshot (issue 11). A protection that does
 * not apply to the change is reported, never refused on: an RDS stop ignores deletion protection.
 */
import type { Resource } from '../model';
import type {
  ActionEffect,
  PreflightCheck,
  PreflightFacts,
  PreflightRead,
  RemediationAction,
} from './action';
import { nativeId } from './native-id';

/** KMS key states in which EBS can still encrypt and decrypt with the key. */
const USABLE_KEY_STATES = new Set(['Enabled']);

const effectOf = (action: RemediationAction): ActionEffect => action.effect ?? 'change';

function keyOf(resource: Resource): string | undefined {
  if (resource.type !== 'ec2:volume' && resource.type !== 'ec2:snapshot') return undefined;
  return resource.attributes.encrypted ? resource.attributes.kmsKeyId : undefined;
}

/** The live reads pre-flight needs for this action on this resource (the executor makes them). */
export function preflightReads(action: RemediationAction, resource: Resource): PreflightRead[] {
  const effect = effectOf(action);
  const reads: PreflightRead[] = [];
  if (resource.type === 'ec2:instance' && effect !== 'change') {
    reads.push({ kind: 'instance-protection', instanceId: nativeId(resource) });
  }
  if (resource.type === 'ec2:snapshot' && effect === 'delete') {
    reads.push({ kind: 'snapshot-references', snapshotId: nativeId(resource) });
  }
  const keyId = keyOf(resource);
  if (keyId) reads.push({ kind: 'kms-key', keyId });
  return reads;
}

/**
 * A check whose live read is missing: in a preview (no facts at all) it is deferred to the run, which
 * reads it through the remediation role; in a run it refuses, since safety was not shown.
 */
const notRead = (facts: PreflightFacts | undefined, id: string, what: string): PreflightCheck =>
  facts === undefined
    ? { id, passed: true, detail: `${what} is read live through the remediation role when the item runs` }
    : { id, passed: false, detail: `${what} was not read, so the change cannot be shown to be safe` };

/**
 * The checks for the facts `preflightReads` asked for, plus the protections the stored resource shows.
 * `facts` undefined: a preview, before any live read.
 */
export function impactChecks(
  action: RemediationAction,
  resource: Resource,
  facts: PreflightFacts | undefined,
): PreflightCheck[] {
  return [
    ...instanceProtection(effectOf(action), resource, facts),
    ...databaseProtection(effectOf(action), resource),
    ...snapshotReferences(effectOf(action), resource, facts),
    ...kmsKey(action, resource, facts),
  ];
}

function instanceProtection(
  effect: ActionEffect,
  resource: Resource,
  facts: PreflightFacts | undefined,
): PreflightCheck[] {
  if (resource.type !== 'ec2:instance' || effect === 'change') return [];
  const protection = facts?.instanceProtection;
  if (!protection)
    return [notRead(facts, 'instance-protection', 'the instance’s stop and termination protection')];
  const termination: PreflightCheck =
    effect === 'delete'
      ? {
          id: 'no-termination-protection',
          passed: !protection.termination,
          detail: protection.termination
            ? 'termination protection is on (disableApiTermination): turn it off in the instance first'
            : 'termination protection is off',
        }
      : {
          id: 'termination-protection',
          passed: true,
          detail: `termination protection is ${protection.termination ? 'on' : 'off'} (a stop does not terminate)`,
        };
  if (effect !== 'stop') return [termination];
  return [
    {
      id: 'no-stop-protection',
      passed: !protection.stop,
      detail: protection.stop
        ? 'stop protection is on (disableApiStop): StopInstances would be refused; turn it off in the instance first'
        : 'stop protection is off',
    },
    termination,
  ];
}

/** Deletion protection refuses only a deletion: a stop or a change of the instance is unaffected. */
function databaseProtection(effect: ActionEffect, resource: Resource): PreflightCheck[] {
  if (resource.type !== 'rds:db-instance' || effect !== 'delete') return [];
  return [
    {
      id: 'no-deletion-protection',
      passed: !resource.attributes.deletionProtection,
      detail: resource.attributes.deletionProtection
        ? 'deletion protection is on'
        : 'deletion protection is off',
    },
  ];
}

function snapshotReferences(
  effect: ActionEffect,
  resource: Resource,
  facts: PreflightFacts | undefined,
): PreflightCheck[] {
  if (resource.type !== 'ec2:snapshot' || effect !== 'delete') return [];
  const references = facts?.snapshotReferences;
  if (!references) {
    return [
      notRead(facts, 'snapshot-not-used-by-ami', 'which AMIs use the snapshot'),
      notRead(facts, 'snapshot-not-used-by-launch-template', 'which launch templates use the snapshot'),
    ];
  }
  return [
    {
      id: 'snapshot-not-used-by-ami',
      passed: references.images.length === 0,
      detail:
        references.images.length === 0
          ? 'no AMI of the account uses the snapshot'
          : `used by ${references.images.join(', ')}: deregister the AMI first`,
    },
    {
      id: 'snapshot-not-used-by-launch-template',
      passed: references.launchTemplateVersions.length === 0,
      detail:
        references.launchTemplateVersions.length === 0
          ? 'no launch template version launches from the snapshot'
          : `launched from by ${references.launchTemplateVersions.join(', ')}: instances launched from it would fail`,
    },
  ];
}

function kmsKey(
  action: RemediationAction,
  resource: Resource,
  facts: PreflightFacts | undefined,
): PreflightCheck[] {
  const keyId = keyOf(resource);
  if (!keyId) return [];
  const key = facts?.kmsKey;
  if (!key) return [notRead(facts, 'kms-key-usable', `the KMS key ${keyId}`)];
  if (key.state === 'AccessDenied') {
    return [
      {
        id: 'kms-key-usable',
        passed: false,
        detail: `encrypted with KMS key ${keyId}, whose key policy refuses the remediation role (DescribeKey was denied)`,
      },
    ];
  }
  const customer = key.manager !== 'AWS';
  const needsKey = resource.type === 'ec2:volume' && effectOf(action) === 'delete';
  const usable = USABLE_KEY_STATES.has(key.state);
  return [
    {
      id: 'kms-key-usable',
      passed: usable,
      detail: usable
        ? `encrypted with ${customer ? 'customer-managed' : 'AWS managed'} KMS key ${keyId} (${key.state})` +
          (needsKey && customer
            ? ': the backup snapshot is encrypted with it, so the remediation role needs a grant on the key'
            : '')
        : `encrypted with KMS key ${keyId}, which is ${key.state}: ${
            key.state === 'PendingDeletion'
              ? 'its data becomes unreadable when the key is deleted; cancel the deletion or decide by hand'
              : 'nothing encrypted with it can be read or copied until it is enabled'
          }`,
    },
  ];
}
