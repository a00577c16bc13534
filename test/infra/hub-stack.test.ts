import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/shared/contract/routes';
import { SCAN_STATES } from '../../functions/shared/contract/state-machine';
import { TABLE } from '../../functions/shared/contract/table';
import { ConfigurationError } from '../../lib/config';
import { FrontendNotBuiltError } from '../../lib/constructs/dashboard';
import { ANALYZE_STATE } from '../../lib/constructs/scan-workflow';
import { HostMasterStack } from '../../lib/hub-stack';
import {
  apiResourcePaths,
  flatten,
  hubStack,
  onlyResource,
  onlyResourceUnder,
  stateMachineWithState,
  testApp,
} from './helpers';

const CONTEXT = {
  'hostmaster:memberAccounts': ['111111111111', '222222222222'],
  'hostmaster:alertEmails': ['ops@example.com'],
  'hostmaster:alertPhoneNumbers': ['+447700900123'],
  'hostmaster:scanConcurrency': 8,
  'hostmaster:scanRate': 'rate(30 minutes)',
};

// CloudFront managed policy ids (the same in every account).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface StateDefinition {
  Type: string;
  Parameters?: Record<string, unknown>;
  Next?: string;
  End?: boolean;
  Resource?: string;
  ResultPath?: string | null;
  MaxConcurrency?: number;
  ItemsPath?: string;
  ItemSelector?: Record<string, string>;
  ItemProcessor?: {
    ProcessorConfig?: { Mode: string; ExecutionType?: string };
    StartAt: string;
    States: Record<string, StateDefinition>;
  };
  Retry?: { ErrorEquals: string[]; BackoffRate: number; MaxAttempts: number; JitterStrategy?: string }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
}

