import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { readHubConfig } from './config';
import { Alerts } from './constructs/alerts';
import { Analysis } from './constructs/analysis';
import { Api, type ApiThrottling } from './constructs/api';
import { ApprovalLinkKey } from './constructs/approval-link-key';
import { Auth } from './constructs/auth';
import { CostIngestion } from './constructs/cost-ingestion';
import { Dashboard } from './constructs/dashboard';
import { Digests } from './constructs/digests';
import { HealthMonitoring } from './constructs/health-monitoring';
import { MemberEventBus } from './constructs/member-event-bus';
import { MemberStackSet } from './constructs/member-stack-set';
import { RemediationWorkflow } from './constructs/remediation-workflow';
import { ScanWorkflow } from './constructs/scan-workflow';
import { ScheduleWorkflow } from './constructs/schedule-workflow';
import { Storage } from './constructs/storage';
import { UtilizationIngestion } from './constructs/utilization-ingestion';
import { synthesizeMemberTemplate } from './member-stack';

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
  readonly analysis: Analysis;
  readonly scanWorkflow: ScanWorkflow;
  readonly scheduleWorkflow: ScheduleWorkflow;
  readonly costIngestion: CostIngestion;
  readonly utilizationIngestion: UtilizationIngestion;
  readonly alerts: Alerts;
  readonly healthMonitoring: HealthMonitoring;
  readonly digests: Digests;
  readonly remediation: RemediationWorkflow;
  readonly memberEventBus: MemberEventBus;
  readonly auth: Auth;
  readonly api: Api;
  readonly dashboard: Dashboard;
  /** The member stack over the chosen OUs; absent when `hostmaster:memberOrganizationalUnits` is empty. */
  readonly memberStackSet?: MemberStackSet;

  constructor(scope: Construct, id: string, props: HubStackProps = {}) {
    super(scope, id, {
      description: 'HostMaster hub: inventory, cost, health and security across an AWS organization',
      ...props,
    });
    const config = readHubConfig(this);

    this.storage = new Storage(this, 'Storage');
    const { table } = this.storage;
    this.analysis = new Analysis(this, 'Analysis', { table, analysis: config.analysis });
    this.scanWorkflow = new ScanWorkflow(this, 'Scanning', {
      table,
      scan: config.scan,
      crossAccount: config.crossAccount,
      analyze: this.analysis.analyzeFunction.function,
    });
    this.scheduleWorkflow = new ScheduleWorkflow(this, 'Scheduling', { table, schedules: config.schedules });
    this.costIngestion = new CostIngestion(this, 'Costs', {
      table,
      costs: config.costs,
      crossAccount: config.crossAccount,
      scanRole: this.scanWorkflow.scanRole,
    });
    this.utilizationIngestion = new UtilizationIngestion(this, 'Utilization', {
      table,
      utilization: config.utilization,
      analysis: config.analysis,
      crossAccount: config.crossAccount,
      scanRole: this.scanWorkflow.scanRole,
    });
    this.alerts = new Alerts(this, 'Alerts', { recipients: config.alerts });
    this.memberEventBus = new MemberEventBus(this, 'MemberEvents', {
      eventBusName: config.crossAccount.eventBusName,
      senders: config.memberEvents,
    });
    const approvalLinkKey = new ApprovalLinkKey(this, 'ApprovalLinkKey');
    this.remediation = new RemediationWorkflow(this, 'Remediation', {
      table,
      remediation: config.remediation,
      emailTopic: this.alerts.emailTopic,
      approvalLinkKey,
    });
    this.auth = new Auth(this, 'Auth', {
      threatProtection: props.auth?.threatProtection ?? config.auth.threatProtection,
      ...(config.auth.adminEmail ? { adminEmail: config.auth.adminEmail } : {}),
    });
    this.api = new Api(this, 'Api', {
      table,
      userPool: this.auth.userPool,
      scanStateMachine: this.scanWorkflow.stateMachine,
      remediationStateMachine: this.remediation.stateMachine,
      approvalLinkKey,
      remediationOptedInAccounts: config.remediation.optedInAccounts,
      alerts: this.alerts,
      settings: config,
      ...(props.apiThrottling ? { throttling: props.apiThrottling } : {}),
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      api: this.api.restApi,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.userPoolClient,
      ...(props.dashboard?.assetPath ? { assetPath: props.dashboard.assetPath } : {}),
    });
    // Functions that link to the dashboard come after it: the distribution depends on the API id only
    // (see Dashboard), so none of them is in its dependency chain.
    this.api.linkDashboard(this.dashboard.url);
    this.remediation.linkDashboard(this.dashboard.url);
    this.healthMonitoring = new HealthMonitoring(this, 'Health', {
      table,
      alerts: this.alerts,
      eventBus: this.memberEventBus.eventBus,
      dashboardUrl: this.dashboard.url,
      health: config.health,
    });
    this.digests = new Digests(this, 'Digests', {
      table,
      alerts: this.alerts,
      dashboardUrl: this.dashboard.url,
      digests: config.digests,
    });

    if (config.memberDeployment.organizationalUnits.length > 0) {
      // After the event bus, whose policy must admit the members before their rules forward to it.
      this.memberStackSet = new MemberStackSet(this, 'MemberStackSet', {
        deployment: config.memberDeployment,
        templateBody: synthesizeMemberTemplate(this),
        ...(config.scan.managementAccountId ? { managementAccountId: config.scan.managementAccountId } : {}),
      });
      this.memberStackSet.node.addDependency(this.memberEventBus);
      this.memberStackSet.node.addDependency(this.scanWorkflow.scanRole);
    }

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
      HealthEventDeadLetterQueueUrl: {
        value: this.healthMonitoring.deadLetterQueue.queueUrl,
        description: 'Forwarded health events the handler failed on every retry',
      },
      RemediationStateMachineArn: {
        value: this.remediation.stateMachine.stateMachineArn,
        description: 'Step Functions state machine that runs remediation requests',
      },
      HubRemediationRoleArn: {
        value: this.remediation.role.roleArn,
        description: 'The only principal member remediation roles trust',
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
