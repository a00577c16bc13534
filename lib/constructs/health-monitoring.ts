import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { HealthConfig } from '../config';
import type { Alerts } from './alerts';
import { scheduleFunction } from './function-schedule';
import { HostMasterFunction, projectPath } from './hostmaster-function';
import { FORWARDED_EVENTS } from './member-event-bus';

export interface HealthMonitoringProps {
  /** Alerts, their delivery ledger and the inventory the checks read. */
  readonly table: ITable;
  /** The topics alerts are published to. */
  readonly alerts: Alerts;
  /** The hub bus member accounts forward EC2, AWS Health and RDS events to. */
  readonly eventBus: IEventBus;
  /** Linked from every alert message. */
  readonly dashboardUrl: string;
  readonly health: HealthConfig;
  /** @default functions/handlers/health-event.ts and functions/handlers/health-check.ts */
  readonly entries?: { readonly event: string; readonly check: string };
}

/**
 * Health alerting on two clocks: forwarded events become alerts within seconds (a rule on the member
 * bus invokes the event handler; an event that fails every retry is kept in a dead-letter queue), and
 * a scheduled check runs the reliability rules over the stored inventory every few minutes and sends
 * notices held back by quiet hours.
 */
export class HealthMonitoring extends Construct {
  readonly eventFunction: HostMasterFunction;
  readonly checkFunction: HostMasterFunction;
  readonly eventRule: Rule;
  readonly deadLetterQueue: Queue;
  readonly checkSchedule: Schedule;

  constructor(scope: Construct, id: string, props: HealthMonitoringProps) {
    super(scope, id);
    const environment = props.alerts.functionEnvironment(props.table.tableName, props.dashboardUrl);

    this.eventFunction = new HostMasterFunction(this, 'EventFunction', {
      entry: props.entries?.event ?? projectPath('functions/handlers/health-event.ts'),
      description: 'Turns forwarded EC2, AWS Health and RDS events into alerts',
      environment: { ...environment },
    });
    this.checkFunction = new HostMasterFunction(this, 'CheckFunction', {
      entry: props.entries?.check ?? projectPath('functions/handlers/health-check.ts'),
      description: 'Runs the reliability checks and sends held notices',
      timeout: Duration.minutes(2),
      environment: { ...environment },
    });
    for (const fn of [this.eventFunction, this.checkFunction]) {
      props.table.grantReadWriteData(fn.role);
      props.alerts.grantPublish(fn.role);
      suppressAlertingRoleFindings(fn);
    }

    this.deadLetterQueue = new Queue(this, 'EventDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the health event rule target.',
      },
    ]);
    this.eventRule = new Rule(this, 'EventRule', {
      description: 'Sends forwarded EC2 state changes, AWS Health and RDS events to the health handler',
      eventBus: props.eventBus,
      eventPattern: {
        source: [...FORWARDED_EVENTS.source],
        detailType: [...FORWARDED_EVENTS.detailType],
      },
      targets: [
        new LambdaFunction(this.eventFunction.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 4,
          // An alert about an instance state hours old is noise; the scheduled check catches up.
          maxEventAge: Duration.hours(1),
        }),
      ],
    });

    this.checkSchedule = scheduleFunction(this, 'CheckSchedule', {
      target: this.checkFunction.function,
      expression: props.health.checkRate,
      description: 'Runs the HostMaster health checks',
    });
  }
}

/** The findings every alerting function's own role draws, with why each is acceptable. */
export function suppressAlertingRoleFindings(fn: HostMasterFunction): void {
  NagSuppressions.addResourceSuppressions(
    fn.role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Alerts, findings and scan runs are queried through the table GSI; the grant is scoped to this table.',
        appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Publishing to the KMS-encrypted alert topics needs kms:GenerateDataKey* on their key (granted on that key only).',
        appliesTo: ['Action::kms:GenerateDataKey*'],
      },
    ],
    true,
  );
}
