import { Aws, CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import {
  ArnPrincipal,
  Effect,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { readMemberConfig } from './config';
import { FORWARDED_EVENTS } from './constructs/member-event-bus';

/**
 * Data-plane reads the scan role must never make, even though SecurityAudit or ViewOnlyAccess might
 * grant them now or in a future revision of those AWS-managed policies: HostMaster reads metadata,
 * never contents, secrets or keys.
 */
export const DENIED_DATA_PLANE_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ExecuteStatement',
  'dynamodb:PartiQLSelect',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter*',
  'kms:Decrypt',
  'rds-data:*',
  'lambda:GetFunction',
  'ec2:GetPasswordData',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
] as const;

/**
 * Reads the hub makes through this role beyond the managed policies: utilization metrics in every
 * account, and costs in the payer account (elsewhere Cost Explorer returns only that account's costs).
 */
export const MEMBER_READ_ACTIONS = {
  utilization: ['cloudwatch:GetMetricData'],
  costs: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
} as const;

export type MemberStackProps = StackProps;

/**
 * Deployed into every watched account (by hand or as a StackSet): the read-only role the hub assumes
 * to scan, and a rule that forwards health-relevant events to the hub bus.
 *
 * The hub must be deployed first: IAM rejects a trust policy naming a role that does not exist yet.
 * The hub account comes from context `hostmaster:hubAccountId`; when that is empty the template takes
 * it as the `HubAccountId` parameter instead, so one synthesized template serves a StackSet.
 */
export class HostMasterMemberStack extends Stack {
  readonly scanRole: Role;
  readonly forwardRule: Rule;

  constructor(scope: Construct, id: string, props: MemberStackProps = {}) {
    super(scope, id, {
      description: 'HostMaster member: read-only scan role and event forwarding to the hub',
      ...props,
    });
    const config = readMemberConfig(this);
    const hubAccountId = config.hubAccountId ?? this.hubAccountParameter().valueAsString;
    const hubRegion = config.hubRegion ?? Aws.REGION;
    const { crossAccount } = config;

    this.scanRole = new Role(this, 'ScanRole', {
      roleName: crossAccount.memberRoleName,
      description: 'Read-only role the HostMaster hub assumes to scan this account',
      assumedBy: new ArnPrincipal(
        `arn:${Aws.PARTITION}:iam::${hubAccountId}:role/${crossAccount.hubScanRoleName}`,
      ),
      externalIds: [crossAccount.externalId],
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit'),
        ManagedPolicy.fromAwsManagedPolicyName('job-function/ViewOnlyAccess'),
      ],
    });
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'DenyDataPlaneReads',
        effect: Effect.DENY,
        actions: [...DENIED_DATA_PLANE_ACTIONS],
        resources: ['*'],
      }),
    );
    // Granted explicitly rather than relied on from the managed policies, which are list-and-describe
    // policies whose coverage of metric data and Cost Explorer AWS may change at any revision.
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'ReadUtilizationMetrics',
        effect: Effect.ALLOW,
        actions: [...MEMBER_READ_ACTIONS.utilization],
        resources: ['*'],
      }),
    );
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'ReadCostExplorer',
        effect: Effect.ALLOW,
        actions: [...MEMBER_READ_ACTIONS.costs],
        resources: ['*'],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.scanRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'cloudwatch:GetMetricData, ce:GetCostAndUsage and ce:GetCostForecast do not support resource-level permissions; the data-plane deny above still applies.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'SecurityAudit and ViewOnlyAccess are the AWS-maintained read-only policies that follow new services and APIs; data-plane reads are denied explicitly on this role.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/SecurityAudit',
            'Policy::arn:<AWS::Partition>:iam::aws:policy/job-function/ViewOnlyAccess',
          ],
        },
      ],
      true,
    );

    const hubBusArn = `arn:${Aws.PARTITION}:events:${hubRegion}:${hubAccountId}:event-bus/${crossAccount.eventBusName}`;
    const forwardRole = new Role(this, 'ForwardRole', {
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
      description: 'Lets EventBridge put forwarded events on the HostMaster hub bus',
    });
    forwardRole.addToPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['events:PutEvents'], resources: [hubBusArn] }),
    );
    this.forwardRule = new Rule(this, 'ForwardToHub', {
      description: 'Forwards EC2 state changes, AWS Health and RDS events to the HostMaster hub',
      eventPattern: { source: [...FORWARDED_EVENTS.source], detailType: [...FORWARDED_EVENTS.detailType] },
      targets: [
        new EventBusTarget(EventBus.fromEventBusArn(this, 'HubBus', hubBusArn), { role: forwardRole }),
      ],
    });

    new CfnOutput(this, 'ScanRoleArn', {
      value: this.scanRole.roleArn,
      description: 'Role the HostMaster hub assumes in this account',
    });
  }

  private hubAccountParameter(): CfnParameter {
    return new CfnParameter(this, 'HubAccountId', {
      type: 'String',
      description: 'AWS account id of the HostMaster hub (set context hostmaster:hubAccountId to bake it in)',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'the hub account id is 12 digits',
    });
  }
}
