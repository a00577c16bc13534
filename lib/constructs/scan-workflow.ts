import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  DistributedMap,
  Errors,
  JitterType,
  JsonPath,
  LogLevel,
  ResultWriterV2,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ScanEnvironment, ScanPlanEnvironment } from '../../functions/shared/contract/environment';
import {
  SCAN_OBJECTS,
  SCAN_STATES,
  SCAN_TIMEOUT_MINUTES,
} from '../../functions/shared/contract/state-machine';
import type { CrossAccountConfig, ScanConfig } from '../config';
import { HostMasterFunction, LAMBDA_SERVICE_ERRORS, projectPath } from './hostmaster-function';
import { WorkBucket } from './work-bucket';

/** Name of the last state, which runs functions/handlers/analyze.ts once every job has finished. */
export const ANALYZE_STATE = SCAN_STATES.analyze;

/** An Express execution lasts at most 5 minutes (Step Functions quotas). */
const EXPRESS_EXECUTION_LIMIT = Duration.minutes(5);
/** The worker's Retry: attempts in all, and the first interval, doubled each time. */
const WORKER_ATTEMPTS = 3;
const WORKER_RETRY_INTERVAL = Duration.seconds(2);
/**
 * The worker's timeout in an Express child: three attempts, their two backoff waits and some slack
 * must fit in the child's 5 minutes, or a slow job would be cut off before its Catch could
 * dead-letter it (a timed-out child fails as a whole, and only counts against the tolerance).
 */
export const EXPRESS_WORKER_TIMEOUT = Duration.seconds(90);
/** In a Standard child (or nothing caps the child), a job may take as long as a large region needs. */
const STANDARD_WORKER_TIMEOUT = Duration.minutes(10);
const CDK_RESULT_WRITER_V2 = '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2';

export interface ScanWorkflowProps {
  /** Where the plan and the workers store scan runs and inventory. */
  readonly table: ITable;
  readonly scan: ScanConfig;
  readonly crossAccount: CrossAccountConfig;
  /** The Analyze function, invoked once after every job of a scan has finished (see Analysis). */
  readonly analyze: IFunction;
  /**
   * Handler entry files.
   * @default functions/handlers/scan-plan.ts and functions/handlers/scan-worker.ts
   */
  readonly entries?: { readonly plan: string; readonly worker: string };
}

/**
 * A scan, end to end: EventBridge Scheduler starts a Step Functions execution; the plan task lists
 * the (account, region) jobs and writes them to S3; a Distributed Map reads them from there (so 17,000
 * jobs never pass through the 256 KB state payload) and runs one child execution per job with bounded
 * concurrency (the parent's history stays a few dozen events, far from the 25,000 limit), retries with
 * full-jitter backoff, parks a job that still fails in a dead-letter queue without stopping the others
 * ("fail small") and writes the Map Run's results to S3; the Analyze task then runs the rules.
 *
 * Both functions run as one role with a fixed name, because member accounts' trust policies must name
 * it; that role may assume only the member role, in any account, and list the organization's accounts.
 */
