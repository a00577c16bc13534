import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, readHubConfig, readMemberConfig } from '../../lib/config';
import { projectPath } from '../../lib/constructs/hostmaster-function';

const EXTERNAL_ID = { 'hostmaster:externalId': 'external-1' };

function hub(context: Record<string, unknown>) {
  return readHubConfig(new App({ context: { ...EXTERNAL_ID, ...context } }));
}

describe('readHubConfig', () => {
  it('defaults to a 15-minute scan over the organization with 16 jobs at a time', () => {
    // Act
    const config = hub({});

    // Assess
    expect(config.scan).toEqual({
      rate: 'rate(15 minutes)',
      concurrency: 16,
      toleratedFailurePercentage: 5,
      childExecutions: 'EXPRESS',
      accountSource: 'organizations',
      memberAccounts: [],
      regionsAllow: [],
      regionsDeny: [],
    });
    expect(config.crossAccount).toEqual({
      externalId: 'external-1',
      memberRoleName: 'HostMasterScanRole',
      hubScanRoleName: 'HostMasterHubScanRole',
      eventBusName: 'hostmaster-member-events',
    });
    expect(config.auth.threatProtection).toBe(false);
  });

  it('defaults the analysis, ingestion, health and digest schedules, with the hub as payer', () => {
    // Act
    const config = hub({});

    // Assess
    expect(config.analysis).toEqual({ priceSource: 'price-list' });
    expect(config.costs).toEqual({ refreshRate: 'rate(8 hours)', tagKeys: [], historyMonths: 3 });
    expect(config.utilization).toEqual({ refreshRate: 'rate(1 day)' });
    expect(config.health).toEqual({ checkRate: 'rate(5 minutes)' });
    expect(config.digests).toEqual({
      daily: 'cron(0 8 * * ? *)',
      weekly: 'cron(0 8 ? * MON *)',
      timeZone: 'Etc/UTC',
    });
    expect(config.alerts).toEqual({ emails: [], phoneNumbers: [] });
  });

  it('reads the payer account into both the scan and the cost refresh', () => {
    // Act
    const config = hub({
      'hostmaster:managementAccountId': '333333333333',
      'hostmaster:costTagKeys': 'team, cost-center',
      'hostmaster:alertQuietHours': '22:00-07:00 Europe/Paris',
      'hostmaster:smsMonthlyBudgetUsd': '5',
    });

    // Assess
    expect(config.scan.managementAccountId).toBe('333333333333');
    expect(config.costs).toMatchObject({ payerAccountId: '333333333333', tagKeys: ['team', 'cost-center'] });
    expect(config.alerts).toMatchObject({ quietHours: '22:00-07:00 Europe/Paris', smsMonthlyBudgetUsd: '5' });
  });

  it('agrees with the defaults cdk.json writes down', () => {
    // Prepare
    const { context } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };

    // Act
    const fromCdkJson = hub({ ...context, ...EXTERNAL_ID });

    // Assess
    expect(fromCdkJson).toEqual(hub({}));
  });

  it('scans registered accounts when they are listed, accepting a comma-separated -c value', () => {
    // Act
    const config = hub({
      'hostmaster:memberAccounts': '111111111111, 222222222222',
      'hostmaster:scanConcurrency': '4',
    });

    // Assess
    expect(config.scan.accountSource).toBe('registered');
    expect(config.scan.memberAccounts).toEqual(['111111111111', '222222222222']);
    expect(config.scan.concurrency).toBe(4);
    expect(config.memberEvents).toEqual({ memberAccounts: ['111111111111', '222222222222'] });
  });

  it.each([
    ['hostmaster:scanRate', 'every 15 minutes', /schedule expression/],
    ['hostmaster:scanConcurrency', 0, /integer from 1/],
    ['hostmaster:scanConcurrency', 10_001, /integer from 1 to 10000/],
    ['hostmaster:scanToleratedFailurePercentage', 101, /integer from 0 to 100/],
    ['hostmaster:scanChildExecutions', 'express', /"EXPRESS" or "STANDARD"/],
    ['hostmaster:memberAccounts', ['12345'], /12-digit/],
    ['hostmaster:alertEmails', ['not-an-email'], /email address/],
    ['hostmaster:alertPhoneNumbers', ['+0123'], /E\.164/],
    ['hostmaster:organizationId', 'org-1', /o-a1b2c3d4e5/],
    ['hostmaster:regionsAllow', ['Europe'], /region name/],
    ['hostmaster:threatProtection', 'yes', /true or false/],
    ['hostmaster:costRefreshRate', 'every 8 hours', /schedule expression/],
    ['hostmaster:utilizationRefreshRate', 'daily', /schedule expression/],
    ['hostmaster:healthCheckRate', 'rate(5 mins)', /schedule expression/],
    ['hostmaster:dailyDigestSchedule', '08:00', /schedule expression/],
    ['hostmaster:weeklyDigestSchedule', 'monday', /schedule expression/],
    ['hostmaster:digestTimeZone', 'Mars/Olympus_Mons', /IANA time zone/],
    ['hostmaster:managementAccountId', '1234', /12-digit/],
    ['hostmaster:priceSource', 'guess', /price-list/],
    ['hostmaster:costHistoryMonths', 13, /integer from 1 to 12/],
    ['hostmaster:costTagKeys', ['bad,key'], /cost allocation tag key/],
    ['hostmaster:alertQuietHours', 'nights', /HH:MM-HH:MM/],
    ['hostmaster:smsMonthlyBudgetUsd', '-1', /USD/],
  ])('rejects a malformed %s with an error naming the key', (key, value, message) => {
    // Act
    const read = () => hub({ [key]: value });

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(new RegExp(`"${key}"`));
    expect(read).toThrow(message);
  });

  it('refuses registered scanning without any account to scan', () => {
    // Act
    const read = () => hub({ 'hostmaster:accountSource': 'registered' });

    // Assess
    expect(read).toThrow(/hostmaster:memberAccounts.*at least one/);
  });
});

