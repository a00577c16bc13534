import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  Errors,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { RemediationEnvironment } from '../../functions/shared/contract/environment';
import {
  BACKUP_DEADLINE_HOURS,
  HUB_REMEDIATION_ROLE_NAME,
  MEMBER_REMEDIATION_ROLE_NAME,
  REMEDIATION_BACKUP_WAIT_STATE,
  REMEDIATION_REJECTED_ERROR,
  REMEDIATION_STATES,
  type RemediationStepName,
} from '../../functions/shared/contract/remediation';
import type { RemediationConfig } from '../config';
import type { ApprovalLinkKey } from './approval-link-key';
import { HostMasterFunction, projectPath } from './hostmaster-function';

export interface RemediationWorkflowProps {
  readonly table: ITable;
  readonly remediation: RemediationConfig;
  /** The alerts email topic: requests awaiting approval and finished requests are announced there. */
  readonly emailTopic: ITopic;
  /** Signs the link the approval email carries; the step function may only GenerateMac with it. */
  readonly approvalLinkKey: ApprovalLinkKey;
  /** @default functions/handlers/remediation-step.ts */
  readonly entry?: string;
}

/**
 * Remediation, end to end, as one Step Functions state machine over a request's items:
 * check each item (pre-flight on the live resource, then the exact calls with `DryRun`) → decide →
 * for destructive actions wait for a person's approval (`waitForTaskToken`; the timeout expires the
 * request, a rejection ends it) → for each runnable item, with bounded concurrency: backup (the calls
 * only; while the snapshot is pending a Wait state and a single check loop, up to
 * `BACKUP_DEADLINE_HOURS`, so no Lambda idles) → act → verify (re-collect, re-evaluate the rule), a
 * failure caught per item so it never touches another →
 * finish (final status from the items, audit, notify). Every step records itself before it returns.
 *
 * The step function runs as a role with a fixed name that member remediation roles trust; it may
 * assume only the member remediation role, never the scan role.
 */
export class RemediationWorkflow extends Construct {
  readonly role: Role;
  readonly stepFunction: HostMasterFunction;
  readonly stateMachine: StateMachine;
  /** How long a destructive request waits for a person before it expires. */
  readonly approvalTimeout: Duration;

  constructor(scope: Construct, id: string, props: RemediationWorkflowProps) {
    super(scope, id);
    this.approvalTimeout = Duration.hours(props.remediation.approvalTimeoutHours);
    this.role = new Role(this, 'Role', {
      roleName: HUB_REMEDIATION_ROLE_NAME,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'HostMaster hub remediation: assumes only the member remediation role',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'AssumeMemberRemediationRole',
        effect: Effect.ALLOW,
        actions: ['sts:AssumeRole'],
        resources: [`arn:${Aws.PARTITION}:iam::*:role/${MEMBER_REMEDIATION_ROLE_NAME}`],
      }),
    );
    props.table.grantReadWriteData(this.role);
    props.emailTopic.grantPublish(this.role);
    props.approvalLinkKey.grantGenerate(this.role);

