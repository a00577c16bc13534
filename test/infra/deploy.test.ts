import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { hubStack, onlyResource } from './helpers';

/** A hub that deploys its member stack over two OUs in two regions, with a first administrator. */
const ORGANIZATION = {
  'hostmaster:organizationId': 'o-a1b2c3d4e5',
  'hostmaster:managementAccountId': '333333333333',
  'hostmaster:memberOrganizationalUnits': ['ou-ab12-cd34ef56', 'ou-ab12-gh78ij90'],
  'hostmaster:memberRegions': ['eu-west-1', 'us-east-1'],
  'hostmaster:adminEmail': 'platform@example.com',
};

interface StackSetProperties {
  TemplateBody: string;
  Parameters: { ParameterKey: string; ParameterValue: unknown }[];
  CallAs: unknown;
}

describe('deploying HostMaster over an organization', () => {
  const template = Template.fromStack(hubStack(ORGANIZATION));
  const stackSet = onlyResource(template, 'AWS::CloudFormation::StackSet');
  const properties = stackSet.resource.Properties as StackSetProperties;

  describe('member StackSet', () => {
    it('is service-managed over the chosen OUs and regions, and follows accounts that join or leave', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'HostMasterMember',
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [
          {
            DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cd34ef56', 'ou-ab12-gh78ij90'] },
            Regions: ['eu-west-1', 'us-east-1'],
          },
        ],
      });
    });

    it('points members at this hub, with the role created once, in the first region', () => {
      // Assess
      expect(properties.Parameters).toEqual([
        { ParameterKey: 'HubAccountId', ParameterValue: { Ref: 'AWS::AccountId' } },
        { ParameterKey: 'HubRegion', ParameterValue: { Ref: 'AWS::Region' } },
        { ParameterKey: 'AccountWideRegion', ParameterValue: 'eu-west-1' },
      ]);
    });

    it('calls as SELF in the management account and as a delegated administrator elsewhere', () => {
      // Assess
      expect(properties.CallAs).toEqual({
        'Fn::If': [Object.keys(template.toJSON().Conditions)[0], 'SELF', 'DELEGATED_ADMIN'],
      });
      expect(Object.values(template.toJSON().Conditions)).toContainEqual({
        'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '333333333333'],
      });
    });

    it('embeds the bootstrapless member template, with the hub ExternalId and parameters for the hub', () => {
      // Prepare
      const member = JSON.parse(properties.TemplateBody) as {
        Parameters: Record<string, unknown>;
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      const types = Object.values(member.Resources).map((resource) => resource.Type);

      // Assess
      expect(Object.keys(member.Parameters).sort()).toEqual([
        'AccountWideRegion',
        'HubAccountId',
        'HubRegion',
      ]);
      expect(types).toEqual(expect.arrayContaining(['AWS::IAM::Role', 'AWS::Events::Rule']));
      expect(types).not.toContain('AWS::Lambda::Function');
      expect(properties.TemplateBody).toContain('"sts:ExternalId":"test-external-id"');
    });

    it('is created after the hub scan role the member roles trust and the bus they forward to', () => {
      // Prepare
      const dependsOn = stackSet.resource.DependsOn as string[];
      const scanRole = onlyResource(template, 'AWS::IAM::Role', {
        Properties: { RoleName: 'HostMasterHubScanRole' },
      });
      const bus = onlyResource(template, 'AWS::Events::EventBus');

      // Assess
      expect(dependsOn).toEqual(expect.arrayContaining([scanRole.id, bus.id]));
    });

    it('is absent when no OU is given (member stacks deployed by hand)', () => {
      // Act
      const byHand = Template.fromStack(hubStack({ 'hostmaster:memberAccounts': ['111111111111'] }));

      // Assess
      byHand.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    });

    it('calls as a delegated administrator when no management account is named', () => {
      // Act
      const delegated = Template.fromStack(
        hubStack({ ...ORGANIZATION, 'hostmaster:managementAccountId': '' }),
      );

      // Assess
      delegated.hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'DELEGATED_ADMIN' });
    });
  });

  describe('first administrator', () => {
    it('is created from hostmaster:adminEmail and invited by email', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPoolUser', {
        Username: 'platform@example.com',
        UserAttributes: [
          { Name: 'email', Value: 'platform@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      });
    });

    it('survives a later deploy without hostmaster:adminEmail', () => {
      // Prepare
      const user = onlyResource(template, 'AWS::Cognito::UserPoolUser');
      const membership = onlyResource(template, 'AWS::Cognito::UserPoolUserToGroupAttachment');

      // Assess
      expect(user.resource.DeletionPolicy).toBe('Retain');
      expect(membership.resource.DeletionPolicy).toBe('Retain');
    });

    it('is put in the admin group, after the group and the user exist', () => {
      // Prepare
      const user = onlyResource(template, 'AWS::Cognito::UserPoolUser');
      const admins = onlyResource(template, 'AWS::Cognito::UserPoolGroup', {
        Properties: { GroupName: 'admin' },
      });

      // Act
      const membership = onlyResource(template, 'AWS::Cognito::UserPoolUserToGroupAttachment');

      // Assess
      expect(membership.resource.Properties).toEqual({
        GroupName: 'admin',
        Username: 'platform@example.com',
        UserPoolId: { Ref: expect.stringMatching(/^AuthUserPool/) },
      });
      expect(membership.resource.DependsOn).toEqual(expect.arrayContaining([user.id, admins.id]));
    });

    it('is not created without hostmaster:adminEmail', () => {
      // Act
      const none = Template.fromStack(hubStack({ 'hostmaster:memberAccounts': ['111111111111'] }));

      // Assess
      none.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
      none.resourceCountIs('AWS::Cognito::UserPoolUserToGroupAttachment', 0);
    });
  });

  describe('settings page', () => {
    it('gives the API function the configuration in force', () => {
      // Prepare
      const api = onlyResource(template, 'AWS::Lambda::Function', {
        Properties: { Description: 'HostMaster REST API' },
      });
      const variables = (api.resource.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;

      // Assess
      expect(variables).toMatchObject({
        ACCOUNT_SOURCE: 'organizations',
        MANAGEMENT_ACCOUNT_ID: '333333333333',
        MEMBER_ORGANIZATIONAL_UNITS: 'ou-ab12-cd34ef56,ou-ab12-gh78ij90',
        MEMBER_REGIONS: 'eu-west-1,us-east-1',
        SCAN_RATE: 'rate(15 minutes)',
        SCAN_CONCURRENCY: '16',
        COST_REFRESH_RATE: 'rate(8 hours)',
        DAILY_DIGEST_SCHEDULE: 'cron(0 8 * * ? *)',
        DIGEST_TIME_ZONE: 'Etc/UTC',
      });
    });
  });
});
