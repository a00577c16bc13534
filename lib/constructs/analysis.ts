import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { AnalysisEnvironment } from '../../functions/shared/contract/environment';
import type { AnalysisConfig } from '../config';
import { HostMasterFunction, projectPath } from './hostmaster-function';

export interface AnalysisProps {
  /** Inventory, utilization and costs are read here; finding changes are written here. */
  readonly table: ITable;
  readonly analysis: AnalysisConfig;
  /** @default functions/handlers/analyze.ts */
  readonly entry?: string;
}

/**
 * The Analyze step: every rule over the stored inventory, utilization and costs, then the finding
 * changes written back. The scan state machine runs it as its last state; the utilization refresh
 * runs the same code in-process after storing fresh metrics (see UtilizationIngestion).
 */
export class Analysis extends Construct {
  readonly analyzeFunction: HostMasterFunction;

  constructor(scope: Construct, id: string, props: AnalysisProps) {
    super(scope, id);
    const environment: AnalysisEnvironment = {
      TABLE_NAME: props.table.tableName,
      PRICE_SOURCE: props.analysis.priceSource,
    };
    this.analyzeFunction = new HostMasterFunction(this, 'AnalyzeFunction', {
      entry: props.entry ?? projectPath('functions/handlers/analyze.ts'),
      description: 'Runs every rule over the inventory and reconciles findings',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: { ...environment },
    });
    props.table.grantReadWriteData(this.analyzeFunction.role);
    if (props.analysis.priceSource === 'price-list') grantPriceList(this.analyzeFunction.role);
    NagSuppressions.addResourceSuppressions(
      this.analyzeFunction.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'pricing:GetProducts, xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Findings, inventory and utilization are queried through the table GSI; the grant is scoped to this table.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
        },
      ],
      true,
    );
  }
}

/**
 * Lets a function read public list prices (Price List API). pricing:GetProducts has no resource-level
 * permissions, so callers suppress AwsSolutions-IAM5 on `Resource::*` with this reason.
 */
export function grantPriceList(grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadPriceList',
      effect: Effect.ALLOW,
      actions: ['pricing:GetProducts'],
      resources: ['*'],
    }),
  );
}
