/** Every remediation action, in one list: an action file that is not listed here fails a test. */
import type { RemediationAction } from './action';
import { ebsDeleteOrphanedSnapshot } from './actions/ebs-delete-orphaned-snapshot';
import { ebsDeleteUnattachedVolume } from './actions/ebs-delete-unattached-volume';
import { ebsEnableDefaultEncryption } from './actions/ebs-enable-default-encryption';
import { ebsGp2ToGp3 } from './actions/ebs-gp2-to-gp3';
import { ec2ReleaseElasticIp } from './actions/ec2-release-elastic-ip';
import { ec2StopIdleInstance } from './actions/ec2-stop-idle-instance';
import { rdsStopIdleInstance } from './actions/rds-stop-idle-instance';
import { s3BlockPublicAccess } from './actions/s3-block-public-access';
import { sgRevokeOpenIngress } from './actions/sg-revoke-open-ingress';

export const ALL_ACTIONS: readonly RemediationAction[] = [
  ebsDeleteUnattachedVolume,
  ec2StopIdleInstance,
  ebsGp2ToGp3,
  ec2ReleaseElasticIp,
  ebsDeleteOrphanedSnapshot,
  sgRevokeOpenIngress,
  s3BlockPublicAccess,
  rdsStopIdleInstance,
  ebsEnableDefaultEncryption,
];

const BY_ID = new Map(ALL_ACTIONS.map((action) => [action.id, action]));

export function actionById(id: string): RemediationAction | undefined {
  return BY_ID.get(id);
}

/** The actions that fix findings of a rule (most rules have one, some none). */
export function actionsForRule(ruleId: string): readonly RemediationAction[] {
  return ALL_ACTIONS.filter((action) => action.fixes.includes(ruleId));
}
