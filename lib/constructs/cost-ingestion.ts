import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { CostRefreshEnvironment } from '../../functions/shared/contract/environment';
import type { CostConfig, CrossAccountConfig } from '../config';
import { scheduleFunction } from './function-schedule';
import { HostMasterFunction, projectPath } from './hostmaster-function';

export interface CostIngestionProps {
  /** The cost store. */
  readonly table: ITable;
  readonly costs: CostConfig;
  readonly crossAccount: CrossAccountConfig;
  /**
   * The hub role member roles trust (ScanWorkflow.scanRole). Used only when a payer account is
   * configured, because only this role may assume the member role there.
   */
  readonly scanRole: IRole;
  /** @default functions/handlers/cost-refresh.ts */
  readonly entry?: string;
}

/**
 * Cost Explorer, a few times a day, from the payer account: the refresh fetches only the days the cost
 * store lacks (Cost Explorer charges per request). With a payer account configured it runs as the hub
 * scanning role and reads through that account's member role; when the hub is itself the payer it
 * runs as its own role with nothing but `ce:GetCostAndUsage` and `ce:GetCostForecast`.
 */
export class CostIngestion extends Construct {
  readonly refreshFunction: HostMasterFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CostIngestionProps) {
    super(scope, id);
    const { costs, crossAccount } = props;
    const environment: CostRefreshEnvironment = {
      TABLE_NAME: props.table.tableName,
      MEMBER_ROLE_NAME: crossAccount.memberRoleName,
      EXTERNAL_ID: crossAccount.externalId,
      MANAGEMENT_ACCOUNT_ID: costs.payerAccountId ?? '',
      COST_TAG_KEYS: costs.tagKeys.join(','),
      COST_HISTORY_MONTHS: String(costs.historyMonths),
    };
    this.refreshFunction = new HostMasterFunction(this, 'RefreshFunction', {
      entry: props.entry ?? projectPath('functions/handlers/cost-refresh.ts'),
      description: 'Reads Cost Explorer in the payer account into the cost store',
      timeout: Duration.minutes(5),
      ...(costs.payerAccountId ? { role: props.scanRole } : {}),
      environment: { ...environment },
    });

    if (!costs.payerAccountId) {
      const role = this.refreshFunction.role;
      props.table.grantReadWriteData(role);
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'ReadCostExplorer',
          effect: Effect.ALLOW,
          actions: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
          resources: ['*'],
        }),
      );
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'ce:GetCostAndUsage, ce:GetCostForecast and the X-Ray write actions do not support resource-level permissions.',
            appliesTo: ['Resource::*'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason: 'Cost records are queried through the table GSI; the grant is scoped to this table.',
            appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
          },
        ],
        true,
      );
    }

    this.schedule = scheduleFunction(this, 'Schedule', {
      target: this.refreshFunction.function,
      expression: costs.refreshRate,
      description: 'Refreshes HostMaster costs from Cost Explorer',
    });
  }
}
