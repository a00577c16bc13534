/**
 * The hub's analysis, ingestion and alerting functions: what starts each one, what it may do, and
 * what it is told through its environment.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORWARDED_EVENTS } from '../../lib/constructs/member-event-bus';
import { hubStack, onlyResource, roleOfFunction, roleStatements } from './helpers';

const CONTEXT = {
  'hostmaster:memberAccounts': ['111111111111'],
  'hostmaster:healthCheckRate': 'rate(10 minutes)',
  'hostmaster:digestTimeZone': 'Europe/Paris',
  'hostmaster:costTagKeys': ['team', 'cost-center'],
  'hostmaster:alertQuietHours': '22:00-07:00 Europe/Paris',
};

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

function functionId(template: Template, description: string): string {
  return onlyResource(template, 'AWS::Lambda::Function', { Properties: { Description: description } }).id;
}

function actionsOf(statements: readonly Record<string, unknown>[]): string[] {
  return statements.flatMap((statement) => [(statement as Statement).Action].flat());
}

function scheduleFor(template: Template, targetId: string) {
  return Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
    (schedule) =>
      JSON.stringify(schedule.Properties.Target.Arn) === JSON.stringify({ 'Fn::GetAtt': [targetId, 'Arn'] }),
  );
}

const DESCRIPTIONS = {
  analyze: 'Runs every rule over the inventory and reconciles findings',
  cost: 'Reads Cost Explorer in the payer account into the cost store',
  utilization: 'Reads CloudWatch utilization in every member account, then analyzes',
  healthEvent: 'Turns forwarded EC2, AWS Health and RDS events into alerts',
  healthCheck: 'Runs the reliability checks and sends held notices',
  digest: 'Emails the daily or weekly HostMaster digest',
  api: 'HostMaster REST API',
};

describe('HostMasterStack wiring of analysis, ingestion and alerting', () => {
  let template: Template;
  let topics: { email: string; sms: string };
  let dashboardUrl: unknown;

  beforeAll(() => {
    template = Template.fromStack(hubStack(CONTEXT));
    topics = {
      email: onlyResource(template, 'AWS::SNS::Topic', { Properties: { DisplayName: 'HostMaster alerts' } })
        .id,
      sms: onlyResource(template, 'AWS::SNS::Topic', { Properties: { DisplayName: 'HostMaster' } }).id,
    };
    const distributionId = onlyResource(template, 'AWS::CloudFront::Distribution').id;
    dashboardUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };
  });

  it('links the API function to the distribution that fronts it without a dependency cycle', () => {
    // Prepare / Act: Template.fromStack (in beforeAll) refuses a template with a dependency cycle, the
    // cycle that RestApiOrigin (origin -> stage -> deployment -> methods -> function) would create.

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: DESCRIPTIONS.api,
      Environment: { Variables: Match.objectLike({ DASHBOARD_URL: dashboardUrl }) },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: {
              'Fn::Join': [
                '',
                [
                  { Ref: Match.stringLikeRegexp('^ApiRestApi') },
                  Match.anyValue(),
                  Match.anyValue(),
                  Match.anyValue(),
                  Match.anyValue(),
                ],
              ],
            },
            OriginPath: '/prod',
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
      },
    });
  });

  describe('analysis', () => {
    it('reads list prices and reads and writes the table', () => {
      // Prepare
      const id = functionId(template, DESCRIPTIONS.analyze);

      // Act
      const statements = roleStatements(template, roleOfFunction(template, id));

      // Assess
      expect(statements).toContainEqual({
        Sid: 'ReadPriceList',
        Effect: 'Allow',
        Action: 'pricing:GetProducts',
        Resource: '*',
      });
      expect(actionsOf(statements)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: DESCRIPTIONS.analyze,
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: { Ref: Match.stringLikeRegexp('^StorageTable') },
            PRICE_SOURCE: 'price-list',
          }),
        },
      });
    });

    it('needs no Price List access with the static price book', () => {
      // Prepare
      const staticTemplate = Template.fromStack(hubStack({ ...CONTEXT, 'hostmaster:priceSource': 'static' }));

      // Act
      const actions = actionsOf(
        Object.values(staticTemplate.findResources('AWS::IAM::Policy')).flatMap(
          (policy) => policy.Properties.PolicyDocument.Statement,
        ),
      );

      // Assess
      expect(actions).not.toContain('pricing:GetProducts');
    });
  });

  describe('cost ingestion', () => {
    it('runs on the cost refresh rate from context', () => {
      // Prepare
      const id = functionId(template, DESCRIPTIONS.cost);

      // Act
      const schedules = scheduleFor(template, id);

      // Assess
      expect(schedules).toHaveLength(1);
      expect(schedules[0]?.Properties).toMatchObject({
        ScheduleExpression: 'rate(8 hours)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { RetryPolicy: { MaximumRetryAttempts: 2 } },
      });
    });

    it('reads Cost Explorer with its own role when the hub is the payer', () => {
      // Prepare
      const id = functionId(template, DESCRIPTIONS.cost);
      const roleId = roleOfFunction(template, id);

      // Act
      const statements = roleStatements(template, roleId);

      // Assess
      expect(statements).toContainEqual({
        Sid: 'ReadCostExplorer',
        Effect: 'Allow',
        Action: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
        Resource: '*',
      });
      expect(actionsOf(statements)).not.toContain('sts:AssumeRole');
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: DESCRIPTIONS.cost,
        Environment: {
          Variables: Match.objectLike({
            MANAGEMENT_ACCOUNT_ID: '',
            MEMBER_ROLE_NAME: 'HostMasterScanRole',
            EXTERNAL_ID: 'test-external-id',
            COST_TAG_KEYS: 'team,cost-center',
            COST_HISTORY_MONTHS: '3',
          }),
        },
      });
    });

    it('runs as the hub scanning role, trusted by the payer member role, when a payer account is set', () => {
      // Prepare
      const payer = Template.fromStack(
        hubStack({ ...CONTEXT, 'hostmaster:managementAccountId': '333333333333' }),
      );
      const { id: scanRoleId } = onlyResource(payer, 'AWS::IAM::Role', {
        Properties: { RoleName: 'HostMasterHubScanRole' },
      });

      // Act
      const roleId = roleOfFunction(payer, functionId(payer, DESCRIPTIONS.cost));
      const allActions = actionsOf(
        Object.values(payer.findResources('AWS::IAM::Policy')).flatMap(
          (policy) => policy.Properties.PolicyDocument.Statement,
        ),
      );

      // Assess
      expect(roleId).toBe(scanRoleId);
      expect(allActions).not.toContain('ce:GetCostAndUsage');
      payer.hasResourceProperties('AWS::Lambda::Function', {
        Description: DESCRIPTIONS.cost,
        Environment: { Variables: Match.objectLike({ MANAGEMENT_ACCOUNT_ID: '333333333333' }) },
      });
      payer.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Lists the (account, region) jobs of a scan',
        Environment: { Variables: Match.objectLike({ MANAGEMENT_ACCOUNT_ID: '333333333333' }) },
      });
    });
  });

  describe('utilization ingestion', () => {
    it('runs daily as the hub scanning role, which may assume the member role and read prices', () => {
      // Prepare
      const id = functionId(template, DESCRIPTIONS.utilization);
      const { id: scanRoleId } = onlyResource(template, 'AWS::IAM::Role', {
        Properties: { RoleName: 'HostMasterHubScanRole' },
      });

      // Act
      const schedules = scheduleFor(template, id);
      const statements = roleStatements(template, scanRoleId);

      // Assess
      expect(roleOfFunction(template, id)).toBe(scanRoleId);
      expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression)).toEqual(['rate(1 day)']);
      expect(actionsOf(statements)).toEqual(
        expect.arrayContaining(['sts:AssumeRole', 'pricing:GetProducts']),
      );
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: DESCRIPTIONS.utilization,
        Timeout: 900,
        Environment: {
          Variables: Match.objectLike({
            MEMBER_ROLE_NAME: 'HostMasterScanRole',
            EXTERNAL_ID: 'test-external-id',
            PRICE_SOURCE: 'price-list',
          }),
        },
      });
    });
  });

  describe('health monitoring', () => {
    it('sends forwarded EC2, AWS Health and RDS events on the member bus to the event function', () => {
      // Prepare
      const { id: busId } = onlyResource(template, 'AWS::Events::EventBus');
      const eventFunctionId = functionId(template, DESCRIPTIONS.healthEvent);

      // Act
      const { resource } = onlyResource(template, 'AWS::Events::Rule');

      // Assess
      expect(resource.Properties).toMatchObject({
        EventBusName: { Ref: busId },
        EventPattern: {
          source: ['aws.ec2', 'aws.health', 'aws.rds'],
          'detail-type': [...FORWARDED_EVENTS.detailType],
        },
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [eventFunctionId, 'Arn'] },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [expect.stringMatching(/^HealthEventDeadLetterQueue/), 'Arn'] },
            },
            RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
          },
        ],
      });
      expect(resource.Properties.EventPattern['detail-type']).toEqual(
        expect.arrayContaining([
          'EC2 Instance State-change Notification',
          'AWS Health Event',
          'RDS DB Instance Event',
        ]),
      );
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [eventFunctionId, 'Arn'] },
        Principal: 'events.amazonaws.com',
      });
    });

    it('runs the health check on the rate from context', () => {
      // Act
      const schedules = scheduleFor(template, functionId(template, DESCRIPTIONS.healthCheck));

      // Assess
      expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression)).toEqual([
        'rate(10 minutes)',
      ]);
    });

    it.each([
      ['event', DESCRIPTIONS.healthEvent],
      ['check', DESCRIPTIONS.healthCheck],
      ['digest', DESCRIPTIONS.digest],
    ])('lets the %s function publish to both topics, through their key', (_, description) => {
      // Prepare
      const id = functionId(template, description);
      // The alert topics' key (the approval link key is an HMAC key, which KMS does not rotate).
      const { id: keyId } = onlyResource(template, 'AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true },
      });

      // Act
      const statements = roleStatements(template, roleOfFunction(template, id));

      // Assess
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: [{ Ref: topics.email }, { Ref: topics.sms }],
      });
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['kms:GenerateDataKey*']),
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        }),
      );
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: description,
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: { Ref: Match.stringLikeRegexp('^StorageTable') },
            EMAIL_TOPIC_ARN: { Ref: topics.email },
            SMS_TOPIC_ARN: { Ref: topics.sms },
            DASHBOARD_URL: dashboardUrl,
            ALERT_QUIET_HOURS: '22:00-07:00 Europe/Paris',
          }),
        },
      });
    });
  });

  describe('digests', () => {
    it('sends a daily and a weekly digest, each schedule saying which, in the configured time zone', () => {
      // Act
      const schedules = scheduleFor(template, functionId(template, DESCRIPTIONS.digest)).map((schedule) => ({
        expression: schedule.Properties.ScheduleExpression,
        timeZone: schedule.Properties.ScheduleExpressionTimezone,
        input: JSON.parse(schedule.Properties.Target.Input) as { kind: string },
      }));

      // Assess
      expect(schedules).toEqual(
        expect.arrayContaining([
          {
            expression: 'cron(0 8 * * ? *)',
            timeZone: 'Europe/Paris',
            input: expect.objectContaining({ kind: 'daily', trigger: 'schedule' }),
          },
          {
            expression: 'cron(0 8 ? * MON *)',
            timeZone: 'Europe/Paris',
            input: expect.objectContaining({ kind: 'weekly', trigger: 'schedule' }),
          },
        ]),
      );
      expect(schedules).toHaveLength(2);
    });
  });

  describe('schedules', () => {
    it('invoke functions through roles only EventBridge Scheduler of this account may assume', () => {
      // Prepare
      const lambdaSchedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
        (schedule) => JSON.stringify(schedule.Properties.Target.Arn).includes('Fn::GetAtt'),
      );

      // Act
      const trusts = lambdaSchedules.map((schedule) => {
        const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
        return template.findResources('AWS::IAM::Role')[roleId]?.Properties.AssumeRolePolicyDocument
          .Statement;
      });

      // Assess
      expect(lambdaSchedules).toHaveLength(5);
      for (const trust of trusts) {
        expect(trust).toEqual([
          expect.objectContaining({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': expect.anything(),
              },
            },
          }),
        ]);
      }
    });
  });

  describe('api', () => {
    it('may list, add and remove recipients of the two alert topics, and publish nothing', () => {
      // Prepare
      const roleId = roleOfFunction(template, functionId(template, DESCRIPTIONS.api));
      const both = [{ Ref: topics.email }, { Ref: topics.sms }];

      // Act
      const statements = roleStatements(template, roleId);

      // Assess
      expect(statements).toContainEqual({
        Sid: 'ManageAlertSubscriptions',
        Effect: 'Allow',
        Action: ['sns:ListSubscriptionsByTopic', 'sns:Subscribe'],
        Resource: both,
      });
      expect(statements).toContainEqual({
        Sid: 'RemoveAlertSubscriptions',
        Effect: 'Allow',
        Action: 'sns:Unsubscribe',
        Resource: expect.arrayContaining([
          ...both,
          { 'Fn::Join': ['', [{ Ref: topics.email }, ':*']] },
          { 'Fn::Join': ['', [{ Ref: topics.sms }, ':*']] },
        ]),
      });
      expect(actionsOf(statements)).not.toContain('sns:Publish');
    });

    it('is told the topics and the dashboard URL its alert routes need', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: DESCRIPTIONS.api,
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: { Ref: Match.stringLikeRegexp('^StorageTable') },
            EMAIL_TOPIC_ARN: { Ref: topics.email },
            SMS_TOPIC_ARN: { Ref: topics.sms },
            DASHBOARD_URL: dashboardUrl,
            SCAN_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^ScanningStateMachine') },
          }),
        },
      });
    });
  });
});