export class ScanWorkflow extends Construct {
  readonly scanRole: Role;
  readonly planFunction: HostMasterFunction;
  readonly workerFunction: HostMasterFunction;
  readonly deadLetterQueue: Queue;
  /** Where the plan writes each scan's jobs and the Distributed Map writes its results. */
  readonly workBucket: WorkBucket;
  readonly stateMachine: StateMachine;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScanWorkflowProps) {
    super(scope, id);
    const { scan, crossAccount } = props;
    // ResultWriterV2 renders the ResultWriter the current Step Functions API documents.
    this.node.setContext(CDK_RESULT_WRITER_V2, true);
    this.workBucket = new WorkBucket(this, 'WorkBucket');

    this.scanRole = new Role(this, 'ScanRole', {
      roleName: crossAccount.hubScanRoleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'HostMaster hub scanning role: assumes the read-only member role in each account',
    });
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'AssumeMemberScanRole',
        effect: Effect.ALLOW,
        actions: ['sts:AssumeRole'],
        resources: [`arn:${Aws.PARTITION}:iam::*:role/${crossAccount.memberRoleName}`],
      }),
    );
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'ListOrganizationAccounts',
        effect: Effect.ALLOW,
        actions: ['organizations:ListAccounts'],
        resources: ['*'],
      }),
    );
    props.table.grantReadWriteData(this.scanRole);
    NagSuppressions.addResourceSuppressions(
      this.scanRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The member role exists in every scanned account, so the account is a wildcard; the role name is fixed and member roles also require the ExternalId.',
          appliesTo: [`Resource::arn:<AWS::Partition>:iam::*:role/${crossAccount.memberRoleName}`],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'organizations:ListAccounts, xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Scan runs are read and written through the table GSI; the grant is scoped to this table.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
        },
      ],
      true,
    );

    const environment: ScanEnvironment = {
      TABLE_NAME: props.table.tableName,
      MEMBER_ROLE_NAME: crossAccount.memberRoleName,
      EXTERNAL_ID: crossAccount.externalId,
      ACCOUNT_SOURCE: scan.accountSource,
      MEMBER_ACCOUNTS: scan.memberAccounts.join(','),
      REGIONS_ALLOW: scan.regionsAllow.join(','),
      REGIONS_DENY: scan.regionsDeny.join(','),
      ...(scan.managementAccountId ? { MANAGEMENT_ACCOUNT_ID: scan.managementAccountId } : {}),
    };
    this.planFunction = new HostMasterFunction(this, 'PlanFunction', {
      entry: props.entries?.plan ?? projectPath('functions/handlers/scan-plan.ts'),
      description: 'Lists the (account, region) jobs of a scan',
      timeout: Duration.minutes(2),
      role: this.scanRole,
      environment: {
        ...environment,
        SCAN_BUCKET_NAME: this.workBucket.bucket.bucketName,
      } satisfies ScanPlanEnvironment,
    });
    // Only what the plan writes (the shared role's workers get the same, and never use it).
    this.scanRole.addToPolicy(
      new PolicyStatement({
        sid: 'WriteScanJobs',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.workBucket.bucket.arnForObjects('scans/*')],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.scanRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "The plan writes each scan's jobs to scans/<scanId>/jobs.jsonl, a key named per scan, in the work bucket only.",
          appliesTo: [{ regex: '/^Resource::<.+WorkBucket.+\\.Arn>\\/scans\\/\\*$/' }],
        },
      ],
      true,
    );
    this.workerFunction = new HostMasterFunction(this, 'WorkerFunction', {
      entry: props.entries?.worker ?? projectPath('functions/handlers/scan-worker.ts'),
      description: 'Scans one account and region',
      timeout: scan.childExecutions === 'EXPRESS' ? EXPRESS_WORKER_TIMEOUT : STANDARD_WORKER_TIMEOUT,
      memorySize: 1024,
      role: this.scanRole,
      environment: { ...environment },
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the scan state machine.',
      },
    ]);

    this.stateMachine = this.buildStateMachine(scan, props.analyze);

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(scan.rate),
      description: 'Starts a HostMaster scan',
      timeWindow: TimeWindow.off(),
      target: new StepFunctionsStartExecution(this.stateMachine, {
        input: ScheduleTargetInput.fromObject({
          trigger: 'schedule',
          scheduledTime: ContextAttribute.scheduledTime,
        }),
        retryAttempts: 2,
      }),
    });
  }

  private buildStateMachine(scan: ScanConfig, analyzeFunction: IFunction): StateMachine {
    const plan = new LambdaInvoke(this, SCAN_STATES.plan, {
      lambdaFunction: this.planFunction.function,
      outputPath: '$.Payload',
    });

    // Retries are declared here (not by the task's defaults) so service errors and task failures share
    // one policy: three attempts, doubling backoff, full jitter so parallel jobs do not retry in step.
    const worker = new LambdaInvoke(this, SCAN_STATES.worker, {
      lambdaFunction: this.workerFunction.function,
      retryOnServiceExceptions: false,
      outputPath: '$.Payload',
    });
    worker.addRetry({
      errors: [...LAMBDA_SERVICE_ERRORS, Errors.TASKS_FAILED],
      interval: WORKER_RETRY_INTERVAL,
      backoffRate: 2,
      maxAttempts: WORKER_ATTEMPTS,
      jitterStrategy: JitterType.FULL,
    });
    const deadLetter = new SqsSendMessage(this, SCAN_STATES.deadLetter, {
      queue: this.deadLetterQueue,
      messageBody: TaskInput.fromJsonPathAt('$'),
      resultPath: JsonPath.DISCARD,
    });
    // ResultPath keeps the job beside the error: without it the error would replace the input and the
    // dead-letter message could not say which account and region failed.
    worker.addCatch(deadLetter, { errors: [Errors.ALL], resultPath: '$.error' });

    const bucket = this.workBucket.bucket;
    const childType =
      scan.childExecutions === 'EXPRESS' ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    const scanEachJob = new DistributedMap(this, SCAN_STATES.scanEachJob, {
      label: 'ScanJobs',
      itemReader: new S3JsonLItemReader({ bucket, key: JsonPath.stringAt('$.jobs.key') }),
      itemSelector: {
        scanId: JsonPath.stringAt('$.scanId'),
        accountId: JsonPath.stringAt('$$.Map.Item.Value.accountId'),
        // The plan sets it on every job (null when unknown): a missing path would fail the Map.
        accountName: JsonPath.stringAt('$$.Map.Item.Value.accountName'),
        region: JsonPath.stringAt('$$.Map.Item.Value.region'),
      },
      maxConcurrency: scan.concurrency,
      toleratedFailurePercentage: scan.toleratedFailurePercentage,
      mapExecutionType: childType,
      // Each child's output (the job's ScanRun) goes to S3, never into the parent's state.
      resultWriterV2: new ResultWriterV2({ bucket, prefix: SCAN_OBJECTS.resultsPrefix }),
      // Only where the results are (the Map Run's ARN and the manifest's key) joins the state.
      resultSelector: {
        mapRunArn: JsonPath.stringAt('$.MapRunArn'),
        results: JsonPath.objectAt('$.ResultWriterDetails'),
      },
      resultPath: '$.scanResults',
    });
    scanEachJob.itemProcessor(worker);
    if (childType === StateMachineType.EXPRESS) assertFitsExpress(this.workerFunction.function.timeout);

    // Once per scan rather than once per job: the rules see the whole organization (cross-account
    // rules, totals) and findings are reconciled in one pass. The execution's output stays the plan.
    const analyze = new LambdaInvoke(this, ANALYZE_STATE, {
      lambdaFunction: analyzeFunction,
      payload: TaskInput.fromObject({ scanId: JsonPath.stringAt('$.scanId'), trigger: 'scan' }),
      resultPath: JsonPath.DISCARD,
    });

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions from growing the account's log resource policy.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-scan`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(plan.next(scanEachJob).next(analyze)),
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.minutes(SCAN_TIMEOUT_MINUTES),
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
          reason:
            'Invoking the plan, worker and analyze functions includes their versions and aliases (<arn>:*).',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/' }],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The Distributed Map reads the jobs object and writes result objects under keys named per scan and per Map Run, inside the scan work bucket only.',
          appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:s3:::<.+WorkBucket.+>\\/\\*$/' }],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'A Distributed Map describes and stops the child executions of its own Map Runs, whose names are made up per run (execution:<state machine>:* and execution:<state machine>/<label>:*).',
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

/** Three worker attempts and their backoff must end before an Express child's 5 minutes do. */
function assertFitsExpress(timeout: Duration | undefined): void {
  const attempts = (timeout ?? STANDARD_WORKER_TIMEOUT).toSeconds() * WORKER_ATTEMPTS;
  const waits = WORKER_RETRY_INTERVAL.toSeconds() * (2 ** (WORKER_ATTEMPTS - 1) - 1) * 2;
  if (attempts + waits > EXPRESS_EXECUTION_LIMIT.toSeconds()) {
    throw new Error(
      `the scan worker's ${WORKER_ATTEMPTS} attempts of ${timeout?.toSeconds()} s do not fit an Express child execution's 5 minutes`,
    );
  }
}