describe('HostMasterStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(hubStack(CONTEXT));
  });

  describe('storage', () => {
    it('keeps one on-demand table with PITR, TTL on expiresAt, and gsi1 and the listing indexes projecting everything', () => {
      // Prepare / Act
      const { resource } = onlyResource(template, 'AWS::DynamoDB::Table');

      // Assess
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          ...Object.values(TABLE.resourceIndexes).map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        ],
      });
    });
  });

  describe('functions', () => {
    it('runs every HostMaster Lambda on Node.js 22, ARM64, with X-Ray tracing', () => {
      // Prepare
      const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
        ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
      );

      // Act
      const settings = functions.map(([, fn]) => ({
        runtime: fn.Properties.Runtime,
        architectures: fn.Properties.Architectures,
        tracing: fn.Properties.TracingConfig,
      }));

      // Assess
      expect(functions.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
        'AnalysisAnalyzeFunction',
        'ApiHandlerFunction',
        'CostsRefreshFunction',
        'DigestsDigestFunction',
        'HealthCheckFunction',
        'HealthEventFunction',
        'RemediationStepFunction',
        'ScanningPlanFunction',
        'ScanningWorkerFunction',
        'SchedulingPlanFunction',
        'SchedulingWorkerFunction',
        'UtilizationRefreshFunction',
      ]);
      for (const setting of settings) {
        expect(setting).toEqual({
          runtime: 'nodejs22.x',
          architectures: ['arm64'],
          tracing: { Mode: 'Active' },
        });
      }
    });

    it('gives the scan functions the ScanEnvironment from context', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Scans one account and region',
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: { Ref: Match.stringLikeRegexp('^StorageTable') },
            MEMBER_ROLE_NAME: 'HostMasterScanRole',
            EXTERNAL_ID: 'test-external-id',
            ACCOUNT_SOURCE: 'registered',
            MEMBER_ACCOUNTS: '111111111111,222222222222',
            REGIONS_ALLOW: '',
            REGIONS_DENY: '',
            POWERTOOLS_SERVICE_NAME: 'hostmaster',
          }),
        },
      });
    });
  });

  describe('scanning role', () => {
    it('has a fixed name and may assume only the member role, plus list organization accounts', () => {
      // Prepare
      const { id } = onlyResource(template, 'AWS::IAM::Role', {
        Properties: { RoleName: 'HostMasterHubScanRole' },
      });

      // Act
      const policy = onlyResource(template, 'AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id }] } });
      const statements = policy.resource.Properties.PolicyDocument as {
        Statement: Record<string, unknown>[];
      };

      // Assess
      const assume = statements.Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('sts:'),
      );
      expect(assume).toEqual([
        {
          Sid: 'AssumeMemberScanRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/HostMasterScanRole']],
          },
        },
      ]);
      expect(statements.Statement).toContainEqual({
        Sid: 'ListOrganizationAccounts',
        Effect: 'Allow',
        Action: 'organizations:ListAccounts',
        Resource: '*',
      });
    });
  });

  describe('scan state machine', () => {
    let states: Record<string, StateDefinition>;
    let startAt: string;

    beforeAll(() => {
      const { resource } = stateMachineWithState(template, SCAN_STATES.scanEachJob);
      const definition = JSON.parse(flatten(resource.Properties.DefinitionString!)) as {
        StartAt: string;
        States: Record<string, StateDefinition>;
      };
      states = definition.States;
      startAt = definition.StartAt;
    });

    it('logs ALL events to a log group and traces with X-Ray', () => {
      // Assess
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: true,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
        },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('plans, then runs a Distributed Map over the jobs object in S3 with MaxConcurrency from context', () => {
      // Prepare
      const map = states[SCAN_STATES.scanEachJob];
      const { id: bucketId } = onlyResourceUnder(template, 'AWS::S3::Bucket', 'ScanningWorkBucketObjects');

      // Assess
      expect(startAt).toBe(SCAN_STATES.plan);
      expect(states[SCAN_STATES.plan]?.Next).toBe(SCAN_STATES.scanEachJob);
      expect(map).toMatchObject({
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: `<${bucketId}>`, 'Key.$': '$.jobs.key' },
        },
        ResultWriter: {
          Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
          Parameters: { Bucket: `<${bucketId}>`, Prefix: 'scan-results' },
        },
        ResultPath: '$.scanResults',
        ToleratedFailurePercentage: 5,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
        MaxConcurrency: 8,
        ItemSelector: {
          'scanId.$': '$.scanId',
          'accountId.$': '$$.Map.Item.Value.accountId',
          'accountName.$': '$$.Map.Item.Value.accountName',
          'region.$': '$$.Map.Item.Value.region',
        },
      });
    });

    it('ends with the Analyze task, which invokes the analyze function once after the Map', () => {
      // Prepare
      const analyze = states[ANALYZE_STATE];
      const { id: analyzeId } = onlyResource(template, 'AWS::Lambda::Function', {
        Properties: { Description: 'Runs every rule over the inventory and reconciles findings' },
      });

      // Assess
      expect(states[SCAN_STATES.scanEachJob]?.Next).toBe(ANALYZE_STATE);
      expect(Object.entries(states).filter(([, state]) => state.End)).toEqual([[ANALYZE_STATE, analyze]]);
      expect(analyze).toMatchObject({ Type: 'Task', ResultPath: null });
      expect(analyze?.Resource).toMatch(/:states:::lambda:invoke$/);
      expect(analyze?.Parameters).toMatchObject({
        FunctionName: `<${analyzeId}.Arn>`,
        Payload: { 'scanId.$': '$.scanId', trigger: 'scan' },
      });
    });

    it('retries the worker on Lambda service errors and task failures with backoff 2 and full jitter', () => {
      // Prepare
      const worker = states[SCAN_STATES.scanEachJob]?.ItemProcessor?.States[SCAN_STATES.worker];

      // Assess
      expect(worker?.Retry).toHaveLength(1);
      expect(worker?.Retry?.[0]).toMatchObject({ BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' });
      expect(worker?.Retry?.[0]?.ErrorEquals).toEqual(
        expect.arrayContaining([
          'Lambda.ServiceException',
          'Lambda.TooManyRequestsException',
          'States.TaskFailed',
        ]),
      );
    });

    it('catches a failed job into the dead-letter queue while keeping the job in its input', () => {
      // Prepare
      const processor = states[SCAN_STATES.scanEachJob]?.ItemProcessor;
      const worker = processor?.States[SCAN_STATES.worker];
      const deadLetter = processor?.States[SCAN_STATES.deadLetter];
      const { id: queueId } = onlyResourceUnder(template, 'AWS::SQS::Queue', 'Scanning');

      // Assess
      expect(worker?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: SCAN_STATES.deadLetter },
      ]);
      expect(deadLetter).toMatchObject({ Type: 'Task', End: true, ResultPath: null });
      expect(deadLetter?.Resource).toMatch(/:states:::sqs:sendMessage$/);
      expect(JSON.stringify(deadLetter)).toContain(`<${queueId}>`);
    });

    it('uses an encrypted, TLS-only dead-letter queue that keeps messages 14 days', () => {
      // Prepare
      const { id, resource } = onlyResourceUnder(template, 'AWS::SQS::Queue', 'Scanning');

      // Assess
      expect(resource.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('is started by an EventBridge schedule on the configured rate, without a flexible window', () => {
      // Prepare
      const { id: stateMachineId } = stateMachineWithState(template, SCAN_STATES.scanEachJob);

      // Assess
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(30 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: { Ref: stateMachineId },
          RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
          Input: Match.stringLikeRegexp('"trigger":"schedule"'),
        },
      });
    });
  });

  describe('alerts', () => {
    it('encrypts both topics with the customer-managed key and denies requests without TLS', () => {
      // Prepare
      const topics = template.findResources('AWS::SNS::Topic');
      const { id: keyId } = onlyResource(template, 'AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true },
      });

      // Assess
      expect(Object.keys(topics)).toHaveLength(2);
      for (const [topicId, topic] of Object.entries(topics)) {
        expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
        template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          Topics: [{ Ref: topicId }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Principal: '*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        });
      }
    });

    it('subscribes the email and phone recipients from context to their topics', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sms',
        Endpoint: '+447700900123',
      });
    });

    it('rejects a phone number that is not E.164 at synth time, naming the context key', () => {
      // Act
      const synth = () => hubStack({ 'hostmaster:alertPhoneNumbers': ['07700 900123'] });

      // Assess
      expect(synth).toThrow(ConfigurationError);
      expect(synth).toThrow(/hostmaster:alertPhoneNumbers.*E\.164/);
    });
  });

  describe('member events bus', () => {
    it('admits PutEvents only from the listed member accounts', () => {
      // Prepare
      const { id: busId } = onlyResource(template, 'AWS::Events::EventBus', {
        Properties: { Name: 'hostmaster-member-events' },
      });

      // Assess
      template.hasResourceProperties('AWS::Events::EventBusPolicy', {
        EventBusName: { Ref: busId },
        Statement: {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Principal: {
            AWS: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] },
            ],
          },
          Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
        },
      });
    });

    it('admits the whole organization through aws:PrincipalOrgID when an organization id is given', () => {
      // Prepare / Act
      const orgTemplate = Template.fromStack(hubStack({ 'hostmaster:organizationId': 'o-a1b2c3d4e5' }));

      // Assess
      orgTemplate.hasResourceProperties('AWS::Events::EventBusPolicy', {
        Statement: {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Principal: { AWS: '*' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      });
      expect(Object.keys(orgTemplate.findResources('AWS::Events::EventBusPolicy'))).toHaveLength(1);
    });
  });

  describe('auth', () => {
    it('lets only administrators create users, with a strong password policy and optional MFA', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'OPTIONAL',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      });
    });

    it('creates the viewer, operator and admin groups', () => {
      // Prepare
      const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));

      // Act
      const names = groups.map((group) => group.Properties.GroupName).sort();

      // Assess
      expect(names).toEqual(['admin', 'operator', 'viewer']);
    });

    it('gives the dashboard a public client with password and SRP sign-in and refresh tokens', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        ExplicitAuthFlows: Match.arrayWith([
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ]),
      });
    });

    it('keeps tokens short-lived and revocable, so a revoked user reads for 15 minutes at most', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        EnableTokenRevocation: true,
        IdTokenValidity: 15,
        AccessTokenValidity: 15,
        RefreshTokenValidity: 720,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
    });

    it('does not let users write their own email (the name the audit trail shows) or any identity attribute', () => {
      // Prepare
      const { resource } = onlyResource(template, 'AWS::Cognito::UserPoolClient');

      // Act
      const writable = resource.Properties.WriteAttributes as string[];

      // Assess: an absent list would mean every standard attribute.
      expect(writable).toEqual(['locale', 'zoneinfo']);
    });
  });

  describe('api', () => {
    it('exposes every route of routes.ts, each behind the Cognito authorizer', () => {
      // Prepare
      const paths = apiResourcePaths(template);
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
      const { id: authorizerId } = onlyResource(template, 'AWS::ApiGateway::Authorizer', {
        Properties: { Type: 'COGNITO_USER_POOLS' },
      });

      // Act
      const exposed = methods.map(
        (method) => `${method.Properties.HttpMethod} ${paths.get(method.Properties.ResourceId.Ref)}`,
      );

      // Assess
      expect(exposed.sort()).toEqual(ROUTES.map((route) => `${route.method} /api${route.path}`).sort());
      for (const method of methods) {
        expect(method.Properties.AuthorizationType).toBe('COGNITO_USER_POOLS');
        expect(method.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'Arn'] }],
      });
    });
  });

  describe('dashboard', () => {
    let distribution: Record<string, unknown>;

    beforeAll(() => {
      distribution = onlyResource(template, 'AWS::CloudFront::Distribution').resource.Properties
        .DistributionConfig as Record<string, unknown>;
    });

    it('reads the private bucket through Origin Access Control', () => {
      // Prepare
      const { id: oacId } = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');

      // Assess
      expect(distribution.Origins).toContainEqual(
        expect.objectContaining({
          OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      );
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
      });
    });

    it('grants S3 server access logging by bucket policy, not by the deprecated ACL', () => {
      // Prepare
      const buckets = Object.values(template.findResources('AWS::S3::Bucket'));

      // Assess
      for (const bucket of buckets) expect(bucket.Properties.AccessControl).toBeUndefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
            }),
          ]),
        },
      });
    });

    it('sends a CSP that allows only this origin and the regional Cognito endpoint', () => {
      // Prepare
      const policy = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy').resource.Properties;

      // Act
      const config = policy.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: Parameters<typeof flatten>[0] };
        };
      };
      const csp = flatten(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);

      // Assess
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self' https://cognito-idp.<AWS::Region>.amazonaws.com");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    });

    it('routes /api/* to API Gateway uncached with every viewer header but Host', () => {
      // Prepare
      const behaviors = distribution.CacheBehaviors as Record<string, unknown>[];

      // Assess
      expect(behaviors).toEqual([
        expect.objectContaining({
          PathPattern: '/api/*',
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          ViewerProtocolPolicy: 'https-only',
        }),
      ]);
    });

    it('serves index.html for client-side routes without masking API errors', () => {
      // Prepare
      const { resource } = onlyResource(template, 'AWS::CloudFront::Function');

      // Assess
      expect(distribution.CustomErrorResponses).toBeUndefined();
      expect(resource.Properties.FunctionCode).toContain("request.uri = '/index.html'");
      expect(distribution.DefaultCacheBehavior).toMatchObject({
        FunctionAssociations: [{ EventType: 'viewer-request' }],
      });
    });

    it('deploys the build and a config.json generated from this stack', () => {
      // Prepare
      const deployment = onlyResource(template, 'Custom::CDKBucketDeployment').resource.Properties;

      // Act
      const markers = JSON.stringify(deployment.SourceMarkers);

      // Assess
      expect(deployment.SourceObjectKeys).toHaveLength(2);
      expect(markers).toContain('AuthUserPool');
      expect(markers).toContain('AuthUserPoolDashboardClient');
      expect(deployment.DistributionPaths).toEqual(['/*']);
    });

    it('fails synth with the build command when the dashboard has not been built', () => {
      // Act
      const synth = () =>
        new HostMasterStack(testApp(), 'Hub', { dashboard: { assetPath: '/nonexistent/frontend/dist' } });

      // Assess
      expect(synth).toThrow(FrontendNotBuiltError);
      expect(synth).toThrow(/npm run build:frontend/);
    });
  });

  it('exports the URLs and ARNs operators and member stacks need', () => {
    // Prepare
    const outputs = Object.keys(template.findOutputs('*'));

    // Assess
    expect(outputs).toEqual(
      expect.arrayContaining([
        'DashboardUrl',
        'UserPoolId',
        'UserPoolClientId',
        'EmailAlertTopicArn',
        'SmsAlertTopicArn',
        'MemberEventBusArn',
        'ScanStateMachineArn',
      ]),
    );
  });
});
