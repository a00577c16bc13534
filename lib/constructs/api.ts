import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Model,
  type RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ApiEnvironment, SettingsEnvironment } from '../../functions/shared/contract/environment';
import { ROUTES, type RouteDefinition } from '../../functions/shared/contract/routes';
import type { HubConfig } from '../config';
import type { Alerts } from './alerts';
import type { ApprovalLinkKey } from './approval-link-key';
import { HostMasterFunction, projectPath } from './hostmaster-function';

/** Every route lives under this path segment, so CloudFront can send `/api/*` to the API origin. */
export const API_BASE_PATH = 'api';

/** The one deployment stage; the dashboard's `/api/*` origin path names it. */
export const API_STAGE_NAME = 'prod';

/** What the API's user-directory check calls, on the hub's user pool only. */
export const USER_DIRECTORY_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
] as const;

export interface ApiThrottling {
  /** Steady-state requests per second for the stage. @default 50 */
  readonly rateLimit?: number;
  /** Burst capacity for the stage. @default 100 */
  readonly burstLimit?: number;
}

/** The configuration `GET /settings` shows, from lib/config.ts. */
export type ApiSettings = Pick<HubConfig, 'scan' | 'costs' | 'alerts' | 'digests' | 'memberDeployment'>;

export interface ApiProps {
  readonly table: ITable;
  /** The deployment's configuration, passed to the function for the admin settings page. */
  readonly settings: ApiSettings;
  /** Issues the tokens the authorizer accepts. */
  readonly userPool: IUserPool;
  /** The scan workflow the `startScan` route starts. */
  readonly scanStateMachine: IStateMachine;
  /** The remediation workflow the remediation routes start, approve and reject. */
  readonly remediationStateMachine: IStateMachine;
  /** Verifies emailed approval links; the function may only VerifyMac with it. */
  readonly approvalLinkKey: ApprovalLinkKey;
  /**
   * Accounts opted in as a whole (`hostmaster:remediationAccounts`), for the fix preview's pre-flight.
   * @default []
   */
  readonly remediationOptedInAccounts?: readonly string[];
  /**
   * The alert topics whose recipients the subscription routes list, add and remove. The alert routes
   * also need the dashboard link, given later with {@link Api.linkDashboard}.
   * @default - none: the alert and subscription routes answer 500
   */
  readonly alerts?: Alerts;
  /** @default ROUTES from functions/shared/contract/routes.ts */
  readonly routes?: readonly RouteDefinition[];
  /** @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttling?: ApiThrottling;
  /** @default functions/handlers/api.ts */
  readonly entry?: string;
}

/**
 * The REST API: one Lambda (proxy integration) behind a Cognito authorizer, with request validation,
 * access logs, execution logs, X-Ray and stage throttling. Routes are built from the shared route
 * list; {@link addRoute} is the only way to add one, and it always attaches the authorizer and the
 * validator (the authorizer is also the API's default, so even a method added another way gets it).
 */
