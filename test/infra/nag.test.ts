import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { hubStack, memberStack, runNag, testApp } from './helpers';

function reportWarnings(stack: string, warnings: readonly string[]): void {
  if (warnings.length > 0) console.info(`cdk-nag warnings on ${stack}:\n  ${warnings.join('\n  ')}`);
}

describe('cdk-nag AwsSolutions pack', () => {
  it('finds an unsuppressed error in a non-compliant stack (the harness can fail)', () => {
    // Prepare
    const stack = new Stack(testApp(), 'Careless');
    new Bucket(stack, 'OpenBucket');

    // Act
    const { errors } = runNag(stack);

    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AwsSolutions-S1/),
        expect.stringMatching(/AwsSolutions-S10/),
      ]),
    );
  });

  it('leaves no unsuppressed error or warning on the hub stack', () => {
    // Prepare
    const stack = hubStack({
      'hostmaster:memberAccounts': ['111111111111'],
      'hostmaster:alertEmails': ['ops@example.com'],
      'hostmaster:alertPhoneNumbers': ['+447700900123'],
    });

    // Act
    const { errors, warnings } = runNag(stack);

    // Assess
    reportWarnings('HostMaster', warnings);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('stays clean with an organization id and Cognito threat protection turned on', () => {
    // Prepare
    const stack = hubStack({
      'hostmaster:organizationId': 'o-a1b2c3d4e5',
      'hostmaster:threatProtection': true,
    });

    // Act
    const { errors, warnings } = runNag(stack);

    // Assess
    reportWarnings('HostMaster (organization, threat protection)', warnings);
    expect(errors).toEqual([]);
  });

  it('stays clean with a payer account, the static price book and every optional setting', () => {
    // Prepare
    const stack = hubStack({
      'hostmaster:managementAccountId': '333333333333',
      'hostmaster:priceSource': 'static',
      'hostmaster:costTagKeys': ['team'],
      'hostmaster:alertQuietHours': '22:00-07:00',
      'hostmaster:smsMonthlyBudgetUsd': '5',
    });

    // Act
    const { errors, warnings } = runNag(stack);

    // Assess
    reportWarnings('HostMaster (payer account, static prices)', warnings);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('stays clean with the member StackSet over OUs and a first administrator', () => {
    // Prepare
    const stack = hubStack({
      'hostmaster:organizationId': 'o-a1b2c3d4e5',
      'hostmaster:managementAccountId': '333333333333',
      'hostmaster:memberOrganizationalUnits': ['ou-ab12-cd34ef56'],
      'hostmaster:memberRegions': ['eu-west-1', 'us-east-1'],
      'hostmaster:adminEmail': 'platform@example.com',
    });

    // Act
    const { errors, warnings } = runNag(stack);

    // Assess
    reportWarnings('HostMaster (member StackSet, first admin)', warnings);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('leaves no unsuppressed error or warning on the member stack', () => {
    // Prepare
    const stack = memberStack({ 'hostmaster:hubAccountId': '999999999999' });

    // Act
    const { errors, warnings } = runNag(stack);

    // Assess
    reportWarnings('HostMasterMember', warnings);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
