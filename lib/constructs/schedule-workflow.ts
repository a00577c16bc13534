import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  DefinitionBody,
  Errors,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ScheduleEnvironment } from '../../functions/shared/contract/environment';
import { SCHEDULE_STATES } from '../../functions/shared/contract/schedule-state-machine';
import type { ScheduleConfig } from '../config';
import { HostMasterFunction, LAMBDA_SERVICE_ERRORS, projectPath } from './hostmaster-function';

/** Name of the hub role the tick functions run as: the member remediation role must trust it. */
export const HUB_SCHEDULE_ROLE_NAME = 'HostMasterHubScheduleRole';

export interface ScheduleWorkflowProps {
  /** Schedules, overrides, records, inventory and expected changes live here. */
  readonly table: ITable;
  readonly schedules: ScheduleConfig;
  /**
   * Handler entry files.
   * @default functions/handlers/schedule-plan.ts and functions/handlers/schedule-worker.ts
   */
  readonly entries?: { readonly plan: string; readonly worker: string };
}

/**
 * The scheduler's engine: EventBridge Scheduler starts an execution every `rate` (5 minutes by
 * default); the plan task fixes the instant and lists the scopes with scheduled resources; a Map
 * ticks each (account, region) with bounded concurrency and jittered retries, and a scope that still
 * fails is recorded beside its input without stopping the others. The functions act only through the
 * member remediation role (issue 11): its name and ExternalId come from the configuration.
 */
export class ScheduleWorkflow extends Construct {
  readonly role: Role;
  readonly planFunction: HostMasterFunction;
  readonly workerFunction: HostMasterFunction;
  readonly stateMachine: StateMachine;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScheduleWorkflowProps) {
    super(scope, id);
    const { schedules } = props;
    this.role = new Role(this, 'Role', {
      roleName: HUB_SCHEDULE_ROLE_NAME,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'HostMaster scheduler: assumes the member remediation role to start and stop scheduled resources',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'AssumeMemberRemediationRole',
        effect: Effect.ALLOW,
        actions: ['sts:AssumeRole'],
        resources: [`arn:${Aws.PARTITION}:iam::*:role/${schedules.remediationRoleName}`],
      }),
    );
    props.table.grantReadWriteData(this.role);
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The remediation role exists in every member account, so the account is a wildcard; its name is fixed and it requires its ExternalId.',
          appliesTo: [`Resource::arn:<AWS::Partition>:iam::*:role/${schedules.remediationRoleName}`],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Activity is read per resource through the table GSI; the grant is scoped to this table.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
        },
      ],
      true,
    );

    const environment: ScheduleEnvironment = {
      TABLE_NAME: props.table.tableName,
      REMEDIATION_ROLE_NAME: schedules.remediationRoleName,
      REMEDIATION_EXTERNAL_ID: schedules.remediationExternalId,
      OPTED_IN_ACCOUNTS: schedules.optedInAccounts.join(','),
    };
    this.planFunction = new HostMasterFunction(this, 'PlanFunction', {
      entry: props.entries?.plan ?? projectPath('functions/handlers/schedule-plan.ts'),
      description: 'Lists the (account, region) scopes of a scheduler tick',
      timeout: Duration.minutes(1),
      role: this.role,
      environment: { ...environment },
    });
    this.workerFunction = new HostMasterFunction(this, 'WorkerFunction', {
      entry: props.entries?.worker ?? projectPath('functions/handlers/schedule-worker.ts'),
      description: 'Starts and stops the scheduled resources of one account and region',
      timeout: Duration.minutes(4),
      memorySize: 512,
      role: this.role,
      environment: { ...environment },
    });

    const plan = new LambdaInvoke(this, SCHEDULE_STATES.plan, {
      lambdaFunction: this.planFunction.function,
      outputPath: '$.Payload',
    });
    const worker = new LambdaInvoke(this, SCHEDULE_STATES.worker, {
      lambdaFunction: this.workerFunction.function,
      retryOnServiceExceptions: false,
      outputPath: '$.Payload',
    });
    worker.addRetry({
      errors: [...LAMBDA_SERVICE_ERRORS, Errors.TASKS_FAILED],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 2,
      jitterStrategy: JitterType.FULL,
    });
    // ResultPath keeps the scope beside the error, so the execution history says which one failed.
    worker.addCatch(new Pass(this, SCHEDULE_STATES.failed), { errors: [Errors.ALL], resultPath: '$.error' });
    const tickEachScope = new MapState(this, SCHEDULE_STATES.tickEachScope, {
      itemsPath: JsonPath.stringAt('$.scopes'),
      itemSelector: {
        at: JsonPath.stringAt('$.at'),
        accountId: JsonPath.stringAt('$$.Map.Item.Value.accountId'),
        region: JsonPath.stringAt('$$.Map.Item.Value.region'),
      },
      maxConcurrency: schedules.concurrency,
      resultPath: JsonPath.DISCARD,
    });
    tickEachScope.itemProcessor(worker);

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-schedule`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(plan.next(tickEachScope)),
      stateMachineType: StateMachineType.STANDARD,
      // A tick that outlives the next one would act on a stale instant.
      timeout: Duration.minutes(5),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    NagSuppressions.addResourceSuppressions(
      this.stateMachine.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CloudWatch Logs delivery and X-Ray actions for logging and tracing do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Invoking the plan and worker functions includes their versions and aliases (<arn>:*).',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(schedules.rate),
      description: 'Starts a HostMaster scheduler tick',
      timeWindow: TimeWindow.off(),
      target: new StepFunctionsStartExecution(this.stateMachine, {
        input: ScheduleTargetInput.fromObject({
          trigger: 'schedule',
          scheduledTime: ContextAttribute.scheduledTime,
        }),
        retryAttempts: 1,
      }),
    });
  }
}
