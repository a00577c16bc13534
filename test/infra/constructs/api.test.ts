import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { DefinitionBody, Pass, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../../functions/shared/contract/routes';
import { Api, type ApiSettings } from '../../../lib/constructs/api';
import { ApprovalLinkKey } from '../../../lib/constructs/approval-link-key';
import { projectPath } from '../../../lib/constructs/hostmaster-function';
import { apiResourcePaths, testApp } from '../helpers';

const ROUTES_WITH_EVERY_FEATURE: readonly RouteDefinition[] = [
  {
    operationId: 'listThings',
    method: 'GET',
    path: '/things',
    minimumGroup: 'viewer',
    query: [{ name: 'owner', required: true }, { name: 'limit' }],
  },
  { operationId: 'getThing', method: 'GET', path: '/things/{thingId}', minimumGroup: 'viewer' },
  { operationId: 'putThing', method: 'PUT', path: '/things/{thingId}', minimumGroup: 'admin', body: true },
];

/** A configuration with every optional setting given, so each variable is visible. */
const SETTINGS: ApiSettings = {
  scan: {
    rate: 'rate(30 minutes)',
    concurrency: 8,
    toleratedFailurePercentage: 5,
    childExecutions: 'EXPRESS',
    accountSource: 'organizations',
    memberAccounts: [],
    regionsAllow: ['eu-west-1', 'us-east-1'],
    regionsDeny: ['us-east-1'],
    managementAccountId: '333333333333',
  },
  costs: { refreshRate: 'rate(12 hours)', tagKeys: ['team', 'cost-center'], historyMonths: 3 },
  alerts: { emails: [], phoneNumbers: [], quietHours: '22:00-07:00 Europe/Paris', smsMonthlyBudgetUsd: '5' },
  digests: { daily: 'cron(0 7 * * ? *)', weekly: 'cron(0 7 ? * MON *)', timeZone: 'Europe/Paris' },
  memberDeployment: { organizationalUnits: ['ou-ab12-cd34ef56'], regions: ['eu-west-1'] },
};

function apiTemplate(): Template {
  const stack = new Stack(testApp(), 'ApiStack');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const userPool = new UserPool(stack, 'Pool');
  const stateMachine = new StateMachine(stack, 'Machine', {
    definitionBody: DefinitionBody.fromChainable(new Pass(stack, 'Nothing')),
  });
  new Api(stack, 'Api', {
    table,
    userPool,
    scanStateMachine: stateMachine,
    settings: SETTINGS,
    remediationStateMachine: new StateMachine(stack, 'RemediationMachine', {
      definitionBody: DefinitionBody.fromChainable(new Pass(stack, 'NothingToRemediate')),
    }),
    approvalLinkKey: new ApprovalLinkKey(stack, 'ApprovalLinkKey'),
    routes: ROUTES_WITH_EVERY_FEATURE,
    entry: projectPath('test/infra/fixtures/echo-handler.ts'),
    throttling: { rateLimit: 7, burstLimit: 9 },
  });
  return Template.fromStack(stack);
}

describe('Api', () => {
  const template = apiTemplate();

  it('builds each route under /api with the Cognito authorizer and the request validator', () => {
    // Prepare
    const paths = apiResourcePaths(template);
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGateway::Authorizer'));
    const [validatorId] = Object.keys(template.findResources('AWS::ApiGateway::RequestValidator'));

    // Act
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => ({
      verb: method.Properties.HttpMethod,
      path: paths.get(method.Properties.ResourceId.Ref),
      properties: method.Properties,
    }));

    // Assess
    expect(methods.map(({ verb, path }) => `${verb} ${path}`).sort()).toEqual([
      'GET /api/things',
      'GET /api/things/{thingId}',
      'PUT /api/things/{thingId}',
    ]);
    for (const { properties } of methods) {
      expect(properties.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
      expect(properties.RequestValidatorId).toEqual({ Ref: validatorId });
    }
  });

  it('makes required query parameters and path parameters mandatory and validates JSON bodies', () => {
    // Prepare / Act
    const byOperation = (name: string) =>
      Object.values(
        template.findResources('AWS::ApiGateway::Method', { Properties: { OperationName: name } }),
      )[0]?.Properties;

    // Assess
    expect(byOperation('listThings')?.RequestParameters).toEqual({
      'method.request.querystring.owner': true,
      'method.request.querystring.limit': false,
    });
    expect(byOperation('getThing')?.RequestParameters).toEqual({ 'method.request.path.thingId': true });
    expect(byOperation('putThing')?.RequestModels).toEqual({ 'application/json': 'Empty' });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('integrates every method with the API Lambda as a proxy', () => {
    // Prepare
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));

    // Act
    const integrations = methods.map((method) => method.Properties.Integration);

    // Assess
    for (const integration of integrations) {
      expect(integration.Type).toBe('AWS_PROXY');
      expect(JSON.stringify(integration.Uri)).toContain('ApiHandlerFunction');
    }
  });

  it('traces, throttles and logs the stage, with JSON access logs', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [
        Match.objectLike({
          LoggingLevel: 'INFO',
          ThrottlingRateLimit: 7,
          ThrottlingBurstLimit: 9,
          DataTraceEnabled: false,
        }),
      ],
    });
  });

  it('tells the handler which table, user pool and state machine to use, and lets it start scans', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') },
          USER_POOL_ID: { Ref: Match.stringLikeRegexp('^Pool') },
          SCAN_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^Machine') },
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'states:StartExecution',
            // With the remediation state machine, one statement names both machines.
            Resource: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Machine') }]),
          }),
        ]),
      },
    });
  });

  it('passes the configuration in force to the handler for the settings page', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ACCOUNT_SOURCE: 'organizations',
          MEMBER_ACCOUNTS: '',
          MEMBER_ORGANIZATIONAL_UNITS: 'ou-ab12-cd34ef56',
          MEMBER_REGIONS: 'eu-west-1',
          MANAGEMENT_ACCOUNT_ID: '333333333333',
          REGIONS_ALLOW: 'eu-west-1,us-east-1',
          REGIONS_DENY: 'us-east-1',
          SCAN_RATE: 'rate(30 minutes)',
          SCAN_CONCURRENCY: '8',
          COST_REFRESH_RATE: 'rate(12 hours)',
          COST_TAG_KEYS: 'team,cost-center',
          DAILY_DIGEST_SCHEDULE: 'cron(0 7 * * ? *)',
          WEEKLY_DIGEST_SCHEDULE: 'cron(0 7 ? * MON *)',
          DIGEST_TIME_ZONE: 'Europe/Paris',
          ALERT_QUIET_HOURS: '22:00-07:00 Europe/Paris',
          SMS_MONTHLY_BUDGET_USD: '5',
        }),
      },
    });
  });

  it('lets the handler read users and their groups from its own user pool, and nothing more of Cognito', () => {
    // Prepare
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );

    // Act
    const cognito = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')),
    );

    // Assess
    expect(cognito).toEqual([
      expect.objectContaining({
        Action: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pool/), 'Arn'] },
      }),
    ]);
  });
});