    const environment: Omit<RemediationEnvironment, 'DASHBOARD_URL'> = {
      TABLE_NAME: props.table.tableName,
      REMEDIATION_EXTERNAL_ID: props.remediation.externalId,
      EMAIL_TOPIC_ARN: props.emailTopic.topicArn,
      APPROVAL_LINK_KEY_ID: props.approvalLinkKey.key.keyArn,
      OPTED_IN_ACCOUNTS: props.remediation.optedInAccounts.join(','),
    };
    this.stepFunction = new HostMasterFunction(this, 'StepFunction', {
      entry: props.entry ?? projectPath('functions/handlers/remediation-step.ts'),
      description: 'Runs one step of a remediation request (check, backup, act, verify, ...)',
      // Each step makes a few calls: the wait for a backup is a Wait state, not a Lambda.
      timeout: Duration.minutes(2),
      memorySize: 512,
      role: this.role,
      environment: { ...environment },
    });
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The member remediation role exists in every member account, so the account is a wildcard; the role name is fixed and it also requires its own ExternalId.',
          appliesTo: [`Resource::arn:<AWS::Partition>:iam::*:role/${MEMBER_REMEDIATION_ROLE_NAME}`],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Publishing to the KMS-encrypted alerts topic needs kms:GenerateDataKey* on that topic's key only (grantPublish scopes the resource).",
          appliesTo: ['Action::kms:GenerateDataKey*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Remediations are listed through the table GSI; the grant is scoped to this table.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
        },
      ],
      true,
    );
    this.stateMachine = this.buildStateMachine(props.remediation);
  }

  /** The step function links to the dashboard, known only once the dashboard exists. */
  linkDashboard(url: string): void {
    this.stepFunction.function.addEnvironment('DASHBOARD_URL', url);
  }

  private task(
    name: string,
    step: RemediationStepName,
    fields: Record<string, unknown>,
    pattern?: IntegrationPattern,
  ): LambdaInvoke {
    const waits = pattern === IntegrationPattern.WAIT_FOR_TASK_TOKEN;
    return new LambdaInvoke(this, name, {
      lambdaFunction: this.stepFunction.function,
      payload: TaskInput.fromObject({ step, ...fields }),
      // The act step is never retried by Step Functions: a call that may have run is not sent twice.
      retryOnServiceExceptions: step !== 'act',
      // Steps record their results in the table; the state keeps only the request and item ids.
      resultPath: JsonPath.DISCARD,
      ...(waits ? { integrationPattern: pattern, taskTimeout: Timeout.duration(this.approvalTimeout) } : {}),
    });
  }

  /** A backup step: its `{ pending, waitSeconds }` is kept at `$.backup` for the Choice and the Wait. */
  private backupTask(name: string, step: RemediationStepName, fields: Record<string, unknown>): LambdaInvoke {
    return new LambdaInvoke(this, name, {
      lambdaFunction: this.stepFunction.function,
      payload: TaskInput.fromObject({ step, ...fields }),
      resultSelector: {
        pending: JsonPath.stringAt('$.Payload.pending'),
        waitSeconds: JsonPath.stringAt('$.Payload.waitSeconds'),
      },
      resultPath: '$.backup',
    });
  }

  private buildStateMachine({
    concurrency: maxConcurrency,
    approvalTimeoutHours,
  }: RemediationConfig): StateMachine {
    const request = { remediationId: JsonPath.stringAt('$.remediationId') };
    const item = { ...request, itemId: JsonPath.stringAt('$.itemId') };
    const itemSelector = {
      remediationId: JsonPath.stringAt('$.remediationId'),
      itemId: JsonPath.stringAt('$$.Map.Item.Value'),
    };

    // Check: a failure to even check an item (AWS down, throttled describe) fails that item only.
    const check = this.task(REMEDIATION_STATES.check, 'check', item);
    check.addCatch(
      this.task('RecordCheckFailure', 'item-failed', { ...item, error: JsonPath.objectAt('$.error') }),
      { errors: [Errors.ALL], resultPath: '$.error' },
    );
    // Distributed, not inline, Maps: each item runs as its own child execution with its own history.
    // Inline, a 1,000-item bulk request would write about 35 events an item (7 to check, 28 to run
    // with one backup check) into the one execution's history: 35,000, past Step Functions'
    // 25,000-event limit, and more with every further backup check. Children are Standard, not Express: Express children run at least
    // once, and an item's act must run at most once.
    const checkEach = new DistributedMap(this, 'CheckEachItem', {
      label: 'CheckItems',
      itemsPath: JsonPath.stringAt('$.itemIds'),
      itemSelector,
      maxConcurrency,
      mapExecutionType: StateMachineType.STANDARD,
      // Items record their results in the table; collecting them here would hit the 256 KB payload limit.
      resultPath: JsonPath.DISCARD,
    });
    checkEach.itemProcessor(check);

    const decide = new LambdaInvoke(this, REMEDIATION_STATES.decide, {
      lambdaFunction: this.stepFunction.function,
      payload: TaskInput.fromObject({
        step: 'decide',
        ...request,
        approvalTimeoutSeconds: this.approvalTimeout.toSeconds(),
      }),
      resultSelector: {
        anyRunnable: JsonPath.stringAt('$.Payload.anyRunnable'),
        needsApproval: JsonPath.stringAt('$.Payload.needsApproval'),
        runnable: JsonPath.stringAt('$.Payload.runnable'),
      },
      resultPath: '$.decision',
    });

    const finish = this.task(REMEDIATION_STATES.finish, 'finish', request);
    const expire = this.task(REMEDIATION_STATES.expire, 'expire', request);
    const approval = this.task(
      REMEDIATION_STATES.approval,
      'request-approval',
      { ...request, taskToken: JsonPath.taskToken },
      IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    );
    // ResultPath keeps the request beside the error, so the next state still knows which request it is.
    approval.addCatch(expire, { errors: [Errors.TIMEOUT], resultPath: '$.error' });
    approval.addCatch(finish, { errors: [REMEDIATION_REJECTED_ERROR], resultPath: '$.error' });

    // The backup steps tell the Choice whether the backup is still pending and how long to wait.
    const backup = this.backupTask(REMEDIATION_STATES.backup, 'backup', item);
    const checkBackup = this.backupTask(REMEDIATION_STATES.backupStatus, 'backup-status', {
      ...item,
      backupDeadlineSeconds: Duration.hours(BACKUP_DEADLINE_HOURS).toSeconds(),
    });
    const act = this.task(REMEDIATION_STATES.act, 'act', item);
    const verify = this.task(REMEDIATION_STATES.verify, 'verify', item);
    const itemFailed = this.task(REMEDIATION_STATES.itemFailed, 'item-failed', {
      ...item,
      error: JsonPath.objectAt('$.error'),
    });
    for (const step of [backup, checkBackup, act, verify])
      step.addCatch(itemFailed, { errors: [Errors.ALL], resultPath: '$.error' });
    const waitForBackup = new Wait(this, REMEDIATION_BACKUP_WAIT_STATE, {
      time: WaitTime.secondsPath('$.backup.waitSeconds'),
    });
    const backupPending = new Choice(this, 'BackupPending')
      .when(Condition.booleanEquals('$.backup.pending', true), waitForBackup)
      .otherwise(act);
    waitForBackup.next(checkBackup).next(backupPending);
    act.next(verify);
    const runEach = new DistributedMap(this, 'RunEachItem', {
      label: 'RunItems',
      itemsPath: JsonPath.stringAt('$.decision.runnable'),
      itemSelector,
      maxConcurrency,
      mapExecutionType: StateMachineType.STANDARD,
      resultPath: JsonPath.DISCARD,
    });
    runEach.itemProcessor(backup.next(backupPending));

    const requestFailed = this.task(REMEDIATION_STATES.failRequest, 'request-failed', {
      ...request,
      error: JsonPath.objectAt('$.error'),
    }).next(
      new Fail(this, 'RequestFailed', {
        error: 'RemediationFailed',
        cause: 'see the request on the dashboard',
      }),
    );
    for (const state of [checkEach, decide, runEach, finish]) {
      state.addCatch(requestFailed, { errors: [Errors.ALL], resultPath: '$.error' });
    }

    const definition = checkEach
      .next(decide)
      .next(
        new Choice(this, 'AnyItemRunnable')
          .when(Condition.booleanEquals('$.decision.anyRunnable', false), finish)
          .when(Condition.booleanEquals('$.decision.needsApproval', true), approval.next(runEach))
          .otherwise(runEach),
      );
    runEach.next(finish);
    expire.next(new Succeed(this, 'Expired'));

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-remediation`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(definition),
      stateMachineType: StateMachineType.STANDARD,
      // Approval may wait up to its timeout and a backup up to its deadline; a day more is plenty for the rest.
      timeout: Duration.hours(approvalTimeoutHours + BACKUP_DEADLINE_HOURS + 24),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    NagSuppressions.addResourceSuppressions(
      stateMachine.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CloudWatch Logs delivery and X-Ray actions that Step Functions needs for logging and tracing do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Invoking the step function includes its versions and aliases (<arn>:*).',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );
    // The Distributed Maps' own policy sits on the state machine, beside its role.
    NagSuppressions.addResourceSuppressions(
      stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The Distributed Maps describe and stop the child executions of their own Map Runs (one per item), whose names are made up per run (execution:<state machine>:* and execution:<state machine>/<label>:*).',
          appliesTo: [
            {
              regex:
                '/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.+:\\*$/',
            },
          ],
        },
      ],
      true,
    );
    return stateMachine;
  }
}
