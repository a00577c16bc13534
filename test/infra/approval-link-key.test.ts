import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { hubStack, onlyResource, roleOfFunction } from './helpers';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the approval link key', () => {
  const template = Template.fromStack(hubStack());
  const { id: keyId, resource: key } = onlyResource(template, 'AWS::KMS::Key', {
    Properties: { KeySpec: 'HMAC_256' },
  });
  const functionId = (description: string) =>
    Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, fn]) => fn.Properties.Description === description,
    )?.[0] ?? '';
  const api = functionId('HostMaster REST API');
  const step = functionId('Runs one step of a remediation request (check, backup, act, verify, ...)');
  /** Every statement of every identity policy that names a MAC action, by the role it is attached to. */
  const macStatements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => actionsOf(s).some((action) => /^kms:(GenerateMac|VerifyMac|\*)$/.test(action)))
        .map((statement) => ({ roles: policy.Properties.Roles as { Ref: string }[], statement })),
    );

  it('is an HMAC_256 key for GENERATE_VERIFY_MAC only', () => {
    // Assess
    expect(key.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(key.Properties.EnableKeyRotation).toBeUndefined();
  });

  it('lets the approval step GenerateMac and the API VerifyMac, on this key only, and nobody else either', () => {
    // Act
    const grants = macStatements().map(({ roles, statement }) => ({
      roles: roles.map((role) => role.Ref),
      actions: actionsOf(statement),
      resource: statement.Resource,
    }));

    // Assess
    expect(grants).toEqual(
      expect.arrayContaining([
        {
          roles: [roleOfFunction(template, step)],
          actions: ['kms:GenerateMac'],
          resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        {
          roles: [roleOfFunction(template, api)],
          actions: ['kms:VerifyMac'],
          resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      ]),
    );
    expect(grants).toHaveLength(2);
  });

  it('is named to both functions by ARN, and no signing secret is in any environment', () => {
    // Act
    const environmentOf = (id: string) =>
      template.findResources('AWS::Lambda::Function')[id]?.Properties.Environment.Variables;

    // Assess
    for (const id of [api, step]) {
      expect(environmentOf(id).APPROVAL_LINK_KEY_ID).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(Object.keys(environmentOf(id)).filter((name) => /SECRET|HMAC/.test(name))).toEqual([]);
    }
  });
});
