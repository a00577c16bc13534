import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { readHubConfig } from './config';
import { Alerts } from './constructs/alerts';
import { Api, type ApiThrottling } from './constructs/api';
import { Auth } from './constructs/auth';
import { Dashboard } from './constructs/dashboard';
import { MemberEventBus } from './constructs/member-event-bus';
import { ScanWorkflow } from './constructs/scan-workflow';
import { Storage } from './constructs/storage';

export interface HubStackProps extends StackProps {
  /** Dashboard build settings. @default { assetPath: 'frontend/dist' } */
  readonly dashboard?: {
    /** Directory of the built dashboard (tests pass a temporary one). @default frontend/dist */
    readonly assetPath?: string;
  };
  /** Cognito options; override the context. @default - from context */
  readonly auth?: {
    /** Cognito Plus plan with enforced threat protection. @default - context hostmaster:threatProtection, else false */
    readonly threatProtection?: boolean;
  };
  /** API stage throttling. @default { rateLimit: 50, burstLimit: 100 } */
  readonly apiThrottling?: ApiThrottling;
}

/**
 * The HostMaster hub, deployed once in the organization's tooling account. Deployment settings come
 * from CDK context (see lib/config.ts); this stack only wires the concerns together and exports what
 * operators and member stacks need.
 */
export class HostMasterStack extends Stack {
  readonly storage: Storage;
  readonly scanWorkflow: ScanWorkflow;
  readonly alerts: Alerts;
  readonly memberEventBus: MemberEventBus;
  readonly auth: Auth;
  readonly api: Api;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: HubStackProps = {}) {
    super(scope, id, {
      description: 'HostMaster hub: inventory, cost, health and security across an AWS organization',
      ...props,
    });
    const config = readHubConfig(this);

    this.storage = new Storage(this, 'Storage');
    this.scanWorkflow = new ScanWorkflow(this, 'Scanning', {
      table: this.storage.table,
      scan: config.scan,
      crossAccount: config.crossAccount,
    });
    this.alerts = new Alerts(this, 'Alerts', { recipients: config.alerts });
    this.memberEventBus = new MemberEventBus(this, 'MemberEvents', {
      eventBusName: config.crossAccount.eventBusName,
      senders: config.memberEvents,
    });
    this.auth = new Auth(this, 'Auth', {
      threatProtection: props.auth?.threatProtection ?? config.auth.threatProtection,
    });
    this.api = new Api(this, 'Api', {
      table: this.storage.table,
      userPool: this.auth.userPool,
      scanStateMachine: this.scanWorkflow.stateMachine,
      ...(props.apiThrottling ? { throttling: props.apiThrottling } : {}),
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      api: this.api.restApi,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.userPoolClient,
      ...(props.dashboard?.assetPath ? { assetPath: props.dashboard.assetPath } : {}),
    });

    const outputs: Record<string, { value: string; description: string }> = {
      DashboardUrl: { value: this.dashboard.url, description: 'Open this to use HostMaster' },
      UserPoolId: {
        value: this.auth.userPool.userPoolId,
        description: 'Cognito user pool for dashboard users',
      },
      UserPoolClientId: {
        value: this.auth.userPoolClient.userPoolClientId,
        description: 'Dashboard app client',
      },
      EmailAlertTopicArn: {
        value: this.alerts.emailTopic.topicArn,
        description: 'SNS topic for email alerts',
      },
      SmsAlertTopicArn: { value: this.alerts.smsTopic.topicArn, description: 'SNS topic for SMS alerts' },
      MemberEventBusArn: {
        value: this.memberEventBus.eventBus.eventBusArn,
        description: 'Event bus member accounts forward events to',
      },
      ScanStateMachineArn: {
        value: this.scanWorkflow.stateMachine.stateMachineArn,
        description: 'Step Functions state machine that runs a scan',
      },
      ScanDeadLetterQueueUrl: {
        value: this.scanWorkflow.deadLetterQueue.queueUrl,
        description: 'Scan jobs that failed every retry',
      },
      HubScanRoleArn: {
        value: this.scanWorkflow.scanRole.roleArn,
        description: 'The only principal member scan roles trust',
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new CfnOutput(this, name, output);
    }
  }
}
