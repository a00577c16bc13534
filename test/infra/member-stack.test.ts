import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../lib/config';
import {
  DENIED_DATA_PLANE_ACTIONS,
  synthesizeMemberTemplate,
  TEMPLATE_BODY_LIMIT,
} from '../../lib/member-stack';
import { memberStack, onlyResource, testApp } from './helpers';

const HUB = { 'hostmaster:hubAccountId': '999999999999' };

function scanRole(template: Template) {
  return onlyResource(template, 'AWS::IAM::Role', { Properties: { RoleName: 'HostMasterScanRole' } });
}

describe('HostMasterMemberStack', () => {
  const template = Template.fromStack(memberStack(HUB));

  describe('scan role', () => {
    it('trusts only the hub scanning role, and only with the ExternalId', () => {
      // Prepare / Act
      const { resource } = scanRole(template);

      // Assess
      expect(resource.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: {
              AWS: {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, ':iam::999999999999:role/HostMasterHubScanRole'],
                ],
              },
            },
            Condition: { StringEquals: { 'sts:ExternalId': 'test-external-id' } },
          },
        ],
      });
    });

    it('reads through SecurityAudit and ViewOnlyAccess', () => {
      // Prepare / Act
      const { resource } = scanRole(template);

      // Assess
      expect(JSON.stringify(resource.Properties.ManagedPolicyArns)).toContain(
        ':iam::aws:policy/SecurityAudit',
      );
      expect(JSON.stringify(resource.Properties.ManagedPolicyArns)).toContain(
        ':iam::aws:policy/job-function/ViewOnlyAccess',
      );
    });

    it('explicitly denies data-plane reads', () => {
      // Prepare
      const { id } = scanRole(template);
      const policy = onlyResource(template, 'AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id }] } });

      // Act
      const document = policy.resource.Properties.PolicyDocument as {
        Statement: { Effect: string; Action: string[]; Resource: string }[];
      };
      const deny = document.Statement.find((statement) => statement.Effect === 'Deny');

      // Assess
      expect(deny?.Resource).toBe('*');
      expect(deny?.Action).toEqual(
        expect.arrayContaining([
          's3:GetObject',
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'secretsmanager:GetSecretValue',
          'ssm:GetParameter*',
          'kms:Decrypt',
          'rds-data:*',
          'lambda:GetFunction',
          'ec2:GetPasswordData',
        ]),
      );
      expect(deny?.Action).toHaveLength(DENIED_DATA_PLANE_ACTIONS.length);
    });

    it('allows CloudWatch metric data and Cost Explorer reads explicitly, and nothing else inline', () => {
      // Prepare
      const { id } = scanRole(template);
      const policy = onlyResource(template, 'AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id }] } });

      // Act
      const document = policy.resource.Properties.PolicyDocument as {
        Statement: { Effect: string; Action: string | string[]; Resource: string }[];
      };
      const allows = document.Statement.filter((statement) => statement.Effect === 'Allow');

      // Assess
      expect(allows).toEqual([
        { Sid: 'ReadUtilizationMetrics', Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
        {
          Sid: 'ReadCostExplorer',
          Effect: 'Allow',
          Action: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
          Resource: '*',
        },
      ]);
      const denied = document.Statement.filter((statement) => statement.Effect === 'Deny').flatMap(
        (statement) => [statement.Action].flat(),
      );
      expect(denied).not.toContain('cloudwatch:GetMetricData');
    });
  });

  describe('event forwarding', () => {
    it('forwards EC2 state changes, AWS Health and RDS events to the hub bus with a role', () => {
      // Prepare
      const hubBus = {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':events:',
            { 'Fn::If': ['HubRegionGiven', { Ref: 'HubRegion' }, { Ref: 'AWS::Region' }] },
            ':999999999999:event-bus/hostmaster-member-events',
          ],
        ],
      };

      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.ec2', 'aws.health', 'aws.rds'],
          'detail-type': Match.arrayWith([
            'EC2 Instance State-change Notification',
            'AWS Health Event',
            'RDS DB Instance Event',
          ]),
        },
        Targets: [Match.objectLike({ Arn: hubBus, RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } })],
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: hubBus }] },
      });
    });

    it('targets the hub region from context when the hub lives elsewhere', () => {
      // Prepare / Act
      const crossRegion = Template.fromStack(memberStack({ ...HUB, 'hostmaster:hubRegion': 'eu-west-1' }));

      // Assess
      crossRegion.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:eu-west-1:999999999999:event-bus/hostmaster-member-events',
                ],
              ],
            },
          }),
        ],
      });
    });
  });

  describe('one template for every region of a StackSet', () => {
    it('creates the account-wide resources only in the AccountWideRegion, or everywhere when it is empty', () => {
      // Assess
      template.hasParameter('AccountWideRegion', { Type: 'String', Default: '' });
      expect(template.toJSON().Conditions.CreatesAccountWideResources).toEqual({
        'Fn::Or': [
          { 'Fn::Equals': [{ Ref: 'AccountWideRegion' }, ''] },
          { 'Fn::Equals': [{ Ref: 'AccountWideRegion' }, { Ref: 'AWS::Region' }] },
        ],
      });
    });

    it('puts the named scan role, its policy and its output under that condition', () => {
      // Prepare
      const { id, resource } = scanRole(template);
      const policy = onlyResource(template, 'AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id }] } });

      // Assess
      expect(resource.Condition).toBe('CreatesAccountWideResources');
      expect(policy.resource.Condition).toBe('CreatesAccountWideResources');
      expect(template.toJSON().Outputs.ScanRoleArn.Condition).toBe('CreatesAccountWideResources');
    });

    it('forwards events from every region: the rule and its role have no condition', () => {
      // Prepare
      const rule = onlyResource(template, 'AWS::Events::Rule');
      const roleId = (rule.resource.Properties.Targets as { RoleArn: { 'Fn::GetAtt': [string] } }[])[0]!
        .RoleArn['Fn::GetAtt'][0];
      const forwardRole = template.findResources('AWS::IAM::Role')[roleId];

      // Assess
      expect(rule.resource.Condition).toBeUndefined();
      expect(forwardRole?.Condition).toBeUndefined();
      expect(forwardRole?.Properties.RoleName).toBeUndefined();
    });
  });

  describe('template for the hub StackSet', () => {
    const body = synthesizeMemberTemplate(
      testApp({ 'hostmaster:hubAccountId': '999999999999', 'hostmaster:hubRegion': 'eu-west-1' }),
    );
    const parsed = JSON.parse(body) as {
      Parameters: Record<string, unknown>;
      Rules?: Record<string, unknown>;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };

    it('leaves the hub account and region as parameters, whatever the context says', () => {
      // Assess
      expect(Object.keys(parsed.Parameters).sort()).toEqual([
        'AccountWideRegion',
        'HubAccountId',
        'HubRegion',
      ]);
      expect(body).not.toContain('999999999999');
    });

    it('needs no CDK bootstrap in member accounts: no bootstrap version check, no asset', () => {
      // Assess
      expect(parsed.Parameters).not.toHaveProperty('BootstrapVersion');
      expect(parsed.Rules ?? {}).not.toHaveProperty('CheckBootstrapVersion');
      expect(body).not.toMatch(/cdk-[a-z0-9]+-assets|AssetParameters/);
    });

    it('fits in an inline TemplateBody', () => {
      // Assess
      expect(Buffer.byteLength(body, 'utf8')).toBeLessThan(TEMPLATE_BODY_LIMIT);
    });

    it('carries the hub context: the ExternalId and role names the hub was synthesized with', () => {
      // Prepare
      const role = Object.values(parsed.Resources).find(
        (resource) =>
          resource.Type === 'AWS::IAM::Role' && resource.Properties.RoleName === 'HostMasterScanRole',
      );

      // Assess
      expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('test-external-id');
    });
  });

  describe('configuration', () => {
    it('takes the hub account as a validated parameter when context leaves it empty', () => {
      // Prepare / Act
      const parameterized = Template.fromStack(memberStack({ 'hostmaster:hubAccountId': '' }));

      // Assess
      parameterized.hasParameter('HubAccountId', { Type: 'String', AllowedPattern: '^\\d{12}$' });
      expect(JSON.stringify(scanRole(parameterized).resource.Properties.AssumeRolePolicyDocument)).toContain(
        '{"Ref":"HubAccountId"}',
      );
    });

    it('rejects a malformed hub account id, naming the context key', () => {
      // Act
      const synth = () => memberStack({ 'hostmaster:hubAccountId': '9999-9999-9999' });

      // Assess
      expect(synth).toThrow(ConfigurationError);
      expect(synth).toThrow(/hostmaster:hubAccountId.*12-digit/);
    });

    it('requires an ExternalId', () => {
      // Act
      const synth = () => memberStack({ ...HUB, 'hostmaster:externalId': '' });

      // Assess
      expect(synth).toThrow(/hostmaster:externalId.*required/);
    });

    it('refuses the shipped ExternalId outside the local mode, saying what to pass', () => {
      // Act
      const synth = () => memberStack({ ...HUB, 'hostmaster:externalId': 'hostmaster-local-external-id' });

      // Assess
      expect(synth).toThrow(ConfigurationError);
      expect(synth).toThrow(/hostmaster:externalId.*public default.*-c hostmaster:externalId=/);
    });
  });
});
