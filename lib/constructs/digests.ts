import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { DigestConfig } from '../config';
import type { Alerts } from './alerts';
import { scheduleFunction } from './function-schedule';
import { suppressAlertingRoleFindings } from './health-monitoring';
import { HostMasterFunction, projectPath } from './hostmaster-function';

export interface DigestsProps {
  /** Alerts, findings and digest marks. */
  readonly table: ITable;
  /** The email topic receives digests (the grant covers both topics, as for every alerting function). */
  readonly alerts: Alerts;
  /** Linked from every digest. */
  readonly dashboardUrl: string;
  readonly digests: DigestConfig;
  /** @default functions/handlers/digest.ts */
  readonly entry?: string;
}

/**
 * Daily and weekly emails of what changed since the previous digest of the same kind: one function,
 * two schedules, told apart by the `kind` in their input.
 */
export class Digests extends Construct {
  readonly digestFunction: HostMasterFunction;
  readonly dailySchedule: Schedule;
  readonly weeklySchedule: Schedule;

  constructor(scope: Construct, id: string, props: DigestsProps) {
    super(scope, id);
    this.digestFunction = new HostMasterFunction(this, 'DigestFunction', {
      entry: props.entry ?? projectPath('functions/handlers/digest.ts'),
      description: 'Emails the daily or weekly HostMaster digest',
      timeout: Duration.minutes(2),
      environment: { ...props.alerts.functionEnvironment(props.table.tableName, props.dashboardUrl) },
    });
    props.table.grantReadWriteData(this.digestFunction.role);
    props.alerts.grantPublish(this.digestFunction.role);
    suppressAlertingRoleFindings(this.digestFunction);

    const { daily, weekly, timeZone } = props.digests;
    this.dailySchedule = scheduleFunction(this, 'DailySchedule', {
      target: this.digestFunction.function,
      expression: daily,
      timeZone,
      description: 'Sends the daily HostMaster digest',
      input: { kind: 'daily' },
    });
    this.weeklySchedule = scheduleFunction(this, 'WeeklySchedule', {
      target: this.digestFunction.function,
      expression: weekly,
      timeZone,
      description: 'Sends the weekly HostMaster digest',
      input: { kind: 'weekly' },
    });
  }
}
