import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { UtilizationRefreshEnvironment } from '../../functions/shared/contract/environment';
import type { AnalysisConfig, CrossAccountConfig, UtilizationConfig } from '../config';
import { grantPriceList } from './analysis';
import { scheduleFunction } from './function-schedule';
import { HostMasterFunction, projectPath } from './hostmaster-function';

export interface UtilizationIngestionProps {
  /** Utilization summaries are written here; the in-process analysis reads and writes here too. */
  readonly table: ITable;
  readonly utilization: UtilizationConfig;
  readonly analysis: AnalysisConfig;
  readonly crossAccount: CrossAccountConfig;
  /**
   * The hub role member roles trust (ScanWorkflow.scanRole): the refresh reads CloudWatch through
   * the member role, which trusts no other principal. It already reads and writes the table.
   */
  readonly scanRole: IRole;
  /** @default functions/handlers/utilization-refresh.ts */
  readonly entry?: string;
}

/**
 * Daily CloudWatch utilization (batched GetMetricData in every member account), followed in the same
 * invocation by the Analyze step, so rightsizing and idle findings reflect the fresh metrics without a
 * second schedule or a second read of the inventory.
 */
export class UtilizationIngestion extends Construct {
  readonly refreshFunction: HostMasterFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: UtilizationIngestionProps) {
    super(scope, id);
    const environment: UtilizationRefreshEnvironment = {
      TABLE_NAME: props.table.tableName,
      MEMBER_ROLE_NAME: props.crossAccount.memberRoleName,
      EXTERNAL_ID: props.crossAccount.externalId,
      PRICE_SOURCE: props.analysis.priceSource,
    };
    this.refreshFunction = new HostMasterFunction(this, 'RefreshFunction', {
      entry: props.entry ?? projectPath('functions/handlers/utilization-refresh.ts'),
      description: 'Reads CloudWatch utilization in every member account, then analyzes',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      role: props.scanRole,
      environment: { ...environment },
    });
    if (props.analysis.priceSource === 'price-list') {
      grantPriceList(props.scanRole);
      NagSuppressions.addResourceSuppressions(
        props.scanRole,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'pricing:GetProducts (the analysis after a utilization refresh prices rightsizing findings) does not support resource-level permissions.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }

    this.schedule = scheduleFunction(this, 'Schedule', {
      target: this.refreshFunction.function,
      expression: props.utilization.refreshRate,
      description: 'Refreshes HostMaster utilization from CloudWatch, then analyzes',
    });
  }
}
