import { Aws, Duration } from 'aws-cdk-lib';
import { ArnPrincipal, CompositePrincipal, Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  ACCOUNT_WRITE_ACTIONS,
  CREATE_TAG_ACTIONS,
  CREATE_WRITE_ACTIONS,
  HUB_REMEDIATION_ROLE_NAME,
  MEMBER_REMEDIATION_ROLE_NAME,
  REMEDIATION_READ_ACTIONS,
  REMEDIATION_TAG,
  TAGGED_WRITE_ACTIONS,
} from '../../functions/shared/contract/remediation';
import { SCHEDULE_PERMISSIONS } from '../../functions/shared/contract/schedule-permissions';
import { HUB_SCHEDULE_ROLE_NAME } from './schedule-workflow';

export interface MemberRemediationRoleProps {
  /** The hub account: only its remediation role may assume this one. */
  readonly hubAccountId: string;
  /** This role's own ExternalId (context `hostmaster:remediationExternalId`), never the scan role's. */
  readonly externalId: string;
  /**
   * Accounts opted in as a whole (context `hostmaster:remediationAccounts`, the hub's list): in them
   * the role may also change what has no tag to condition on (EBS encryption by default, bucket
   * public access blocks). One template serves a whole StackSet, so the statement lists the accounts
   * and each role matches only its own.
   * @default [] (no account-level writes anywhere)
   */
  readonly optedInAccounts?: readonly string[];
}

/**
 * The one role in a member account through which HostMaster changes anything. Separate from the
 * read-only scan role: its own name and ExternalId, trusted only by the hub's remediation role, and
 * allowed only the write actions listed in functions/shared/contract/remediation.ts, each on
 * resources tagged `hostmaster:remediation=allow` (or, for what it creates, only when the request
 * tags the new resource so). An untagged resource is out of its reach whatever the hub asks.
 */
export class MemberRemediationRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: MemberRemediationRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      roleName: MEMBER_REMEDIATION_ROLE_NAME,
      description:
        'HostMaster remediation: listed write actions on resources tagged hostmaster:remediation=allow',
      // The remediation workflow and the scheduler (issue 12) act through this one role.
      assumedBy: new CompositePrincipal(
        new ArnPrincipal(`arn:${Aws.PARTITION}:iam::${props.hubAccountId}:role/${HUB_REMEDIATION_ROLE_NAME}`),
        new ArnPrincipal(`arn:${Aws.PARTITION}:iam::${props.hubAccountId}:role/${HUB_SCHEDULE_ROLE_NAME}`),
      ),
      externalIds: [props.externalId],
      maxSessionDuration: Duration.hours(1),
    });
    const ec2Arn = (resource: string) => `arn:${Aws.PARTITION}:ec2:*:${Aws.ACCOUNT_ID}:${resource}`;
    const rdsSnapshotArn = `arn:${Aws.PARTITION}:rds:*:${Aws.ACCOUNT_ID}:snapshot:*`;
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOnlyOptedInResources',
        effect: Effect.ALLOW,
        // The remediation actions' writes and the scheduler's starts, stops and resizes, one list each.
        actions: [
          ...new Set([
            ...TAGGED_WRITE_ACTIONS,
            ...SCHEDULE_PERMISSIONS.filter((p) => p.optInTagCondition).flatMap((p) => p.actions),
          ]),
        ],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:ResourceTag/${REMEDIATION_TAG.key}`]: REMEDIATION_TAG.value } },
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'CreateOnlyOptedInResources',
        effect: Effect.ALLOW,
        actions: [...CREATE_WRITE_ACTIONS],
        resources: [ec2Arn('snapshot/*'), ec2Arn('volume/*'), rdsSnapshotArn],
        conditions: { StringEquals: { [`aws:RequestTag/${REMEDIATION_TAG.key}`]: REMEDIATION_TAG.value } },
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'TagOnlyWhatItCreates',
        effect: Effect.ALLOW,
        actions: ['ec2:CreateTags'],
        resources: [ec2Arn('snapshot/*'), ec2Arn('volume/*')],
        conditions: { StringEquals: { 'ec2:CreateAction': [...CREATE_TAG_ACTIONS] } },
      }),
    );
    // CreateDBSnapshot with Tags also needs AddTagsToResource; only the opt-in tag's value may be set.
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'TagOnlyOptedInDbSnapshots',
        effect: Effect.ALLOW,
        actions: ['rds:AddTagsToResource'],
        resources: [rdsSnapshotArn],
        conditions: { StringEquals: { [`aws:RequestTag/${REMEDIATION_TAG.key}`]: REMEDIATION_TAG.value } },
      }),
    );
    const optedInAccounts = [...new Set(props.optedInAccounts ?? [])];
    if (optedInAccounts.length > 0) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: 'WriteAnythingInOptedInAccounts',
          effect: Effect.ALLOW,
          // Opted in as a whole means every resource, tagged or not (what the scheduler already
          // assumes), plus what has no tag at all: the same writes, without the tag condition.
          actions: [
            ...new Set([
              ...TAGGED_WRITE_ACTIONS,
              ...SCHEDULE_PERMISSIONS.filter((p) => p.optInTagCondition).flatMap((p) => p.actions),
              ...ACCOUNT_WRITE_ACTIONS,
            ]),
          ],
          resources: ['*'],
          // aws:PrincipalAccount (this role's account, the only one it can change) is in every request
          // context; aws:ResourceAccount is not for calls without a resource ARN such as
          // EnableEbsEncryptionByDefault.
          conditions: { StringEquals: { 'aws:PrincipalAccount': optedInAccounts } },
        }),
      );
    }
    const scheduleReads = SCHEDULE_PERMISSIONS.filter((p) => !p.optInTagCondition && !p.viaService).flatMap(
      (p) => p.actions,
    );
    for (const permission of SCHEDULE_PERMISSIONS.filter((p) => p.viaService)) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: 'KmsGrantForScheduledStartsViaEc2',
          effect: Effect.ALLOW,
          actions: [...permission.actions],
          resources: ['*'],
          conditions: { StringLike: { 'kms:ViaService': `${permission.viaService}.*.amazonaws.com` } },
        }),
      );
    }
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'DescribeForPreflightAndVerify',
        effect: Effect.ALLOW,
        actions: [...new Set([...REMEDIATION_READ_ACTIONS, ...scheduleReads])],
        resources: ['*'],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Writes are limited by the aws:ResourceTag condition (hostmaster:remediation=allow) rather than by ARN: the resources are not known when the member stack deploys. Account-level settings (EBS encryption by default) have no ARN and are limited to the opted-in accounts by aws:PrincipalAccount. Describe* actions do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Backup snapshots and restored volumes get new ids; creating them requires the aws:RequestTag opt-in tag and tagging is limited to those creations (ec2:CreateAction) or to the opt-in tag (RDS).',
          appliesTo: [
            'Resource::arn:<AWS::Partition>:ec2:*:<AWS::AccountId>:snapshot/*',
            'Resource::arn:<AWS::Partition>:ec2:*:<AWS::AccountId>:volume/*',
            'Resource::arn:<AWS::Partition>:rds:*:<AWS::AccountId>:snapshot:*',
          ],
        },
      ],
      true,
    );
  }
}