export class Api extends Construct {
  readonly restApi: RestApi;
  readonly handler: HostMasterFunction;
  private readonly base: IResource;
  private readonly authorizer: CognitoUserPoolsAuthorizer;
  private readonly validator: RequestValidator;
  private readonly integration: LambdaIntegration;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const environment: ApiEnvironment = {
      ...settingsEnvironment(props.settings),
      TABLE_NAME: props.table.tableName,
      USER_POOL_ID: props.userPool.userPoolId,
      SCAN_STATE_MACHINE_ARN: props.scanStateMachine.stateMachineArn,
      REMEDIATION_STATE_MACHINE_ARN: props.remediationStateMachine.stateMachineArn,
      APPROVAL_LINK_KEY_ID: props.approvalLinkKey.key.keyArn,
      OPTED_IN_ACCOUNTS: (props.remediationOptedInAccounts ?? []).join(','),
    };
    this.handler = new HostMasterFunction(this, 'Handler', {
      entry: props.entry ?? projectPath('functions/handlers/api.ts'),
      description: 'HostMaster REST API',
      // API Gateway gives up on an integration after 29 s.
      timeout: Duration.seconds(29),
      environment: { ...environment, ...alertEnvironmentWithoutDashboard(props) },
    });
    props.table.grantReadWriteData(this.handler.role);
    props.scanStateMachine.grantStartExecution(this.handler.role);
    // Every non-GET route asks the pool whether the caller is still enabled and in the group.
    props.userPool.grant(this.handler.role, ...USER_DIRECTORY_ACTIONS);
    props.remediationStateMachine.grantStartExecution(this.handler.role);
    // Approving or rejecting releases the approval step's task token.
    props.remediationStateMachine.grantTaskResponse(this.handler.role);
    props.approvalLinkKey.grantVerify(this.handler.role);
    props.alerts?.grantManageSubscriptions(this.handler.role);
    NagSuppressions.addResourceSuppressions(
      this.handler.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Queries by type, category and recency go through the table GSI; the grant is scoped to this table.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>\\/index\\/\\*$/' }],
        },
        ...(props.alerts
          ? [
              {
                id: 'AwsSolutions-IAM5',
                reason:
                  'sns:Unsubscribe names a subscription (<topic arn>:<id>); the grant covers the subscriptions of the two alert topics only.',
                appliesTo: [{ regex: '/^Resource::<.+Topic[0-9A-F]{8}>:\\*$/' }],
              },
            ]
          : []),
      ],
      true,
    );

    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      resultsCacheTtl: Duration.minutes(5),
    });
    // One permission for the whole API instead of two per method keeps the function policy small.
    this.integration = new LambdaIntegration(this.handler.function, {
      proxy: true,
      scopePermissionToMethod: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttling = props.throttling ?? {};
    this.restApi = new RestApi(this, 'RestApi', {
      description: 'HostMaster API',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: { authorizer: this.authorizer, authorizationType: AuthorizationType.COGNITO },
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: throttling.rateLimit ?? 50,
        throttlingBurstLimit: throttling.burstLimit ?? 100,
      },
    });
    this.validator = this.restApi.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.base = this.restApi.root.addResource(API_BASE_PATH);
    for (const route of props.routes ?? ROUTES) {
      this.addRoute(route);
    }

    NagSuppressions.addResourceSuppressions(
      this.restApi,
      [
        {
          id: 'AwsSolutions-APIG3',
          reason:
            'The API is reached through the CloudFront distribution with Cognito authorization on every method and stage throttling; a WAF web ACL is an optional add-on with its own cost.',
        },
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy for the account-level API Gateway logging role, needed for execution logs.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
          ],
        },
      ],
      true,
    );
  }

  /**
   * Gives the function the dashboard URL its alert routes link to. Separate from the constructor
   * because the dashboard's distribution is built after the API (the API is one of its origins).
   */
  linkDashboard(url: string): void {
    this.handler.function.addEnvironment('DASHBOARD_URL', url);
  }

  /** Adds a route under `/api` with the Cognito authorizer and request validation; never without them. */
  addRoute(route: RouteDefinition): void {
    const segments = route.path.split('/').filter((segment) => segment.length > 0);
    const resource = segments.reduce<IResource>(
      (parent, segment) => parent.getResource(segment) ?? parent.addResource(segment),
      this.base,
    );
    const requestParameters: Record<string, boolean> = {};
    for (const segment of segments) {
      const placeholder = /^\{(.+)\}$/.exec(segment)?.[1];
      if (placeholder) requestParameters[`method.request.path.${placeholder}`] = true;
    }
    for (const query of route.query ?? []) {
      requestParameters[`method.request.querystring.${query.name}`] = query.required ?? false;
    }
    resource.addMethod(route.method, this.integration, {
      operationName: route.operationId,
      authorizer: this.authorizer,
      authorizationType: AuthorizationType.COGNITO,
      requestValidator: this.validator,
      requestParameters,
      ...(route.body ? { requestModels: { 'application/json': Model.EMPTY_MODEL } } : {}),
    });
  }
}

/** The configuration in force, as the API's settings variables. */
export function settingsEnvironment({
  scan,
  costs,
  alerts,
  digests,
  memberDeployment,
}: ApiSettings): SettingsEnvironment {
  return {
    ACCOUNT_SOURCE: scan.accountSource,
    MEMBER_ACCOUNTS: scan.memberAccounts.join(','),
    MEMBER_ORGANIZATIONAL_UNITS: memberDeployment.organizationalUnits.join(','),
    MEMBER_REGIONS: memberDeployment.regions.join(','),
    MANAGEMENT_ACCOUNT_ID: scan.managementAccountId ?? '',
    REGIONS_ALLOW: scan.regionsAllow.join(','),
    REGIONS_DENY: scan.regionsDeny.join(','),
    SCAN_RATE: scan.rate,
    SCAN_CONCURRENCY: String(scan.concurrency),
    COST_REFRESH_RATE: costs.refreshRate,
    COST_TAG_KEYS: costs.tagKeys.join(','),
    DAILY_DIGEST_SCHEDULE: digests.daily,
    WEEKLY_DIGEST_SCHEDULE: digests.weekly,
    DIGEST_TIME_ZONE: digests.timeZone,
    ...(alerts.quietHours ? { ALERT_QUIET_HOURS: alerts.quietHours } : {}),
    ...(alerts.smsMonthlyBudgetUsd ? { SMS_MONTHLY_BUDGET_USD: alerts.smsMonthlyBudgetUsd } : {}),
  };
}

/** The alerting variables the API reads, except DASHBOARD_URL (see {@link Api.linkDashboard}). */
function alertEnvironmentWithoutDashboard(props: ApiProps): Record<string, string> {
  if (!props.alerts) return {};
  return Object.fromEntries(
    Object.entries(props.alerts.functionEnvironment(props.table.tableName, '')).filter(
      ([name]) => name !== 'DASHBOARD_URL',
    ),
  );
}
