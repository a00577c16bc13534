import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  Aspects,
  Aws,
  BootstraplessSynthesizer,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  CfnResource,
  Duration,
  Fn,
  type IAspect,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
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
import type { Construct, IConstruct } from 'constructs';
import { CONTEXT, readMemberConfig } from './config';
import { FORWARDED_EVENTS } from './constructs/member-event-bus';
import { MemberRemediationRole } from './constructs/member-remediation-role';

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

/** CloudFormation's limit on an inline TemplateBody, in bytes. */
export const TEMPLATE_BODY_LIMIT = 51_200;

/** The member template's parameters, which the hub's StackSet fills in. */
export const MEMBER_PARAMETERS = {
  hubAccountId: 'HubAccountId',
  hubRegion: 'HubRegion',
  accountWideRegion: 'AccountWideRegion',
} as const;

/**
 * Deployed into every watched account (by hand or as the hub's StackSet): the read-only role the hub
 * assumes to scan, and a rule that forwards health-relevant events to the hub bus.
 *
 * The hub must be deployed first: IAM rejects a trust policy naming a role that does not exist yet.
 * The hub account and region come from context (`hostmaster:hubAccountId`, `hostmaster:hubRegion`);
 * when empty the template takes them as the `HubAccountId` and `HubRegion` parameters instead, so one
 * synthesized template serves a StackSet.
 *
 * A StackSet deploys one stack instance per account and region, but IAM is global: everything here
 * except the forwarding rule and its role is account-wide and created only by the instance in the
 * `AccountWideRegion` parameter's region (every instance when it is empty, as in a one-region
 * deployment by hand). Resources added to this stack are account-wide unless listed as regional.
 */
export class HostMasterMemberStack extends Stack {
  readonly scanRole: Role;
  readonly remediationRole: MemberRemediationRole;
  readonly forwardRule: Rule;
  /** True in the stack instance that creates the account-wide resources. */
  readonly accountWideCondition: CfnCondition;

  constructor(scope: Construct, id: string, props: MemberStackProps = {}) {
    super(scope, id, {
      description:
        'HostMaster member: read-only scan role, tag-limited remediation role and event forwarding to the hub',
      ...props,
    });
    const config = readMemberConfig(this);
    const hubAccountId = config.hubAccountId ?? this.hubAccountParameter().valueAsString;
    const hubRegion = config.hubRegion ?? this.hubRegionParameter();
    const { crossAccount } = config;
    this.accountWideCondition = this.accountWideRegionCondition();

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

    this.remediationRole = new MemberRemediationRole(this, 'Remediation', {
      hubAccountId,
      externalId: config.remediationExternalId,
      optedInAccounts: config.remediationAccounts,
    });

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
    new CfnOutput(this, 'RemediationRoleArn', {
      value: this.remediationRole.role.roleArn,
      description:
        'Role the HostMaster hub remediates through, on resources tagged hostmaster:remediation=allow',
    });
    Aspects.of(this).add(new AccountWideOnlyOnce(this.accountWideCondition, [forwardRole, this.forwardRule]));
  }

  private accountWideRegionCondition(): CfnCondition {
    const region = new CfnParameter(this, MEMBER_PARAMETERS.accountWideRegion, {
      type: 'String',
      default: '',
      description:
        'Region whose stack instance creates the account-wide resources (the IAM scan role); empty creates them in this stack',
      allowedPattern: '^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d)?$',
    });
    return new CfnCondition(this, 'CreatesAccountWideResources', {
      expression: Fn.conditionOr(
        Fn.conditionEquals(region.valueAsString, ''),
        Fn.conditionEquals(region.valueAsString, Aws.REGION),
      ),
    });
  }

  private hubRegionParameter(): string {
    const region = new CfnParameter(this, MEMBER_PARAMETERS.hubRegion, {
      type: 'String',
      default: '',
      description:
        "Region of the HostMaster hub event bus; empty means this stack's region (set context hostmaster:hubRegion to bake it in)",
      allowedPattern: '^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d)?$',
    });
    const given = new CfnCondition(this, 'HubRegionGiven', {
      expression: Fn.conditionNot(Fn.conditionEquals(region.valueAsString, '')),
    });
    return Token.asString(Fn.conditionIf(given.logicalId, region.valueAsString, Aws.REGION));
  }

  private hubAccountParameter(): CfnParameter {
    return new CfnParameter(this, MEMBER_PARAMETERS.hubAccountId, {
      type: 'String',
      description: 'AWS account id of the HostMaster hub (set context hostmaster:hubAccountId to bake it in)',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'the hub account id is 12 digits',
    });
  }
}

/**
 * Puts every resource and output of the stack, except the regional ones, under the account-wide
 * condition, so that a StackSet over several regions creates the named IAM role once per account.
 */
class AccountWideOnlyOnce implements IAspect {
  constructor(
    private readonly condition: CfnCondition,
    private readonly regional: readonly IConstruct[],
  ) {}

  visit(node: IConstruct): void {
    if (this.regional.some((scope) => node.node.scopes.includes(scope))) return;
    if (node instanceof CfnResource && !node.cfnOptions.condition) node.cfnOptions.condition = this.condition;
    if (node instanceof CfnOutput && !node.condition) node.condition = this.condition;
  }
}

/**
 * The member stack's template for the hub's StackSet: synthesized in an app of its own with the
 * hub's context, with the hub account and region left as parameters, and with a bootstrapless
 * synthesizer, so member accounts need no CDK bootstrap (it fails the synth if an asset is added).
 */
export function synthesizeMemberTemplate(scope: Construct): string {
  const outdir = mkdtempSync(join(tmpdir(), 'hostmaster-member-'));
  try {
    const app = new App({
      outdir,
      autoSynth: false,
      context: {
        ...scope.node.getAllContext(),
        [CONTEXT.hubAccountId]: '',
        [CONTEXT.hubRegion]: '',
      },
    });
    const stack = new HostMasterMemberStack(app, 'HostMasterMember', {
      synthesizer: new BootstraplessSynthesizer(),
    });
    const body = JSON.stringify(app.synth().getStackByName(stack.stackName).template);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > TEMPLATE_BODY_LIMIT) {
      throw new Error(
        `The member template is ${bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte TemplateBody limit`,
      );
    }
    return body;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