describe('the shipped ExternalId', () => {
  const shipped = { 'hostmaster:externalId': 'hostmaster-local-external-id' };

  it('is refused outside the local mode, with the command that makes a real one', () => {
    // Act
    const read = () => hub(shipped);

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      /"hostmaster:externalId": "hostmaster-local-external-id" is the public default .* -c hostmaster:externalId=\$\(openssl rand -hex 24\)/,
    );
  });

  it('is accepted by the local runtime, which says so with hostmaster:local', () => {
    // Act
    const config = hub({ ...shipped, 'hostmaster:local': true });

    // Assess
    expect(config.crossAccount.externalId).toBe('hostmaster-local-external-id');
  });
});

describe('first administrator and member StackSet', () => {
  it('reads the first administrator email', () => {
    // Act
    const config = hub({ 'hostmaster:adminEmail': 'platform@example.com' });

    // Assess
    expect(config.auth).toEqual({ threatProtection: false, adminEmail: 'platform@example.com' });
  });

  it('rejects an administrator email that is not one', () => {
    // Act
    const read = () => hub({ 'hostmaster:adminEmail': 'platform' });

    // Assess
    expect(read).toThrow(/"hostmaster:adminEmail": expected an email address/);
  });

  it('deploys no StackSet without organizational units', () => {
    // Act
    const config = hub({ 'hostmaster:memberRegions': ['eu-west-1'] });

    // Assess
    expect(config.memberDeployment).toEqual({ organizationalUnits: [], regions: [] });
  });

  it('takes the StackSet regions from memberRegions, without the denied ones', () => {
    // Act
    const config = hub({
      'hostmaster:organizationId': 'o-a1b2c3d4e5',
      'hostmaster:memberOrganizationalUnits': 'ou-ab12-cd34ef56, r-ab12',
      'hostmaster:memberRegions': ['eu-west-1', 'us-east-1', 'ap-south-1'],
      'hostmaster:regionsDeny': ['ap-south-1'],
    });

    // Assess
    expect(config.memberDeployment).toEqual({
      organizationalUnits: ['ou-ab12-cd34ef56', 'r-ab12'],
      regions: ['eu-west-1', 'us-east-1'],
    });
  });

  it('falls back to the scan allow list for the StackSet regions', () => {
    // Act
    const config = hub({
      'hostmaster:organizationId': 'o-a1b2c3d4e5',
      'hostmaster:memberOrganizationalUnits': ['ou-ab12-cd34ef56'],
      'hostmaster:regionsAllow': ['us-east-1', 'eu-west-1'],
    });

    // Assess
    expect(config.memberDeployment.regions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('asks for regions when the StackSet has none, since a StackSet cannot say "every region"', () => {
    // Act
    const read = () =>
      hub({
        'hostmaster:organizationId': 'o-a1b2c3d4e5',
        'hostmaster:memberOrganizationalUnits': ['ou-ab12-cd34ef56'],
      });

    // Assess
    expect(read).toThrow(/"hostmaster:memberRegions": the member StackSet .* needs its regions/);
  });

  it('asks for the organization id, which the hub bus admits the OUs accounts by', () => {
    // Act
    const read = () =>
      hub({
        'hostmaster:memberOrganizationalUnits': ['ou-ab12-cd34ef56'],
        'hostmaster:memberRegions': ['eu-west-1'],
      });

    // Assess
    expect(read).toThrow(/"hostmaster:organizationId": required with hostmaster:memberOrganizationalUnits/);
  });

  it('rejects something that is not an OU id', () => {
    // Act
    const read = () => hub({ 'hostmaster:memberOrganizationalUnits': ['Production'] });

    // Assess
    expect(read).toThrow(/"hostmaster:memberOrganizationalUnits": expected an organizational unit id/);
  });
});

describe('readMemberConfig', () => {
  it('leaves hub account and region unset when context is empty', () => {
    // Act
    const config = readMemberConfig(new App({ context: { ...EXTERNAL_ID, 'hostmaster:hubAccountId': '' } }));

    // Assess
    expect(config.hubAccountId).toBeUndefined();
    expect(config.hubRegion).toBeUndefined();
  });

  it('refuses an ExternalId STS would reject', () => {
    // Act
    const read = () => readMemberConfig(new App({ context: { 'hostmaster:externalId': 'has spaces' } }));

    // Assess
    expect(read).toThrow(/hostmaster:externalId/);
  });
});
